package io.khata.net.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.crypto.KeyFiles;
import io.khata.core.crypto.KeyPair;
import io.khata.core.genesis.Genesis;
import io.khata.core.tx.Operation;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.net.node.Node;
import io.khata.net.node.NodeConfigLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No zombie: a {@code khata node} process whose storage fails (a sign-state write, a ledger write
 * on a full disk) stops with exit code 4, says why in its log, so that a supervisor restarts it,
 * and the other banks go on committing without it.
 */
class UnhealthyNodeExitTest {
    private static final int NODES = 4;
    /** A node whose first sign-state save fails stops at its first vote: JVM start plus one propose timeout. */
    private static final double EXIT_BOUND_SECONDS = 30;

    @TempDir
    Path dir;

    @Test
    void aSignStateWriteErrorEndsTheNodeProcessWithExitCode4LoggedOnceWithoutKeyMaterial() throws Exception {
        try (PortBlock ports = PortBlock.reserveForTest(2 * NODES);
             NodeProcesses processes = new NodeProcesses(dir, NODES, NodeProcesses.shortLived())) {
            Testnet.create(dir, NODES, 0, ports.base(), false, Genesis.MAX_TX_TTL_MILLIS_DEFAULT);
            Path home = Testnet.nodeHome(dir, 0);
            // Loading finds no sign-state (a fresh validator may start); its first save, before its first vote, fails.
            Files.createSymbolicLink(home.resolve("signstate.bin"), dir.resolve("missing-directory").resolve("signstate.bin"));
            ports.release(Testnet.p2pPort(ports.base(), 0));
            ports.release(Testnet.apiPort(ports.base(), 0));
            long started = System.nanoTime();
            processes.start(0);

            int exit = processes.awaitExit(0, EXIT_BOUND_SECONDS);
            long millis = (System.nanoTime() - started) / 1_000_000;
            String log = log(home);
            assertEquals(ExitCodes.UNHEALTHY, exit, "exit code within " + EXIT_BOUND_SECONDS + " s of the start: " + log);
            assertTrue(log.contains("signstate.bin"), log);
            // The cause once: one error naming it, with its stack trace once; then the exit, once.
            assertEquals(1, count(log, "is unhealthy and stops taking part"), log);
            assertEquals(1, count(log, "Caused by: java.nio.file.NoSuchFileException"), log);
            assertEquals(1, count(log, "stops with exit code 4"), log);
            assertNoKeyMaterial(home, log);
            System.out.println("sign-state write error: exit code " + exit + " " + millis + " ms after the process started; "
                    + log.lines().count() + " log lines, the cause logged once");
        }
    }

