package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.TestChain;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.core.crypto.KeyPair;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Four nodes over an in-memory network: the node's shell, sync and submit paths, quickly. */
class NodeClusterTest {
    private static final int NODES = 4;
    private final TestGenesis fixture = TestGenesis.of(NODES);
    private final MemoryNetwork network = new MemoryNetwork();
    private final List<Node> nodes = new ArrayList<>();
    private long nonce;

    @TempDir
    Path home;

    @AfterEach
    void stop() {
        nodes.forEach(Node::close);
    }

    private Node start(int i) {
        String id = TestGenesis.bank(i);
        NodeConfig config = NodeConfig.builder(id, home.resolve(id), fixture.genesis())
                .validatorKey(fixture.validatorKey(id))
                .build();
        Node node = Node.start(config, network.endpoint(id));
        if (i < nodes.size()) {
            nodes.set(i, node);
        } else {
            nodes.add(node);
        }
        return node;
    }

    /**
     * Starts every node and waits for the chain's time to reach this machine's: the test genesis
     * is from 2023, block 1 is a millisecond after it and only block 2 carries the validators'
     * clocks (BFT time), so before it a transaction valid ten minutes from now is more than the
     * one-hour TTL past the chain's time and refused as ttl_too_long.
     */
    private void startAllAndAwaitChainTime() throws InterruptedException {
        for (int i = 0; i < NODES; i++) {
            start(i);
        }
        for (Node node : nodes) {
            awaitHeight(node, 2, Duration.ofSeconds(20));
        }
    }

    private static long inTenMinutes() {
        return System.currentTimeMillis() + 600_000;
    }

    private Transaction transfer(int from, int to, long amount, long validUntil) {
        String sender = TestGenesis.treasury(from);
        TxBody body = new TxBody(fixture.genesis().chainId(),
                List.of(new Operation.Transfer(TestGenesis.PKR, sender, TestGenesis.treasury(to), amount)),
                validUntil, ++nonce, "");
        KeyPair key = fixture.accountKey(sender);
        return TxCodec.sign(body, List.of(key));
    }

    private static void awaitHeight(Node node, long height, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (node.ledger().height() < height) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(node.nodeId() + " stuck at height " + node.ledger().height() + ", wanted " + height);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void fourNodesCommitSubmittedTransfersAndAgree() throws Exception {
        startAllAndAwaitChainTime();
        List<CompletableFuture<TxResult>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            results.add(nodes.get(i % NODES).submit(transfer(i % NODES, (i + 1) % NODES, 1 + i, inTenMinutes())));
        }
        for (CompletableFuture<TxResult> result : results) {
            assertInstanceOf(TxResult.Committed.class, result.get(30, TimeUnit.SECONDS));
        }
        long height = nodes.get(0).ledger().height();
        for (Node node : nodes) {
            awaitHeight(node, height, Duration.ofSeconds(10));
        }
        for (long h = 1; h <= height; h++) {
            var expected = nodes.get(0).ledger().block(h).orElseThrow().hash();
            for (Node node : nodes) {
                assertEquals(expected, node.ledger().block(h).orElseThrow().hash(), "height " + h);
            }
        }
        for (int account = 0; account < NODES; account++) {
            long balance = nodes.get(0).ledger().balance(TestGenesis.treasury(account), TestGenesis.PKR);
            for (Node node : nodes) {
                assertEquals(balance, node.ledger().balance(TestGenesis.treasury(account), TestGenesis.PKR));
            }
        }
        assertTrue(nodes.get(0).scrapeMetrics().contains("khata_tx_committed"));
    }

