package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.block.Vote;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.store.CommitBatch;
import io.khata.core.store.ForwardingLedgerStore;
import io.khata.core.store.LedgerStore;
import io.khata.core.store.StorageException;
import io.khata.core.tx.Operation;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.net.api.HttpApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No zombie after a ledger write error: bank0's RocksDB store, wrapped, refuses to write a
 * block, once while consensus commits it and once while block sync applies it. Either way the
 * node marks itself unhealthy (its failure, the {@code khata_node_healthy} metric, {@code
 * /status}, readiness), tries the write once and never again, commits nothing more, signs
 * nothing more (no later commit carries its precommit) and refuses new transactions, while the
 * three other banks go on committing.
 */
class NodeStorageFailureTest {
    private static final int NODES = 4;
    /** Quick rounds: the others go on without bank0 whenever it would have proposed. */
    private static final io.khata.net.consensus.Timeouts FAST =
            new io.khata.net.consensus.Timeouts(400, 200, 200, 50, 1_500, 300, 1_000);
    private final TestGenesis fixture = TestGenesis.of(NODES);
    private final MemoryNetwork network = new MemoryNetwork();
    private final List<Node> nodes = new ArrayList<>();
    private final FailingStore[] store = new FailingStore[1];

    @TempDir
    Path home;

    @AfterEach
    void stop() {
        nodes.forEach(Node::close);
    }

    /** The RocksDB store under bank0's ledger, made to fail every write of a block at or above a height. */
    private static final class FailingStore extends ForwardingLedgerStore {
        private volatile long failFrom = Long.MAX_VALUE;
        private final AtomicInteger failedWrites = new AtomicInteger();
        private volatile long firstFailedHeight = -1;
        private volatile boolean firstFailedBySync;

        FailingStore(LedgerStore rocks) {
            super(rocks);
        }

        @Override
        public void commit(CommitBatch batch) {
            if (batch.height() >= failFrom) {
                if (failedWrites.getAndIncrement() == 0) {
                    firstFailedHeight = batch.height();
                    firstFailedBySync = StackWalker.getInstance().walk(frames -> frames.anyMatch(frame ->
                            frame.getClassName().equals(ConsensusShell.class.getName())
                                    && frame.getMethodName().equals("synced")));
                }
                throw new StorageException("cannot commit height " + batch.height()
                        + ": While appending to file: 000004.log: No space left on device (injected)", null);
            }
            super.commit(batch);
        }
    }

    private void startAll() {
        for (int i = 0; i < NODES; i++) {
            String id = TestGenesis.bank(i);
            NodeConfig config = NodeConfig.builder(id, home.resolve(id), fixture.genesis())
                    .validatorKey(fixture.validatorKey(id)).timeouts(FAST).build();
            nodes.add(i == 0
                    ? Node.start(config, network.endpoint(id), rocks -> store[0] = new FailingStore(rocks))
                    : Node.start(config, network.endpoint(id)));
        }
    }

    @Test
    void aLedgerWriteErrorOnCommitMarksTheNodeUnhealthyAndItNeverVotesAgain() throws Exception {
        startAll();
        Node bank0 = nodes.get(0);
        Node bank1 = nodes.get(1);
        HostileCluster.await("bank0 commits", () -> bank0.ledger().height() >= 2, 20_000);
        try (HttpApiServer api = HttpApiServer.start(bank0, new java.net.InetSocketAddress("127.0.0.1", 0))) {
            store[0].failFrom = bank0.ledger().height() + 1; // the next block it commits by consensus
            String reason = bank0.failed().get(20, TimeUnit.SECONDS);
            assertFalse(store[0].firstFailedBySync, "this write error came from consensus' commit");
            assertUnhealthy(bank0, reason, api);
            assertStopped(bank0, bank1, store[0].firstFailedHeight + 1);
        }
    }