    @Test
    void aLedgerWriteErrorOnAFullDiskEndsTheNodeProcessWithExitCode4AndTheOthersGoOn() throws Exception {
        Path disk = dir.resolve("small-disk");
        Files.createDirectories(disk);
        Assumptions.assumeTrue(mountSmallDisk(disk),
                "SKIPPED: this machine does not let the test mount a small tmpfs to fill; the sign-state case above still runs");
        Node[] nodes = new Node[NODES];
        try (PortBlock ports = PortBlock.reserveForTest(2 * NODES);
             NodeProcesses processes = new NodeProcesses(dir, NODES, NodeProcesses.shortLived())) {
            Testnet.create(dir, NODES, 0, ports.base(), false, Genesis.MAX_TX_TTL_MILLIS_DEFAULT);
            Path home = Testnet.nodeHome(dir, 0);
            Files.createDirectories(disk.resolve("data"));
            Files.createSymbolicLink(home.resolve("data"), disk.resolve("data")); // bank0's RocksDB on the small disk
            for (int i = 0; i < NODES; i++) {
                ports.release(Testnet.p2pPort(ports.base(), i));
                ports.release(Testnet.apiPort(ports.base(), i));
            }
            processes.start(0);
            for (int i = 1; i < NODES; i++) {
                nodes[i] = Node.start(NodeConfigLoader.load(Testnet.nodeHome(dir, i).resolve("node.json")));
            }
            KeyPair treasury = KeyFiles.readPrivateKey(Testnet.keyFile(dir, Testnet.treasury(1)));
            Node bank1 = nodes[1];
            long nonce = 0;
            long deadline = System.currentTimeMillis() + 60_000;
            while (apiHeight(ports.base()) < 1 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(processes.alive(0), "bank0 runs before its disk fills: " + log(home));
            fill(disk);

            int exit = -1;
            while (exit < 0 && System.currentTimeMillis() < deadline) {
                bank1.submit(TxCodec.sign(new TxBody(bank1.ledger().chainId(), List.of(new Operation.Transfer(Testnet.PKR,
                        Testnet.treasury(1), Testnet.treasury(2), 1)), System.currentTimeMillis() + 600_000, ++nonce,
                        "x".repeat(200)), List.of(treasury)));
                exit = processes.awaitExit(0, 0.2);
            }
            assertEquals(ExitCodes.UNHEALTHY, exit, "bank0 on a full disk, at height " + apiHeight(ports.base())
                    + " while bank1 is at " + bank1.ledger().height() + ": " + log(home));
            String log = log(home);
            assertEquals(1, count(log, "is unhealthy and stops taking part"), log);
            assertEquals(1, count(log, "stops with exit code 4"), log);
            assertTrue(log.contains("cannot commit height"), "the ledger write is named: " + log);
            assertNoKeyMaterial(home, log);
            System.out.println("full disk: " + log(home).lines().filter(line -> line.contains("exit code")).findFirst().orElseThrow()
                    + " (" + (System.currentTimeMillis() - (deadline - 60_000)) + " ms after the start)");

            long after = bank1.ledger().height();
            while (bank1.ledger().height() < after + 2 && System.currentTimeMillis() < deadline + 30_000) {
                Thread.sleep(50);
            }
            assertTrue(bank1.ledger().height() >= after + 2, "the three other banks go on: " + bank1.ledger().height());
        } finally {
            for (Node node : nodes) {
                if (node != null) {
                    node.close();
                }
            }
            new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static int count(String text, String part) {
        int found = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            found++;
        }
        return found;
    }

    /**
     * No secret in the output: neither the validator's private key (its seed, in hex or base64,
     * or any line of its PEM file) nor the TLS private key appears in the node's log. (A PEM line
     * is 64 base64 characters, a multiple of 4: it is also found inside a one-line base64 of the key.)
     */
    private static void assertNoKeyMaterial(Path home, String log) throws IOException {
        KeyPair validator = KeyFiles.readPrivateKey(home.resolve("validator.key"));
        List<String> secrets = new java.util.ArrayList<>(List.of( // seed in hex, HEX, base64; then the PEM lines
                java.util.HexFormat.of().formatHex(validator.seed()),
                java.util.HexFormat.of().withUpperCase().formatHex(validator.seed()),
                java.util.Base64.getEncoder().encodeToString(validator.seed())));
        for (String file : List.of("validator.key", "tls.key")) {
            for (String line : Files.readAllLines(home.resolve(file))) {
                if (!line.isBlank() && !line.startsWith("-----")) {
                    secrets.add(line.strip());
                }
            }
        }
        assertTrue(secrets.size() >= 5, "the key files were read: " + secrets.size());
        for (int i = 0; i < secrets.size(); i++) {
            String secret = secrets.get(i);
            assertTrue(!log.contains(secret), "key material in the node's output: secret form " + i + " (0-2 the validator seed, then PEM lines)");
        }
    }

    private static boolean mountSmallDisk(Path disk) throws IOException, InterruptedException {
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        boolean done = mount.waitFor(30, TimeUnit.SECONDS);
        String output = new String(mount.getInputStream().readAllBytes());
        if (!done || mount.exitValue() != 0) {
            System.out.println("mount of a tmpfs refused: " + output.strip());
            return false;
        }
        return true;
    }

    /** Writes a file until the disk refuses another byte. */
    private static void fill(Path disk) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(disk.resolve("filler"))) {
            while (true) {
                try {
                    out.write(chunk);
                } catch (IOException full) {
                    break;
                }
            }
            for (int b = 0; b < 64 * 1024; b++) {
                try {
                    out.write(0);
                    out.flush();
                } catch (IOException full) {
                    return;
                }
            }
        } catch (IOException full) {
            return; // closing flushes what was buffered and may itself find the disk full
        }
    }

    /** Bank0's height from its own API, or -1 while it does not answer. */
    private static long apiHeight(int basePort) {
        try {
            java.net.http.HttpResponse<String> status = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            "http://127.0.0.1:" + Testnet.apiPort(basePort, 0) + "/status")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            java.util.regex.Matcher height = java.util.regex.Pattern.compile("\"height\":\\s*\"?(\\d+)").matcher(status.body());
            return height.find() ? Long.parseLong(height.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String log(Path home) throws IOException {
        Path log = home.resolve("node.log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }
}
