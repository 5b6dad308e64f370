package io.khata.net.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.crypto.KeyFiles;
import io.khata.core.crypto.KeyPair;
import io.khata.core.genesis.TestGenesis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code khata keygen}, {@code tx build / sign / submit}, {@code tx status} and the authority's
 * commands against a real HTTP API over a ledger that commits what it admits.
 */
class OfflineSigningTest {
    private static final Pattern TX_HASH = Pattern.compile("tx_hash ([0-9a-f]{64})");

    @TempDir
    Path dir;

    private Path keyFile(ScriptedNode node, String account) throws Exception {
        Path file = dir.resolve(account + ".key");
        if (!Files.exists(file)) {
            KeyFiles.writePrivateKey(file, node.fixture.accountKey(account));
        }
        return file;
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    private static String txHash(CommandRun run) {
        Matcher matcher = TX_HASH.matcher(run.out());
        assertTrue(matcher.find(), run.toString());
        return matcher.group(1);
    }

    private static void assertExit(int expected, CommandRun run) {
        assertEquals(expected, run.exit(), run.toString());
    }

    @Test
    void aDvpIsBuiltOnceSignedByTwoPartiesWithTheirOwnKeysAndSubmitted() throws Exception {
        try (ScriptedNode node = new ScriptedNode(100, 30_000)) {
            String seller = TestGenesis.treasury(0);
            String buyer = TestGenesis.treasury(1);
            assertExit(ExitCodes.OK, run("tx", "issue", "--node", node.url(), "--key",
                    keyFile(node, TestGenesis.AUTHORITY).toString(), "--asset", TestGenesis.BOND, "--to", seller,
                    "--amount", "40", "--wait", "10s"));

            Path unsigned = dir.resolve("unsigned.json");
            CommandRun build = run("tx", "build", "dvp", "--node", node.url(), "--seller", seller, "--buyer", buyer,
                    "--security", TestGenesis.BOND, "--quantity", "10", "--cash", TestGenesis.PKR, "--price", "5000",
                    "--out", unsigned.toString());
            assertExit(ExitCodes.OK, build);
            String hash = txHash(build);
            assertFalse(Files.readString(unsigned).contains("signatures"), Files.readString(unsigned));

            Path sellerSigned = dir.resolve("seller-signed.json");
            CommandRun first = run("tx", "sign", "--key", keyFile(node, seller).toString(), unsigned.toString(),
                    "--out", sellerSigned.toString());
            assertExit(ExitCodes.OK, first);
            assertEquals(hash, txHash(first), "signing never changes what is signed");
            assertTrue(first.out().contains("signatures 1"), first.toString());
            assertTrue(first.err().contains("BOND-2030"), "the signer sees what it signs: " + first);

            // One signature is not enough: the buyer's quorum is missing, and the node says so.
            CommandRun early = run("tx", "submit", "--node", node.url(), sellerSigned.toString());
            assertExit(ExitCodes.FAILED, early);
            assertTrue(early.err().contains("rejected"), early.toString());

            CommandRun again = run("tx", "sign", "--key", keyFile(node, seller).toString(), sellerSigned.toString());
            assertExit(ExitCodes.FAILED, again);
            assertTrue(again.err().contains("already carries a signature"), again.toString());

            CommandRun second = run("tx", "sign", "--key", keyFile(node, buyer).toString(), sellerSigned.toString());
            assertExit(ExitCodes.OK, second);
            assertTrue(second.out().contains("signatures 2"), second.toString());

            CommandRun submit = run("tx", "submit", "--node", node.url(), sellerSigned.toString(), "--wait", "10s");
            assertExit(ExitCodes.OK, submit);
            assertEquals(hash, txHash(submit));
            assertTrue(submit.out().contains("status committed"), submit.toString());
            assertEquals(10, node.ledger().balance(buyer, TestGenesis.BOND));
            assertEquals(30, node.ledger().balance(seller, TestGenesis.BOND));
            assertEquals(TestGenesis.TREASURY_PKR + 5000, node.ledger().balance(seller, TestGenesis.PKR));

            CommandRun status = run("tx", "status", "--node", node.url(), hash);
            assertExit(ExitCodes.OK, status);
            assertTrue(status.out().contains("status committed"), status.toString());
        }
    }

    @Test
    void aFileChangedAfterSigningIsRefusedAndMisuseIsAUsageError() throws Exception {
        try (ScriptedNode node = new ScriptedNode(100, 30_000)) {
            String payer = TestGenesis.treasury(0);
            Path file = dir.resolve("tx.json");
            assertExit(ExitCodes.OK, run("tx", "build", "transfer", "--node", node.url(), "--from", payer, "--to",
                    TestGenesis.treasury(1), "--asset", TestGenesis.PKR, "--amount", "7", "--out", file.toString()));
            assertExit(ExitCodes.OK, run("tx", "sign", "--key", keyFile(node, payer).toString(), file.toString()));
            // Swap in another body: the payer's signature no longer matches it.
            Path other = dir.resolve("other.json");
            assertExit(ExitCodes.OK, run("tx", "build", "transfer", "--node", node.url(), "--from", payer, "--to",
                    TestGenesis.treasury(2), "--asset", TestGenesis.PKR, "--amount", "7000", "--out", other.toString()));
            String signed = Files.readString(file);
            String otherBody = bodyOf(Files.readString(other));
            Files.writeString(file, signed.replace(bodyOf(signed), otherBody));
            CommandRun tampered = run("tx", "sign", "--key", keyFile(node, TestGenesis.treasury(2)).toString(),
                    file.toString());
            assertExit(ExitCodes.FAILED, tampered);
            assertTrue(tampered.err().contains("not signed"), tampered.toString());

            assertExit(ExitCodes.USAGE, run("tx", "build", "transfer", "--node", node.url(), "--from", payer, "--to",
                    TestGenesis.treasury(1), "--asset", TestGenesis.PKR, "--amount", "7"));
            assertExit(ExitCodes.USAGE, run("tx", "transfer", "--node", node.url(), "--from", payer, "--to",
                    TestGenesis.treasury(1), "--asset", TestGenesis.PKR, "--amount", "7"));
            assertExit(ExitCodes.USAGE, run("tx", "build", "transfer", "--node", node.url(), "--from", payer, "--to",
                    TestGenesis.treasury(1), "--asset", TestGenesis.PKR, "--amount", "7", "--out", file.toString()));
            Files.writeString(dir.resolve("junk.json"), "{\"body\": 5");
            assertExit(ExitCodes.USAGE, run("tx", "sign", "--key", keyFile(node, payer).toString(),
                    dir.resolve("junk.json").toString()));
            assertExit(ExitCodes.USAGE, run("tx", "submit", "--node", node.url(), other.toString()));
            assertExit(ExitCodes.USAGE, run("tx", "submit", "--node", node.url(), file.toString(), "--out",
                    dir.resolve("x.json").toString()));
            assertExit(ExitCodes.USAGE, run("tx", "submit", "--node", node.url(), dir.resolve("missing.json").toString()));
        }
    }

    private static String bodyOf(String json) {
        Matcher matcher = Pattern.compile("\"body\": \"([^\"]+)\"").matcher(json);
        assertTrue(matcher.find(), json);
        return matcher.group(1);
    }

    @Test
    void theAuthoritysCommandsCommitAndStatusExitsByOutcome() throws Exception {
        try (ScriptedNode node = new ScriptedNode(100, 30_000)) {
            String authority = keyFile(node, TestGenesis.AUTHORITY).toString();
            assertExit(ExitCodes.OK, run("tx", "create-asset", "--node", node.url(), "--key", authority, "--id", "USD",
                    "--issuer", TestGenesis.AUTHORITY, "--decimals", "2", "--wait", "10s"));
            assertEquals(2, node.ledger().asset("USD").decimals());
            assertExit(ExitCodes.OK, run("tx", "set-transfer-limit", "--node", node.url(), "--key", authority,
                    "--account", TestGenesis.treasury(0), "--asset", TestGenesis.PKR, "--max", "900", "--wait", "10s"));
            assertEquals(900L, node.ledger().account(TestGenesis.treasury(0)).transferLimits().get(TestGenesis.PKR));
            assertExit(ExitCodes.OK, run("tx", "set-power", "--node", node.url(), "--key", authority, "--member",
                    TestGenesis.bank(1), "--power", "12", "--wait", "10s"));
            assertEquals(12, node.ledger().member(TestGenesis.bank(1)).power());

            CommandRun unknown = run("tx", "status", "--node", node.url(), "ab".repeat(32));
            assertExit(ExitCodes.FAILED, unknown);
            assertTrue(unknown.out().contains("status unknown"), unknown.toString());
            assertExit(ExitCodes.USAGE, run("tx", "status", "--node", node.url(), "XYZ"));
        }
    }

    @Test
    void keygenWritesAnOwnerOnlyKeyAndNeverPrintsTheSecret() throws Exception {
        Path key = dir.resolve("alice.key");
        CommandRun run = run("keygen", "--out", key.toString());
        assertExit(ExitCodes.OK, run);
        KeyPair pair = KeyFiles.readPrivateKey(key);
        assertEquals(pair.publicKey(), KeyFiles.readPublicKey(dir.resolve("alice.key.pub")));
        assertTrue(run.out().contains(pair.publicKey().toHex()), run.toString());
        String pem = Files.readString(key, StandardCharsets.US_ASCII);
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = java.util.Base64.getDecoder().decode(base64);
        // RFC 8410: the seed is the OCTET STRING (04 20) at offset 14 of the PKCS#8 structure.
        assertEquals(0x04, der[14]);
        assertEquals(0x20, der[15]);
        List<String> secrets = List.of(base64, hex(java.util.Arrays.copyOfRange(der, 16, 48)));
        for (String secret : secrets) {
            assertFalse(run.out().contains(secret) || run.err().contains(secret), "printed the secret");
        }
        if (Files.getFileStore(key).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        }
        assertExit(ExitCodes.USAGE, run("keygen", "--out", key.toString()));
        assertEquals(pem, Files.readString(key, StandardCharsets.US_ASCII), "an existing key is never overwritten");
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
