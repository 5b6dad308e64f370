package io.khata.net.api;

import io.khata.core.crypto.Hash;
import io.khata.core.ledger.Ledger;
import io.khata.core.tx.Transaction;
import io.khata.net.mempool.Admission;
import io.khata.net.mempool.Mempool;
import io.khata.net.mempool.MempoolLimits;
import io.khata.net.node.NodeApi;
import io.khata.net.node.TxResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link NodeApi} over one ledger and a mempool, without a network: the test commits blocks itself. */
final class LedgerOnlyNode implements NodeApi {
    private final Ledger ledger;
    private final Mempool mempool;
    private final Map<Hash, CompletableFuture<TxResult>> outcomes = new ConcurrentHashMap<>();
    private final Map<Hash, io.khata.core.Rejection> rejections = new ConcurrentHashMap<>();
    private volatile io.khata.net.node.Readiness readiness = io.khata.net.node.Readiness.unchecked();

    /** Delivers the block feed; its one daemon thread starts with the first subscriber. */
    private final java.util.concurrent.ExecutorService feedExecutor = java.util.concurrent.Executors.newSingleThreadExecutor(
            runnable -> {
                Thread thread = new Thread(runnable, "ledger-only-feed");
                thread.setDaemon(true);
                return thread;
            });
    private final io.khata.net.feed.BlockFeed feed;

    LedgerOnlyNode(Ledger ledger) {
        this.ledger = ledger;
        this.mempool = new Mempool(ledger, MempoolLimits.DEFAULT);
        this.feed = new io.khata.net.feed.BlockFeed(ledger.height(), ledger::block, feedExecutor);
    }

    @Override
    public void subscribe(long fromHeight, java.util.concurrent.Flow.Subscriber<? super io.khata.core.block.Block> subscriber) {
        feed.subscribe(fromHeight, subscriber);
    }

    Mempool mempool() {
        return mempool;
    }

    /** Completes the outcomes of the transactions of the block just committed. */
    void committed(long height) {
        List<Transaction> txs = ledger.block(height).orElseThrow().transactions();
        for (int i = 0; i < txs.size(); i++) {
            outcome(txs.get(i).hash()).complete(new TxResult.Committed(txs.get(i).hash(), height, i));
        }
        mempool.committed(java.util.Set.copyOf(ledger.block(height).orElseThrow().transactionHashes()),
                ledger.block(height).orElseThrow().header().timeMillis());
        feed.published(ledger.block(height).orElseThrow());
    }

    @Override
    public String nodeId() {
        return "bank0";
    }

    @Override
    public Ledger ledger() {
        return ledger;
    }

    @Override
    public List<String> connectedPeers() {
        return List.of("bank1", "bank2");
    }

    @Override
    public int mempoolSize() {
        return mempool.size();
    }

    @Override
    public boolean isPending(Hash txHash) {
        return mempool.contains(txHash);
    }

    /** As a node does when it drops a pending transaction (it expired, or a proposer left it out). */
    void reject(Hash txHash, io.khata.core.Rejection reason) {
        mempool.remove(txHash);
        rejections.put(txHash, reason);
    }

    void readiness(io.khata.net.node.Readiness value) {
        readiness = value;
    }

    @Override
    public java.util.Optional<Transaction> pendingTransaction(Hash txHash) {
        return mempool.pending(txHash);
    }

    @Override
    public java.util.Optional<io.khata.core.Rejection> recentRejection(Hash txHash) {
        return java.util.Optional.ofNullable(rejections.get(txHash));
    }

    @Override
    public io.khata.net.node.Readiness readiness() {
        return readiness;
    }

    @Override
    public Admission admit(Transaction tx) {
        return mempool.offer(tx);
    }

    @Override
    public CompletableFuture<TxResult> outcome(Hash txHash) {
        return outcomes.computeIfAbsent(txHash, h -> new CompletableFuture<>());
    }

    @Override
    public String scrapeMetrics() {
        return "# TYPE khata_height gauge\nkhata_height " + ledger.height() + "\n";
    }
}
