package io.khata.net.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.crypto.Hash;
import io.khata.core.crypto.KeyFiles;
import io.khata.core.crypto.KeyPair;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.net.node.Node;
import io.khata.net.node.NodeConfigLoader;
import io.khata.net.node.TxResult;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Four nodes in one JVM over real Netty and mutual TLS on loopback. */
class TlsClusterTest {
    private static final int NODES = 4;

    @TempDir
    Path dir;

    private final Node[] nodes = new Node[NODES + 1];
    private final List<KeyPair> treasuries = new ArrayList<>();
    /** Held by the test from before the genesis is written, so no other process can take a node's port. */
    private final PortBlock ports = PortBlock.reserveForTest(2 * (NODES + 1));
    private final int basePort = ports.base();
    private long nonce;

    private void startAll() throws Exception {
        Testnet.create(dir, NODES, 1, basePort, false, io.khata.core.genesis.Genesis.MAX_TX_TTL_MILLIS_DEFAULT);
        for (int i = 0; i < NODES; i++) {
            treasuries.add(KeyFiles.readPrivateKey(Testnet.keyFile(dir, Testnet.treasury(i))));
            start(i);
        }
    }

    private void start(int i) throws Exception {
        ports.release(Testnet.p2pPort(basePort, i));
        nodes[i] = Node.start(NodeConfigLoader.load(Testnet.nodeHome(dir, i).resolve("node.json")));
    }

    private void stop(int i) {
        nodes[i].close();
        nodes[i] = null;
        ports.hold(Testnet.p2pPort(basePort, i));
    }

    @AfterEach
    void closeAll() {
        running().forEach(Node::close);
        ports.close();
    }

    private List<Node> running() {
        return java.util.Arrays.stream(nodes).filter(java.util.Objects::nonNull).toList();
    }

    private Transaction transfer(int from, int to, long amount) {
        Node any = nodes[from] != null ? nodes[from] : java.util.Arrays.stream(nodes).filter(n -> n != null).findFirst().get();
        return TxCodec.sign(new TxBody(any.ledger().chainId(), List.of(new Operation.Transfer(Testnet.PKR,
                Testnet.treasury(from), Testnet.treasury(to), amount)), System.currentTimeMillis() + 600_000, ++nonce, ""),
                List.of(treasuries.get(from)));
    }

