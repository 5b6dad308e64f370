package io.khata.net.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.genesis.GenesisWriter;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.TestChain;
import io.khata.core.proof.TxProofCodec;
import io.khata.core.tx.Transaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code khata proof verify}: 0 valid, 1 not valid, 2 when the genesis or the proof file cannot be used. */
class ProofVerifyCommandTest {
    @TempDir
    Path dir;

    private Path genesis;
    private Path proof;

    @BeforeEach
    void proveOneTransfer() throws Exception {
        TestGenesis fixture = TestGenesis.of(4);
        try (Ledger ledger = Ledger.inMemory(fixture.genesis())) {
            TestChain chain = new TestChain(fixture, ledger);
            Transaction tx = chain.transfer(TestGenesis.PKR, TestGenesis.treasury(0), TestGenesis.treasury(1), 10);
            chain.commitNext(List.of(tx));
            genesis = Files.writeString(dir.resolve("genesis.json"), GenesisWriter.toJson(fixture.genesis()));
            proof = Files.writeString(dir.resolve("proof.json"), TxProofCodec.toJson(ledger.proof(tx.hash()).orElseThrow()));
        }
    }

    @Test
    void aValidProofExitsZero() {
        CommandRun run = CommandRun.of("proof", "verify", "--genesis", genesis.toString(), proof.toString());
        assertEquals(ExitCodes.OK, run.exit(), run.toString());
        assertEquals("valid", run.out().strip());
    }

    @Test
    void aTamperedProofExitsOneWithTheReason() throws Exception {
        String json = Files.readString(proof);
        int at = json.indexOf("\"header\": \"") + "\"header\": \"".length() + 10;
        Path tampered = Files.writeString(dir.resolve("tampered.json"),
                json.substring(0, at) + (json.charAt(at) == 'A' ? 'B' : 'A') + json.substring(at + 1));
        CommandRun run = CommandRun.of("proof", "verify", "--genesis", genesis.toString(), tampered.toString());
        assertEquals(ExitCodes.FAILED, run.exit(), run.toString());
        assertTrue(run.out().startsWith("invalid: "), run.toString());
    }

    @Test
    void aProofFileThatIsNotAProofExitsOne() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.json"), "{\"tx\": 12}");
        CommandRun run = CommandRun.of("proof", "verify", "--genesis", genesis.toString(), garbage.toString());
        assertEquals(ExitCodes.FAILED, run.exit(), run.toString());
        assertTrue(run.out().startsWith("invalid: "), run.toString());
    }

    @Test
    void aMissingOrMalformedGenesisExitsTwo() throws Exception {
        CommandRun missing = CommandRun.of("proof", "verify", "--genesis", dir.resolve("nowhere.json").toString(),
                proof.toString());
        assertEquals(ExitCodes.USAGE, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("nowhere.json"), missing.toString());

        Path malformed = Files.writeString(dir.resolve("malformed.json"), "{\"chain_id\": ");
        CommandRun bad = CommandRun.of("proof", "verify", "--genesis", malformed.toString(), proof.toString());
        assertEquals(ExitCodes.USAGE, bad.exit(), bad.toString());
        assertEquals("", bad.out(), "no verdict is printed when there is nothing to check against");
    }

    @Test
    void aMissingProofFileExitsTwo() {
        CommandRun run = CommandRun.of("proof", "verify", "--genesis", genesis.toString(),
                dir.resolve("no-proof.json").toString());
        assertEquals(ExitCodes.USAGE, run.exit(), run.toString());
        assertTrue(run.err().contains("no-proof.json"), run.toString());
    }
}
