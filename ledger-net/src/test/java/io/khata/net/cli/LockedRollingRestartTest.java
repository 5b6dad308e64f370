package io.khata.net.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.block.VoteType;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.KeyFiles;
import io.khata.core.crypto.KeyPair;
import io.khata.core.genesis.Genesis;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.net.consensus.Proposers;
import io.khata.net.consensus.SignState;
import io.khata.net.consensus.Timeouts;
import io.khata.net.node.Node;
import io.khata.net.node.NodeConfig;
import io.khata.net.node.NodeConfigLoader;
import io.khata.net.node.SignStateFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts that forget, in rounds where locks are held: four honest validators over real Netty
 * and mutual TLS, no hostile member and no test hook in the node. Each pass makes two
 * validators lock a block that cannot be committed, restarts both, and checks that the
 * network then commits exactly that block; two passes lock every validator once.
 *
 * <p>How the lock comes about, with only stops and starts: the chain idles at height h, round 0
 * (an empty-block delay longer than the propose timeout, so nobody signs at h until a
 * transfer arrives). Two validators are stopped; a transfer reaches round 0's proposer, and
 * the two validators still up prevote its block X: two prevotes, no quorum, and no round can
 * end with two of four. One of them (S) is stopped; a stopped one (J) starts, receives X and
 * both prevotes from the remaining one (K) by status exchange and prevotes X. Now three
 * prevotes exist: K and J lock X and precommit it, two precommits, no commit. Both are then
 * stopped, so that no memory holds X any more, only their sign-state files, and started again;
 * then the other two. Round 0 ends without a proposal; X is committed in the first later round
 * that K or J proposes, re-proposing the block its sign-state kept. A validator that came back
 * without its locked block could neither re-propose X nor prevote another block, and the
 * height would stall; one that came back without its lock would help commit another block.
 *
 * <p>Two steps depend on timing, and both are checked rather than assumed: the two validators
 * must stop before their propose timeout at the fresh height (their sign-state shows it), and
 * S's prevote must reach K before S stops (J's lock shows it). An attempt that misses either
 * lets the height commit and is tried again at the next one; the test reports how many were.
 */
class LockedRollingRestartTest {
    private static final int NODES = 4;
    private static final int PASSES = 2;
    /** Round 0's propose timeout: the window in which a validator stopped at a fresh height has signed nothing there. */
    private static final Timeouts WINDOWED = new Timeouts(2_000, 500, 500, 250, 10_000, 1_000, 2_000);
    /** The late validator waits longer for the proposal, which it receives by status exchange (announced each second). */
    private static final Timeouts LATE = new Timeouts(8_000, 500, 500, 250, 10_000, 1_000, 2_000);
    /** Longer than any propose timeout: an idle chain proposes nothing, so a height opens with nothing signed. */
    private static final long EMPTY_BLOCK_DELAY_MILLIS = 60_000;
    private static final int ATTEMPTS_MAX = 4;
    /** Time for a vote already persisted to be sent and received before its sender is stopped. */
    private static final long SENT_MILLIS = 300;
    /** Once J signed at the height: how long K and J may take to lock when every prevote arrived. */
    private static final long LOCK_MILLIS = 5_000;

    @TempDir
    Path dir;

    private final Node[] nodes = new Node[NODES];
    private final List<KeyPair> treasuries = new ArrayList<>();
    private final PortBlock ports = PortBlock.reserveForTest(2 * NODES);
    private final int basePort = ports.base();
    private final List<Transaction> sent = new ArrayList<>();
    private long nonce;

    @AfterEach
    void closeAll() {
        for (Node node : nodes) {
            if (node != null) {
                node.close();
            }
        }
        ports.close();
    }