    @Test
    void aRestartedNodeCatchesUpBySync() throws Exception {
        for (int i = 0; i < NODES; i++) {
            start(i);
        }
        awaitHeight(nodes.get(3), 2, Duration.ofSeconds(20));
        nodes.get(3).close();
        List<CompletableFuture<TxResult>> results = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            results.add(nodes.get(i % 3).submit(transfer(i % 3, 3, 10, inTenMinutes())));
        }
        for (CompletableFuture<TxResult> result : results) {
            assertInstanceOf(TxResult.Committed.class, result.get(30, TimeUnit.SECONDS));
        }
        long target = nodes.get(0).ledger().height() + 2;
        Node restarted = start(3);
        awaitHeight(restarted, target, Duration.ofSeconds(30));
        assertEquals(nodes.get(0).ledger().block(target).orElseThrow().hash(),
                restarted.ledger().block(target).orElseThrow().hash());
        assertEquals(TestGenesis.TREASURY_PKR + 300, restarted.ledger().balance(TestGenesis.treasury(3), TestGenesis.PKR));
    }

    @Test
    void badSubmissionsAreRejectedWithTheirReason() throws Exception {
        startAllAndAwaitChainTime();
        Node node = nodes.get(0);
        Transaction tx = transfer(0, 1, 5, inTenMinutes());
        CompletableFuture<TxResult> first = node.submit(tx);
        TxResult again = node.submit(tx).get(5, TimeUnit.SECONDS);
        assertInstanceOf(io.khata.core.Rejection.AlreadyPending.class, ((TxResult.Rejected) again).reason());
        assertInstanceOf(TxResult.Committed.class, first.get(30, TimeUnit.SECONDS));
        awaitHeight(nodes.get(1), node.ledger().height(), Duration.ofSeconds(10));
        TxResult replayed = nodes.get(1).submit(tx).get(5, TimeUnit.SECONDS);
        assertInstanceOf(io.khata.core.Rejection.Replayed.class, ((TxResult.Rejected) replayed).reason());

        TxResult expired = node.submit(transfer(0, 1, 5, 0)).get(5, TimeUnit.SECONDS);
        assertInstanceOf(io.khata.core.Rejection.Expired.class, ((TxResult.Rejected) expired).reason());

        Transaction other = transfer(0, 1, 6, inTenMinutes());
        Transaction forged = TxCodec.assemble(TxCodec.encodeBody(other.body()),
                List.of(new io.khata.core.tx.TxSignature(other.signatures().get(0).publicKey(),
                        tx.signatures().get(0).signature())));
        TxResult bad = node.submit(forged).get(5, TimeUnit.SECONDS);
        assertInstanceOf(io.khata.core.Rejection.BadSignature.class, ((TxResult.Rejected) bad).reason());
    }

    @Test
    void aVoteFromANonValidatorIsDroppedAndTheNetworkGoesOn() throws Exception {
        startAllAndAwaitChainTime();
        awaitHeight(nodes.get(0), 1, Duration.ofSeconds(20));
        KeyPair mallory = TestGenesis.keyPair("mallory");
        PeerNetwork intruder = network.endpoint("mallory");
        intruder.start((from, envelope) -> { });
        long height = nodes.get(0).ledger().height() + 1;
        io.khata.core.block.Vote vote = io.khata.core.block.Vote.sign(io.khata.core.block.VoteType.PRECOMMIT,
                fixture.genesis().chainId(), height, 0, io.khata.core.crypto.Hash.ZERO, System.currentTimeMillis(), "mallory",
                mallory);
        intruder.broadcast(io.khata.proto.Envelope.newBuilder()
                .setVote(io.khata.core.block.VoteCodec.toWire(vote)).build());
        assertInstanceOf(TxResult.Committed.class, nodes.get(1).submit(transfer(1, 2, 3, inTenMinutes())).get(30, TimeUnit.SECONDS));
        String metrics = nodes.get(0).scrapeMetrics();
        assertTrue(metrics.contains("khata_rejected_total{") && metrics.contains("source=\"consensus\""), metrics);
        intruder.close();
    }

    @Test
    void aPeerWhoseStatusLacksVotesIsSentThem() throws Exception {
        for (int i = 0; i < 3; i++) {
            start(i);
        }
        PeerNetwork probe = network.endpoint("bank3");
        java.util.concurrent.atomic.AtomicInteger relayed = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicLong statusHeight = new java.util.concurrent.atomic.AtomicLong(-1);
        probe.start((from, envelope) -> {
            if (from.equals("bank0") && envelope.hasStatus()) {
                io.khata.proto.Status theirs = envelope.getStatus();
                statusHeight.set(theirs.getHeight());
                probe.send("bank0", io.khata.proto.Envelope.newBuilder().setStatus(io.khata.proto.Status.newBuilder()
                        .setHeight(theirs.getHeight()).setRound(theirs.getRound())).build());
            } else if (from.equals("bank0") && envelope.hasVote() && !envelope.getVote().getValidator().equals("bank0")
                    && envelope.getVote().getHeight() == statusHeight.get()) {
                relayed.incrementAndGet(); // another validator's vote for the current height: only an answer sends those
            }
        });
        long deadline = System.currentTimeMillis() + 20_000;
        while (relayed.get() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(relayed.get() > 0, "bank0 answered a status that lacked votes with other validators' votes");
        probe.close();
    }

    @Test
    void evidenceSentToOneNodeIsForwardedAndCommitted() throws Exception {
        for (int i = 0; i < 3; i++) {
            start(i);
        }
        awaitHeight(nodes.get(0), 1, Duration.ofSeconds(20));
        String offender = TestGenesis.bank(3);
        KeyPair offenderKey = fixture.validatorKey(offender);
        PeerNetwork probe = network.endpoint(offender);
        java.util.Set<String> forwardedBy = java.util.concurrent.ConcurrentHashMap.newKeySet();
        probe.start((from, envelope) -> {
            if (envelope.hasEvidence()) {
                forwardedBy.add(from);
            }
        });
        String chain = fixture.genesis().chainId();
        io.khata.core.block.Evidence evidence = new io.khata.core.block.Evidence(
                io.khata.core.block.Vote.sign(io.khata.core.block.VoteType.PREVOTE, chain, 1, 0, null,
                        System.currentTimeMillis(), offender, offenderKey),
                io.khata.core.block.Vote.sign(io.khata.core.block.VoteType.PREVOTE, chain, 1, 0,
                        io.khata.core.crypto.Hash.ZERO, System.currentTimeMillis(), offender, offenderKey));
        probe.send(TestGenesis.bank(0), io.khata.proto.Envelope.newBuilder()
                .setEvidence(io.khata.core.block.VoteCodec.toWire(evidence)).build());

        Node observer = nodes.get(2);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long committedAt = -1;
        for (long h = 2; committedAt < 0 && System.nanoTime() < deadline; ) {
            if (observer.ledger().height() < h) {
                Thread.sleep(20);
                continue;
            }
            boolean carries = observer.ledger().block(h).orElseThrow().evidence().stream()
                    .anyMatch(e -> e.validator().equals(offender) && e.height() == 1);
            committedAt = carries ? h : -1;
            h++;
        }
        assertTrue(committedAt > 0, "the evidence reached a committed block");
        assertTrue(forwardedBy.stream().anyMatch(from -> !from.equals(TestGenesis.bank(0))),
                "a node that got it from bank0, not from the probe, forwarded it: " + forwardedBy);
        probe.close();
    }
}
