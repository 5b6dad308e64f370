package io.khata.net.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's path end to end: {@code khata api-access} writes the API's certificate and a
 * token and prints the node.json settings; the node, started from that node.json as {@code khata
 * node} starts it, serves HTTPS and asks for the token; the command line and the audit export
 * reach it with {@code --api-ca-file} and {@code --api-token-file}, and get nothing without them.
 */
class SecuredApiCommandTest {
    @TempDir
    Path dir;

    @Test
    void khataNodeRefusesAnApiOffLoopbackWithoutAuthenticationBeforeItStarts() throws Exception {
        Testnet.create(dir, 1, 40_300, false);
        Path nodeJson = Testnet.nodeHome(dir, 0).resolve("node.json");
        Files.writeString(nodeJson, Files.readString(nodeJson).replace("\"127.0.0.1:40301\"", "\"0.0.0.0:40301\""));
        assertTrue(Files.readString(nodeJson).contains("\"0.0.0.0:40301\""), "the API moved off loopback");
        CommandRun refused = CommandRun.of("node", "--home", Testnet.nodeHome(dir, 0).toString());
        assertEquals(ExitCodes.USAGE, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("not a loopback address, without authentication")
                && refused.err().contains("api_allow_unauthenticated: true"), refused.err());
        assertFalse(Files.exists(Testnet.nodeHome(dir, 0).resolve("data")), "the node did not start");
    }

    @Test
    void theCommandLineReachesANodeSecuredWithTheFilesApiAccessWrote() throws Exception {
        try (PortBlock ports = PortBlock.reserveForTest(2)) {
            Testnet.create(dir, 1, ports.base(), false);
            Path access = dir.resolve("api-access");
            CommandRun written = CommandRun.of("api-access", "--dir", access.toString(), "--host", "127.0.0.1",
                    "--host", "localhost");
            assertEquals(0, written.exit(), written.toString());
            String token = Files.readString(access.resolve("api-token")).strip();
            assertFalse(written.out().contains(token), "the token is never printed");
            Matcher settings = Pattern.compile("(\"api_tls_cert_file\".*\"api_token_sha256\": \\[\"[0-9a-f]{64}\"\\])",
                    Pattern.DOTALL).matcher(written.out());
            assertTrue(settings.find(), written.out());
            Path nodeJson = Testnet.nodeHome(dir, 0).resolve("node.json");
            String json = Files.readString(nodeJson).strip();
            Files.writeString(nodeJson, json.substring(0, json.length() - 1) + ", " + settings.group(1) + "}");

            try (LocalCluster cluster = LocalCluster.start(dir, 1, ports)) {
                String url = "https://127.0.0.1:" + Testnet.apiPort(ports.base(), 0);
                String ca = access.resolve("api-ca.crt").toString();
                String tokenFile = access.resolve("api-token").toString();
                CommandRun status = CommandRun.of("status", "--node", url, "--api-ca-file", ca, "--api-token-file", tokenFile);
                assertEquals(0, status.exit(), status.toString());
                assertTrue(status.out().contains("bank0 on " + Testnet.CHAIN_ID), status.out());

                CommandRun noToken = CommandRun.of("status", "--node", url, "--api-ca-file", ca);
                assertEquals(1, noToken.exit(), noToken.toString());
                assertTrue(noToken.err().contains("HTTP 401"), noToken.err());
                CommandRun untrusted = CommandRun.of("status", "--node", url, "--api-token-file", tokenFile);
                assertNotEquals(0, untrusted.exit(), "the JDK's CAs do not trust the API's own CA");
                CommandRun plain = CommandRun.of("status", "--node", url.replace("https", "http"), "--api-token-file",
                        tokenFile);
                assertNotEquals(0, plain.exit(), "no plain HTTP on the TLS port");

                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
                while (cluster.nodes().get(0).ledger().height() < 1) { // an export needs a block to export
                    assertTrue(System.nanoTime() < deadline, "no block within 30 s");
                    Thread.sleep(20);
                }
                Path bundle = dir.resolve("chain.khata");
                CommandRun export = CommandRun.of("audit", "export", "--node", url, "--api-ca-file", ca,
                        "--api-token-file", tokenFile, "--out", bundle.toString());
                assertEquals(0, export.exit(), export.toString());
                assertTrue(Files.size(bundle) > 0);
                CommandRun refused = CommandRun.of("audit", "export", "--node", url, "--api-ca-file", ca, "--out",
                        dir.resolve("refused.khata").toString());
                assertNotEquals(0, refused.exit(), refused.toString());
                assertTrue(refused.err().contains("401"), refused.err());
            }
        }
    }
}
