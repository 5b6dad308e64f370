package io.khata.net.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.khata.core.crypto.Hash;
import io.khata.core.crypto.KeyFiles;
import io.khata.core.crypto.KeyPair;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.net.consensus.Timeouts;
import io.khata.net.node.Node;
import io.khata.net.node.NodeConfig;
import io.khata.net.node.NodeConfigLoader;
import io.khata.net.node.TxResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts that forget: every validator of a four-bank network over real Netty and mutual TLS
 * is stopped and started again from its directory, one after another, while
 * transfers keep arriving; each restart comes back with its sign-state and the chain keeps
 * committing on one history. These restarts land between heights, where no lock is held;
 * {@link LockedRollingRestartTest} restarts every validator while it holds a lock.
 */
class RollingRestartTest {
    private static final int NODES = 4;
    private static final int PASSES = 1;

    @TempDir
    Path dir;

    private final Node[] nodes = new Node[NODES];
    private final List<KeyPair> treasuries = new ArrayList<>();
    private final PortBlock ports = PortBlock.reserveForTest(2 * (NODES + 1));
    private final int basePort = ports.base();
    private long nonce;

    /** Quick rounds and sync: a height whose proposer is the stopped node, and a restarted node's catch-up, cost less. */
    private static final Timeouts QUICK = new Timeouts(400, 200, 200, 50, 1_500, 300, 500);

    private void start(int i) throws Exception {
        ports.release(Testnet.p2pPort(basePort, i));
        NodeConfig loaded = NodeConfigLoader.load(Testnet.nodeHome(dir, i).resolve("node.json"));
        nodes[i] = Node.start(new NodeConfig(loaded.nodeId(), loaded.home(), loaded.genesis(), loaded.validatorKey(),
                loaded.ledgerOptions(), loaded.mempoolLimits(), QUICK, loaded.tlsCertificateFile(), loaded.tlsKeyFile(),
                loaded.p2pListen(), loaded.peerAddresses(), loaded.apiListen(), loaded.emptyBlockDelayMillis(),
                loaded.allowedPeerAddresses(), loaded.meterRegistry(), loaded.unsafeAllowSignStateReset(),
                loaded.apiAccess(), loaded.role()));
    }

    private void stop(int i) {
        nodes[i].close();
        nodes[i] = null;
        ports.hold(Testnet.p2pPort(basePort, i));
    }

    @AfterEach
    void closeAll() {
        for (Node node : nodes) {
            if (node != null) {
                node.close();
            }
        }
        ports.close();
    }

    private Transaction transfer(Node via, int from, int to) {
        return TxCodec.sign(new TxBody(via.ledger().chainId(), List.of(new Operation.Transfer(Testnet.PKR,
                Testnet.treasury(from), Testnet.treasury(to), 1)), System.currentTimeMillis() + 600_000, ++nonce, ""),
                List.of(treasuries.get(from)));
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
    void restartsThatForget_rollingRestartOfEveryValidatorUnderTrafficKeepsTheChainCommitting() throws Exception {
        Testnet.create(dir, NODES, 1, basePort, false, io.khata.core.genesis.Genesis.MAX_TX_TTL_MILLIS_DEFAULT);
        for (int i = 0; i < NODES; i++) {
            treasuries.add(KeyFiles.readPrivateKey(Testnet.keyFile(dir, Testnet.treasury(i))));
            start(i);
        }
        List<CompletableFuture<TxResult>> results = new ArrayList<>();
        int committed = 0;
        for (int pass = 0; pass < PASSES; pass++) {
            for (int i = 0; i < NODES; i++) {
                // Stays up through this restart, and its clients' transfers are all committed before
                // the next restart stops it (a node that closes fails the futures still waiting there).
                Node steady = nodes[(i + 1) % NODES];
                for (int n = 0; n < 20; n++) {
                    results.add(steady.submit(transfer(steady, n % NODES, (n + 1) % NODES)));
                }
                stop(i);
                long before = steady.ledger().height();
                results.add(steady.submit(transfer(steady, i, (i + 2) % NODES)));
                awaitHeight(steady, before + 2, 30); // three of four still commit
                start(i); // refused if its sign-state were behind its ledger
                awaitHeight(nodes[i], steady.ledger().height(), 30);
                for (CompletableFuture<TxResult> result : results) {
                    assertInstanceOf(TxResult.Committed.class, result.get(30, TimeUnit.SECONDS));
                }
                committed += results.size();
                results.clear();
            }
        }
        assertEquals(PASSES * NODES * 21, committed);
        long height = nodes[0].ledger().height();
        for (Node node : nodes) {
            awaitHeight(node, height, 30);
            assertEquals("", node.failure());
        }
        for (long h = 1; h <= height; h++) {
            Hash expected = nodes[0].ledger().block(h).orElseThrow().hash();
            for (Node node : nodes) {
                assertEquals(expected, node.ledger().block(h).orElseThrow().hash(), "height " + h);
            }
        }
        long after = height;
        results.clear();
        results.add(nodes[3].submit(transfer(nodes[3], 3, 0)));
        assertInstanceOf(TxResult.Committed.class, results.get(0).get(30, TimeUnit.SECONDS));
        System.out.println("rolling restart: " + PASSES * NODES + " restarts, chain at height " + after
                + ", still committing at " + nodes[3].ledger().height());
    }
}
