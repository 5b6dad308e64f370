package io.khata.net.cli;

import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.genesis.Genesis;
import io.khata.core.genesis.GenesisLoader;
import io.khata.core.proof.ProofVerifier;
import io.khata.core.proof.TxProof;
import io.khata.core.proof.TxProofCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "proof", mixinStandardHelpOptions = true, description = "Fetch or check transaction inclusion proofs.",
        subcommands = {ProofCommand.Get.class, ProofCommand.Verify.class})
final class ProofCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.err);
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print the proof of a committed transaction as JSON.")
    static final class Get implements Callable<Integer> {
        @Mixin NodeOption node;
        @Parameters(index = "0", paramLabel = "TX_HASH", description = "the transaction's hash, 64 hex characters")
        String txHash;
        @Option(names = "--out", description = "write the proof to this file instead of stdout") Path out;

        @Override
        public Integer call() throws Exception {
            ApiClient.Reply reply = node.client().get("/txs/" + txHash + "/proof");
            if (!reply.ok()) {
                System.err.println("khata: HTTP " + reply.status() + " " + reply.body());
                return 1;
            }
            if (out != null) {
                Files.writeString(out, reply.body(), StandardCharsets.UTF_8);
            } else {
                System.out.println(reply.body());
            }
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check a proof offline against the genesis file alone: exit 0 if valid, 1 with the reason if not.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the proof is valid", "1:the proof is not valid (the reason is printed)",
                    "2:bad arguments, or the genesis or proof file cannot be read or is not a genesis"})
    static final class Verify implements Callable<Integer> {
        @Option(names = "--genesis", required = true, description = "the chain's genesis.json, the only thing trusted")
        Path genesisFile;
        @Parameters(index = "0", paramLabel = "PROOF_FILE", description = "a proof in JSON (as proof get prints) or protobuf")
        Path proofFile;
        @Option(names = "--json", description = "print {\"valid\":..,\"reason\":..}") boolean json;

        @Override
        public Integer call() throws Exception {
            Result<Genesis> genesis = GenesisLoader.load(genesisFile);
            if (!genesis.isOk()) {
                System.err.println("khata: " + genesisFile + ": " + genesis.rejection().message());
                return ExitCodes.USAGE;
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(proofFile);
            } catch (java.io.IOException e) {
                System.err.println("khata: cannot read the proof file " + proofFile + ": " + e);
                return ExitCodes.USAGE;
            }
            String text = new String(bytes, StandardCharsets.UTF_8).strip();
            Result<TxProof> proof = text.startsWith("{") ? TxProofCodec.fromJson(text) : TxProofCodec.decode(bytes);
            Optional<Rejection> problem = proof.isOk() ? ProofVerifier.verify(proof.value(), genesis.value())
                    : Optional.of(proof.rejection());
            if (json) {
                System.out.println("{\"valid\":" + problem.isEmpty() + (problem.isEmpty() ? ""
                        : ",\"reason\":\"" + problem.get().message().replace("\\", "\\\\").replace("\"", "\\\"") + "\"") + "}");
            } else {
                System.out.println(problem.isEmpty() ? "valid" : "invalid: " + problem.get().message());
            }
            return problem.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
