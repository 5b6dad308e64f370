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

    LedgerOnlyNode(Ledger ledger) {
        this.ledger = ledger;
        this.mempool = new Mempool(ledger, MempoolLimits.DEFAULT);
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
        mempool.committed(java.util.Set.copyOf(ledger.block(height).orElseThrow().transactionHashes()), height);
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