    @Test
    void restartsThatForget_everyValidatorRestartedWhileLockedComesBackWithItsBlockAndTheLockedBlockIsCommitted()
            throws Exception {
        Testnet.create(dir, NODES, 0, basePort, false, Genesis.MAX_TX_TTL_MILLIS_DEFAULT);
        for (int i = 0; i < NODES; i++) {
            treasuries.add(KeyFiles.readPrivateKey(Testnet.keyFile(dir, Testnet.treasury(i))));
            start(i, WINDOWED);
        }
        int restartsWhileLocked = 0;
        int attemptsMissed = 0;
        List<String> lockedAt = new ArrayList<>();
        for (int pass = 0; pass < PASSES; pass++) {
            int[] pair = {2 * pass, 2 * pass + 1}; // the validators to lock in this pass: every one over two passes
            Lock attempted = null;
            for (int attempt = 0; attempted == null; attempt++) {
                assertTrue(attempt < ATTEMPTS_MAX, "no lock formed in " + ATTEMPTS_MAX
                        + " attempts (the idle window missed, or a prevote lost with its sender stopped)");
                attempted = lock(pair);
                if (attempted == null) {
                    attemptsMissed++;
                }
            }
            Lock lock = attempted;
            // Both locked validators down at once: no memory holds X, only their sign-state files.
            for (int i : new int[] {lock.k, lock.j}) {
                stop(i);
                SignState saved = signState(i);
                assertEquals(lock.height, saved.height(), "bank" + i + " signed last at the stalled height");
                assertEquals(0, saved.lockedRound(), "bank" + i + " was locked when stopped: " + saved);
                assertEquals(lock.block, saved.lockedBlockHash(), "bank" + i + " was locked on the block of round 0");
                assertNotNull(saved.lockedBlock(), "bank" + i + "'s sign-state holds the locked block itself");
                assertEquals(lock.block, saved.lockedBlock().hash());
            }
            for (int i : new int[] {lock.j, lock.k}) {
                start(i, WINDOWED);
                restartsWhileLocked++;
            }
            Thread.sleep(500);
            assertEquals(lock.height - 1, nodes[lock.k].ledger().height(), "two validators alone commit nothing");
            start(lock.s, WINDOWED);
            start(lock.f, WINDOWED);
            // Traffic while the height is stalled: proposals of the validators that are not locked carry it.
            // (Gossip reaches the peers connected when it is sent: each sender waits for all three.)
            for (int i : new int[] {lock.s, lock.f}) {
                Node node = nodes[i];
                await(node.nodeId() + " connected", () -> node.connectedPeers().size() == NODES - 1, 10_000);
                submit(i, i, (i + 1) % NODES);
            }
            for (Node node : nodes) {
                await(node.nodeId() + " past the height where bank" + lock.k + " and bank" + lock.j + " were locked",
                        () -> node.ledger().height() >= lock.height, 30_000);
                assertEquals(lock.block, node.ledger().block(lock.height).orElseThrow().hash(),
                        node.nodeId() + " committed the block that was locked at height " + lock.height);
            }
            lockedAt.add("h" + lock.height + ": bank" + lock.k + "+bank" + lock.j);
            awaitIdle();
        }
        assertEquals(2 * PASSES, restartsWhileLocked);
        assertTrue(restartsWhileLocked > 0);

        for (Transaction tx : sent) {
            for (Node node : nodes) {
                await(node.nodeId() + " committed transfer " + tx.hash(),
                        () -> node.ledger().transaction(tx.hash()).isPresent(), 30_000);
            }
        }
        long height = nodes[0].ledger().height();
        for (Node node : nodes) {
            await(node.nodeId() + " at height " + height, () -> node.ledger().height() >= height, 30_000);
            assertEquals("", node.failure());
        }
        for (long h = 1; h <= height; h++) {
            Hash expected = nodes[0].ledger().block(h).orElseThrow().hash();
            for (Node node : nodes) {
                assertEquals(expected, node.ledger().block(h).orElseThrow().hash(), "height " + h);
            }
        }
        System.out.println("locked rolling restart: " + restartsWhileLocked + " restarts of a locked validator ("
                + String.join(", ", lockedAt) + "), " + attemptsMissed + " attempts tried again, chain at height " + height);
    }

    /** Who does what at the stalled height: K and J lock, S prevotes and is stopped, F stays down. */
    private record Lock(long height, Hash block, int k, int j, int s, int f) {
    }

    /**
     * Makes the two validators of {@code pair} lock a block at a height that cannot commit, and
     * leaves them running with S and F stopped. Null when the attempt missed (a stopped
     * validator had already signed at the new height, or S's prevote did not reach K before S
     * stopped); the network is then whole again, and the caller tries at the next height.
     */
    private Lock lock(int[] pair) throws Exception {
        awaitIdle();
        // Open the height: one transfer committed by all four; J and F are then stopped at once.
        Transaction opening = submit(0, 0, 1);
        for (Node node : nodes) {
            await(node.nodeId() + " committed the opening transfer",
                    () -> node.ledger().transaction(opening.hash()).isPresent(), 30_000);
        }
        long open = nodes[0].ledger().height() + 1;
        int proposer = Integer.parseInt(Proposers.proposer(nodes[0].ledger().validatorsAt(open), open, 0)
                .substring("bank".length()));
        // Round 0's proposer is K or S: it stays up to propose X.
        int k = proposer == pair[1] ? pair[1] : pair[0];
        int j = k == pair[0] ? pair[1] : pair[0];
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            if (i != k && i != j) {
                rest.add(i);
            }
        }
        int s = rest.contains(proposer) ? proposer : rest.get(0);
        int f = rest.get(0) == s ? rest.get(1) : rest.get(0);
        CompletableFuture<Void> stopJ = CompletableFuture.runAsync(() -> stop(j));
        stop(f);
        stopJ.join();
        if (signState(j).height() >= open || signState(f).height() >= open || nodes[k].ledger().height() >= open) {
            start(j, WINDOWED);
            start(f, WINDOWED);
            return null;
        }
        assertEquals(open, nodes[s].ledger().height() + 1);

