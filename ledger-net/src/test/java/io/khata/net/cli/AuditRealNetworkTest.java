package io.khata.net.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.crypto.KeyFiles;
import io.khata.core.crypto.KeyPair;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.net.node.Node;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code khata audit} on the chain of a real network: four validators over Netty and mutual TLS
 * in this JVM commit transfers, a bond issue, a freeze and a new member; the chain exported
 * over one node's HTTP API verifies from the genesis file alone, the same range exported from a
 * stopped node's directory is byte for byte the same bundle, and one changed signature byte
 * makes the audit fail.
 */
class AuditRealNetworkTest {
    private static final int NODES = 4;

    @TempDir
    Path dir;

    private long nonce;

    @Test
    void aRealChainExportedOverTheApiAndFromAStoppedNodeVerifies() throws Exception {
        PortBlock ports = PortBlock.reserveForTest(2 * (NODES + 1));
        int basePort = ports.base();
        Testnet.create(dir, NODES, 1, basePort, false, io.khata.core.genesis.Genesis.MAX_TX_TTL_MILLIS_DEFAULT);
        KeyPair authority = KeyFiles.readPrivateKey(Testnet.keyFile(dir, Testnet.AUTHORITY));
        Path overApi = dir.resolve("api.khata");
        Path fromHome = dir.resolve("home.khata");
        long height;
        long lastTxHeight;
        byte[] signature;
        try (ports; LocalCluster cluster = LocalCluster.start(dir, NODES, ports)) {
            cluster.awaitMesh();
            Node node = cluster.nodes().get(0);
            List<Transaction> traffic = new ArrayList<>();
            for (int n = 0; n < 24; n++) {
                traffic.add(transfer(node, n % NODES, (n + 1) % NODES, 100 + n));
            }
            traffic.add(sign(node, new Operation.Issue(Testnet.BOND, Testnet.treasury(1), 1_000), authority));
            traffic.add(sign(node, new Operation.SetFrozen(Testnet.treasury(3), true), authority));
            LocalCluster.commitAll(cluster.nodes(), traffic, "transfers, a bond issue and a freeze", System.out);
            KeyPair bank4 = KeyFiles.readPrivateKey(Testnet.nodeHome(dir, NODES).resolve("validator.key"));
            LocalCluster.commitAll(cluster.nodes(), List.of(sign(node, new Operation.AddMember("bank4", bank4.publicKey(), 1,
                    "127.0.0.1:" + Testnet.p2pPort(basePort, NODES)), authority)), "bank4 joins", System.out);
            Transaction last = transfer(node, 1, 0, 8);
            LocalCluster.commitAll(cluster.nodes(), List.of(transfer(node, 0, 2, 7), last), "after the change", System.out);
            lastTxHeight = node.ledger().location(last.hash()).orElseThrow().height();
            signature = last.signatures().get(0).signature().toByteArray();
            height = node.ledger().height();
            String api = "http://127.0.0.1:" + Testnet.apiPort(basePort, 0);
            assertEquals(0, KhataCommand.execute("audit", "export", "--node", api, "--to", Long.toString(height),
                    "--out", overApi.toString()));
        }
        assertEquals(0, KhataCommand.execute("audit", "export", "--home", Testnet.nodeHome(dir, 0).toString(),
                "--to", Long.toString(height), "--out", fromHome.toString()));
        assertArrayEquals(Files.readAllBytes(overApi), Files.readAllBytes(fromHome),
                "the API and the data directory give the same bundle");

        String genesis = dir.resolve("genesis.json").toString();
        String json = verify(0, "--genesis", genesis, overApi.toString(), "--json");
        assertTrue(json.startsWith("{\"valid\":true,\"chain_id\":"), json);
        assertTrue(json.contains("\"re_executed\":true"), json);
        assertTrue(json.contains("\"kind\":\"add_member\",\"member\":\"bank4\""), json);
        assertTrue(json.contains("\"frozen_accounts\":[\"" + Testnet.treasury(3) + "\"]"), json);
        assertTrue(!json.contains("\"conserved\":false") && json.contains("\"conserved\":true"), json);

        byte[] tampered = Files.readAllBytes(overApi);
        tampered[indexOf(tampered, signature) + 9] ^= 0x40;
        Path bad = dir.resolve("bad.khata");
        Files.write(bad, tampered);
        String text = verify(1, "--genesis", genesis, bad.toString());
        assertTrue(text.startsWith("invalid at height " + lastTxHeight + ": tx_signature"), text);
    }

    private Transaction transfer(Node node, int from, int to, long amount) throws Exception {
        KeyPair key = KeyFiles.readPrivateKey(Testnet.keyFile(dir, Testnet.treasury(from)));
        return sign(node, new Operation.Transfer(Testnet.PKR, Testnet.treasury(from), Testnet.treasury(to), amount), key);
    }

    private Transaction sign(Node node, Operation operation, KeyPair key) {
        return TxCodec.sign(new TxBody(node.ledger().chainId(), List.of(operation), System.currentTimeMillis() + 600_000, ++nonce,
                ""), List.of(key));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new IllegalStateException("the signature is not in the bundle");
    }

    /** Runs {@code khata audit verify ARGS}, checks its exit code and returns its stdout. */
    private static String verify(int exitExpected, String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            List<String> full = new ArrayList<>(List.of("audit", "verify"));
            full.addAll(List.of(args));
            exit = KhataCommand.execute(full.toArray(String[]::new));
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertEquals(exitExpected, exit, out);
        return out;
    }
}