    private static void awaitPeers(Node node, int peers, long seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000;
        while (node.connectedPeers().size() < peers) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(node.nodeId() + " has " + node.connectedPeers() + ", expected " + peers + " peers");
            }
            Thread.sleep(20);
        }
    }

    private static void awaitHeight(Node node, long height, long seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000;
        while (node.ledger().height() < height) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(node.nodeId() + " at " + node.ledger().height() + ", expected " + height);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void fiveThousandTransfersToDifferentNodesGiveOneChain() throws Exception {
        startAll();
        List<CompletableFuture<TxResult>> results = new ArrayList<>();
        for (int n = 0; n < 5_000; n++) {
            results.add(nodes[n % NODES].submit(transfer(n % NODES, (n + 1 + n / NODES) % NODES == n % NODES
                    ? (n + 2) % NODES : (n + 1 + n / NODES) % NODES, 1 + n % 97)));
            if (n % 500 == 499) {
                Thread.sleep(100);
            }
        }
        for (CompletableFuture<TxResult> result : results) {
            assertInstanceOf(TxResult.Committed.class, result.get(120, TimeUnit.SECONDS));
        }
        long height = nodes[0].ledger().height();
        for (Node node : running()) {
            awaitHeight(node, height, 30);
        }
        for (long h = 1; h <= height; h++) {
            Hash expected = nodes[0].ledger().block(h).orElseThrow().hash();
            for (Node node : running()) {
                assertEquals(expected, node.ledger().block(h).orElseThrow().hash(), "height " + h);
            }
        }
        for (int i = 0; i < NODES; i++) {
            long balance = nodes[0].ledger().balance(Testnet.treasury(i), Testnet.PKR);
            for (Node node : running()) {
                assertEquals(balance, node.ledger().balance(Testnet.treasury(i), Testnet.PKR));
            }
        }
    }

    @Test
    void commitsWithOneNodeDownHaltsWithTwoAndResumesWhenOneReturns() throws Exception {
        startAll();
        awaitHeight(nodes[0], 2, 30);
        stop(3);
        assertInstanceOf(TxResult.Committed.class, nodes[0].submit(transfer(0, 1, 10)).get(30, TimeUnit.SECONDS));

        stop(2);
        long stalledAt = nodes[0].ledger().height();
        CompletableFuture<TxResult> waiting = nodes[1].submit(transfer(1, 0, 20));
        Thread.sleep(3_000);
        assertEquals(stalledAt, nodes[0].ledger().height(), "two of four validators down must not commit");
        assertTrue(!waiting.isDone());

        start(2);
        TxResult resumed = waiting.get(60, TimeUnit.SECONDS);
        assertInstanceOf(TxResult.Committed.class, resumed);
        // node 1 reported the commit; node 0 may not have that block yet
        long height = Math.max(nodes[0].ledger().height(), ((TxResult.Committed) resumed).height());
        awaitHeight(nodes[0], height, 30);
        awaitHeight(nodes[2], height, 30);
        assertEquals(nodes[0].ledger().block(height).orElseThrow().hash(), nodes[2].ledger().block(height).orElseThrow().hash());

        start(3);
        awaitHeight(nodes[3], height, 60);
        assertEquals(nodes[0].ledger().block(height).orElseThrow().hash(), nodes[3].ledger().block(height).orElseThrow().hash());
        assertEquals(nodes[0].ledger().balance(Testnet.treasury(1), Testnet.PKR),
                nodes[3].ledger().balance(Testnet.treasury(1), Testnet.PKR));
    }

    @Test
    void garbageOnAPeerPortDoesNotStopTheNode() throws Exception {
        startAll();
        awaitPeers(nodes[0], NODES - 1, 30); // the full mesh first, so a peer missing afterwards is the garbage's doing
        try (Socket socket = new Socket("127.0.0.1", Testnet.p2pPort(basePort, 0))) {
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {0x7f, 0x00, 0x00, 0x05, 'h', 'e', 'l', 'l', 'o', 1, 2, 3});
            out.write(new byte[4096]);
            out.flush();
            socket.setSoTimeout(10_000);
            socket.getInputStream().readAllBytes(); // the node closes the connection
        } catch (java.io.IOException expected) {
            // the node may close the connection while we are still writing
        }
        long height = nodes[0].ledger().height();
        assertInstanceOf(TxResult.Committed.class, nodes[0].submit(transfer(0, 2, 5)).get(30, TimeUnit.SECONDS));
        assertTrue(nodes[0].ledger().height() > height);
        assertEquals(NODES - 1, nodes[0].connectedPeers().size());
        String metrics = nodes[0].scrapeMetrics();
        assertTrue(metrics.contains("khata_tls_certificate_not_after_seconds"), metrics);
        assertTrue(java.util.regex.Pattern.compile("khata_peer_faults_total\\{[^}]*\\} [1-9]").matcher(metrics).find(),
                "the garbage connection is counted as a peer fault: " + metrics);
    }

    @Test
    void aFifthBankJoinsCatchesUpAndSignsThenAnOriginalBankLeaves() throws Exception {
        startAll();
        KeyPair authority = KeyFiles.readPrivateKey(Testnet.keyFile(dir, Testnet.AUTHORITY));
        KeyPair bank4 = KeyFiles.readPrivateKey(Testnet.nodeHome(dir, NODES).resolve("validator.key"));
        for (int n = 0; n < 20; n++) {
            assertInstanceOf(TxResult.Committed.class, nodes[n % NODES].submit(transfer(n % NODES, (n + 1) % NODES, 5))
                    .get(30, TimeUnit.SECONDS));
        }
        start(NODES);
        TxResult added = nodes[0].submit(TxCodec.sign(new TxBody(nodes[0].ledger().chainId(), List.of(
                new Operation.AddMember("bank4", bank4.publicKey(), 1, "127.0.0.1:" + Testnet.p2pPort(basePort, NODES))),
                System.currentTimeMillis() + 600_000, ++nonce, "admit bank4"), List.of(authority))).get(30, TimeUnit.SECONDS);
        long addedAt = ((TxResult.Committed) added).height();
        awaitHeight(nodes[NODES], addedAt + 3, 60);
        long signedBy4 = awaitCommitSignedBy(nodes[0], "bank4", addedAt + 2, 60);
        awaitHeight(nodes[NODES], signedBy4, 30);
        assertEquals(nodes[0].ledger().block(signedBy4).orElseThrow().hash(),
                nodes[NODES].ledger().block(signedBy4).orElseThrow().hash());

        TxResult removed = nodes[1].submit(TxCodec.sign(new TxBody(nodes[1].ledger().chainId(), List.of(
                new Operation.RemoveMember("bank0")), System.currentTimeMillis() + 600_000, ++nonce, "bank0 leaves"),
                List.of(authority))).get(30, TimeUnit.SECONDS);
        long removedAt = ((TxResult.Committed) removed).height();
        awaitHeight(nodes[1], removedAt + 3, 60);
        long deadline = System.currentTimeMillis() + 20_000;
        while (nodes[1].connectedPeers().contains("bank0") && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(nodes[1].connectedPeers().contains("bank0"), "a removed member's connections are closed");
        assertTrue(nodes[1].connectedPeers().contains("bank4"));
        stop(0);
        Transaction afterBoth = transfer(1, 2, 77);
        TxResult last = nodes[2].submit(afterBoth).get(60, TimeUnit.SECONDS);
        assertInstanceOf(TxResult.Committed.class, last);
        long lastHeight = ((TxResult.Committed) last).height();
        assertFalse(nodes[1].ledger().validatorsAt(lastHeight).contains("bank0"));
        assertTrue(nodes[1].ledger().validatorsAt(lastHeight).contains("bank4"));

        awaitHeight(nodes[NODES], lastHeight, 30);
        io.khata.core.proof.TxProof proof = nodes[NODES].ledger().proof(afterBoth.hash()).orElseThrow();
        assertEquals(2, proof.validatorChanges().size());
        var genesis = io.khata.core.genesis.GenesisLoader.load(dir.resolve("genesis.json")).value();
        assertEquals(java.util.Optional.empty(), io.khata.core.proof.ProofVerifier.verify(
                io.khata.core.proof.TxProofCodec.fromJson(io.khata.core.proof.TxProofCodec.toJson(proof)).value(), genesis));
    }

    /** The first height from {@code from} whose commit carries {@code validator}'s precommit. */
    private static long awaitCommitSignedBy(Node node, String validator, long from, long seconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000;
        long height = from;
        while (System.currentTimeMillis() < deadline) {
            if (node.ledger().height() >= height) {
                var commit = node.ledger().commit(height).orElseThrow();
                if (commit.signatures().stream().anyMatch(sig -> sig.validator().equals(validator))) {
                    return height;
                }
                height++;
            } else {
                Thread.sleep(20);
            }
        }
        throw new AssertionError(validator + " signed no commit from height " + from + " to " + height);
    }
}
