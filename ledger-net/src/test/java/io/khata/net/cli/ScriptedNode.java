package io.khata.net.cli;

import io.khata.core.crypto.Hash;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.TestChain;
import io.khata.core.tx.Transaction;
import io.khata.net.api.HttpApiServer;
import io.khata.net.mempool.Admission;
import io.khata.net.mempool.Mempool;
import io.khata.net.mempool.MempoolLimits;
import io.khata.net.node.NodeApi;
import io.khata.net.node.TxResult;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A node without a network behind a real HTTP API, for command-line tests: it admits
 * transactions to a mempool and commits each one {@code commitAfterMillis} after it arrived,
 * or never when that is negative.
 */
final class ScriptedNode implements NodeApi, AutoCloseable {
    final TestGenesis fixture = TestGenesis.of(4);
    private final Ledger ledger = Ledger.inMemory(fixture.genesis());
    private final TestChain chain = new TestChain(fixture, ledger);
    private final Mempool mempool = new Mempool(ledger, MempoolLimits.DEFAULT);
    private final Map<Hash, CompletableFuture<TxResult>> outcomes = new ConcurrentHashMap<>();
    private final ScheduledExecutorService committer = Executors.newSingleThreadScheduledExecutor();
    private final long commitAfterMillis;
    private final HttpApiServer api;
    /** Committed blocks to subscribers, delivered on the committer's thread. */
    private final io.khata.net.feed.BlockFeed feed = new io.khata.net.feed.BlockFeed(ledger.height(), ledger::block,
            committer);

    ScriptedNode(long commitAfterMillis, long apiWaitMillisMax) throws InterruptedException {
        this.commitAfterMillis = commitAfterMillis;
        this.api = HttpApiServer.start(this, new InetSocketAddress("127.0.0.1", 0), apiWaitMillisMax);
    }

    String url() {
        return "http://127.0.0.1:" + api.address().getPort();
    }

    private void commitPending() {
        List<Transaction> candidates = mempool.candidates(100);
        if (candidates.isEmpty()) {
            return;
        }
        io.khata.core.block.Block block = chain.commitNext(candidates).block();
        feed.published(block);
        long height = block.height();
        List<Transaction> txs = ledger.block(height).orElseThrow().transactions();
        mempool.committed(Set.copyOf(ledger.block(height).orElseThrow().transactionHashes()),
                ledger.block(height).orElseThrow().header().timeMillis());
        for (int i = 0; i < txs.size(); i++) {
            outcome(txs.get(i).hash()).complete(new TxResult.Committed(txs.get(i).hash(), height, i));
        }
    }

    @Override
    public String nodeId() {
        return TestGenesis.bank(0);
    }

    @Override
    public Ledger ledger() {
        return ledger;
    }

    @Override
    public List<String> connectedPeers() {
        return List.of();
    }

    @Override
    public int mempoolSize() {
        return mempool.size();
    }

    @Override
    public boolean isPending(Hash txHash) {
        return mempool.contains(txHash);
    }

    @Override
    public Admission admit(Transaction tx) {
        Admission admission = mempool.offer(tx);
        if (admission instanceof Admission.Accepted && commitAfterMillis >= 0) {
            committer.schedule(this::commitPending, commitAfterMillis, TimeUnit.MILLISECONDS);
        }
        return admission;
    }

    @Override
    public CompletableFuture<TxResult> outcome(Hash txHash) {
        return outcomes.computeIfAbsent(txHash, hash -> new CompletableFuture<>());
    }

    @Override
    public String scrapeMetrics() {
        return "";
    }

    @Override
    public void subscribe(long fromHeight, java.util.concurrent.Flow.Subscriber<? super io.khata.core.block.Block> subscriber) {
        feed.subscribe(fromHeight, subscriber);
    }

    @Override
    public void close() {
        api.close();
        feed.close();
        committer.shutdownNow();
        ledger.close();
    }
}