        // Round 0's proposer gets a transfer and proposes X; K and S prevote it, two of four.
        submit(proposer, proposer, (proposer + 1) % NODES);
        await("bank" + k + " and bank" + s + " prevoted round 0's block",
                () -> prevotedBlock(k, open) && prevotedBlock(s, open), 15_000);
        // A vote is persisted before it is sent, and a stop loses what was not sent yet: S's
        // prevote must reach K first. Whether it did shows below, when J locks or does not.
        Thread.sleep(SENT_MILLIS);
        stop(s);
        Hash block = signState(s).lastVote().blockHash();

        // J comes up, receives X and both prevotes from K, and prevotes X: K and J lock it.
        start(j, LATE);
        await("bank" + j + " signed at height " + open, () -> signState(j).height() == open, 20_000);
        if (!within(LOCK_MILLIS, () -> lockedOn(k, open, block) && lockedOn(j, open, block))) {
            // J prevoted without a quorum (K lacked S's prevote, or J lacked the proposal): S's
            // prevote, re-sent when it restarts, lets the height commit; the pass is tried again.
            start(s, WINDOWED);
            start(f, WINDOWED);
            for (Node node : nodes) {
                await(node.nodeId() + " past height " + open, () -> node.ledger().height() >= open, 30_000);
            }
            return null;
        }
        assertEquals(open - 1, nodes[k].ledger().height(), "two precommits commit nothing");
        return new Lock(open, block, k, j, s, f);
    }

    private static boolean within(long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private boolean prevotedBlock(int i, long height) {
        SignState state = signState(i);
        return state.height() == height && state.round() == 0 && state.lastVote() != null
                && state.lastVote().type() == VoteType.PREVOTE && state.lastVote().blockHash() != null;
    }

    private boolean lockedOn(int i, long height, Hash block) {
        SignState state = signState(i);
        return state.height() == height && state.lockedRound() == 0 && block.equals(state.lockedBlockHash());
    }

    /**
     * Waits until every node is at one height with an empty mempool, so that the next height
     * opens idle, and connected to every other, so that a transfer sent to one reaches all.
     */
    private void awaitIdle() {
        await("all nodes connected, at one height, with empty mempools", () -> {
            long height = nodes[0].ledger().height();
            for (Node node : nodes) {
                if (node.ledger().height() != height || node.mempoolSize() != 0
                        || node.connectedPeers().size() != NODES - 1) {
                    return false;
                }
            }
            return true;
        }, 30_000);
    }

    /** The sign-state file of bank {@code i} as it is on disk now (the node may be writing it: a slot is whole or ignored). */
    private SignState signState(int i) {
        try (SignStateFile file = new SignStateFile(Testnet.nodeHome(dir, i).resolve("signstate.bin"))) {
            return file.load();
        }
    }

    private void start(int i, Timeouts timeouts) throws Exception {
        NodeConfig loaded = NodeConfigLoader.load(Testnet.nodeHome(dir, i).resolve("node.json"));
        NodeConfig config = new NodeConfig(loaded.nodeId(), loaded.home(), loaded.genesis(), loaded.validatorKey(),
                loaded.ledgerOptions(), loaded.mempoolLimits(), timeouts, loaded.tlsCertificateFile(),
                loaded.tlsKeyFile(), loaded.p2pListen(), loaded.peerAddresses(), loaded.apiListen(),
                EMPTY_BLOCK_DELAY_MILLIS, loaded.allowedPeerAddresses(), loaded.meterRegistry(),
                loaded.unsafeAllowSignStateReset(), loaded.apiAccess(), loaded.role());
        ports.release(Testnet.p2pPort(basePort, i));
        nodes[i] = Node.start(config);
    }

    private void stop(int i) {
        nodes[i].close();
        nodes[i] = null;
        ports.hold(Testnet.p2pPort(basePort, i));
    }

    private Transaction submit(int via, int from, int to) {
        Transaction tx = TxCodec.sign(new TxBody(nodes[via].ledger().chainId(), List.of(new Operation.Transfer(
                Testnet.PKR, Testnet.treasury(from), Testnet.treasury(to), 1)), System.currentTimeMillis() + 600_000,
                ++nonce, ""), List.of(treasuries.get(from)));
        nodes[via].submit(tx); // its future fails if this node is stopped; the ledgers tell what was committed
        sent.add(tx);
        return tx;
    }

    private static void await(String what, BooleanSupplier condition, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting: " + what);
            }
        }
    }
}