    @Test
    void aLedgerWriteErrorWhileApplyingSyncedBlocksIsNotSwallowed() throws Exception {
        startAll();
        Node bank0 = nodes.get(0);
        Node bank1 = nodes.get(1);
        HostileCluster.await("bank0 commits", () -> bank0.ledger().height() >= 2, 20_000);
        network.isolate(TestGenesis.bank(0));
        Thread.sleep(200); // what was in flight to bank0 arrives
        long isolatedAt = bank0.ledger().height();
        // The others go on; bank0's next block comes by consensus or sync, the one after only by sync.
        HostileCluster.await("the others four blocks ahead", () -> bank1.ledger().height() >= isolatedAt + 4, 20_000);
        store[0].failFrom = isolatedAt + 2;
        try (HttpApiServer api = HttpApiServer.start(bank0, new java.net.InetSocketAddress("127.0.0.1", 0))) {
            network.reconnect(TestGenesis.bank(0));
            String reason = bank0.failed().get(20, TimeUnit.SECONDS);
            assertTrue(store[0].firstFailedBySync, "this write error came from block sync");
            assertEquals(isolatedAt + 2, store[0].firstFailedHeight);
            assertUnhealthy(bank0, reason, api);
            assertStopped(bank0, bank1, bank1.ledger().height() + 1);
        }
    }

    private void assertUnhealthy(Node node, String reason, HttpApiServer api) throws Exception {
        String id = node.nodeId();
        assertTrue(reason.contains("cannot commit height " + store[0].firstFailedHeight), reason);
        assertEquals(reason, node.failure());
        assertTrue(node.scrapeMetrics().contains("khata_node_healthy{node=\"" + id + "\"} 0.0"), node.scrapeMetrics());
        HttpResponse<String> status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + api.address().getPort() + "/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(status.body().replace(" ", "").contains("\"healthy\":false"), status.body());
        assertTrue(status.body().contains("cannot commit height"), status.body());
        assertFalse(node.readiness().ready(), node.readiness().toString());
        assertTrue(node.readiness().reason().contains("unhealthy"), node.readiness().reason());
        String sender = TestGenesis.treasury(0);
        io.khata.core.tx.Transaction transfer = TxCodec.sign(new TxBody(fixture.genesis().chainId(),
                List.of(new Operation.Transfer(TestGenesis.PKR, sender, TestGenesis.treasury(1), 1)),
                System.currentTimeMillis() + 600_000, 1, ""), List.of(fixture.accountKey(sender)));
        assertInstanceOf(io.khata.net.node.TxResult.Rejected.class, node.submit(transfer).get(5, TimeUnit.SECONDS),
                "an unhealthy node takes no transaction it would never commit");
    }

    /**
     * The failed node wrote once and never tried again, committed nothing more, and no commit
     * from {@code firstSilentHeight} on carries its precommit while the others go on.
     */
    private void assertStopped(Node failed, Node other, long firstSilentHeight) {
        long stoppedAt = failed.ledger().height();
        assertTrue(stoppedAt < store[0].firstFailedHeight, "the block whose write failed is not committed");
        io.khata.net.consensus.SignState signed = signState(failed);
        assertTrue(signed.height() <= store[0].firstFailedHeight, "signed nothing above the failed block: " + signed);
        long until = Math.max(other.ledger().height(), firstSilentHeight) + 3;
        HostileCluster.await("the three others commit on", () -> other.ledger().height() >= until, 20_000);
        assertEquals(stoppedAt, failed.ledger().height(), "the failed node committed nothing more");
        assertEquals(signed, signState(failed), "the failed node signed nothing more");
        assertEquals(1, store[0].failedWrites.get(), "the failed write was not retried");
        for (long h = firstSilentHeight; h <= other.ledger().height(); h++) {
            for (Vote precommit : other.ledger().commit(h).orElseThrow().votes()) {
                assertFalse(precommit.validator().equals(failed.nodeId()), "bank0 precommitted height " + h);
            }
        }
        for (int i = 1; i < NODES; i++) {
            assertEquals("", nodes.get(i).failure());
        }
    }

    private io.khata.net.consensus.SignState signState(Node node) {
        try (SignStateFile file = new SignStateFile(home.resolve(node.nodeId()).resolve("signstate.bin"))) {
            return file.load();
        }
    }

}
