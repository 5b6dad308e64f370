package io.khata.net.node;

import io.khata.core.crypto.Hash;
import io.khata.core.ledger.Ledger;
import io.khata.core.tx.Transaction;
import io.khata.net.mempool.Admission;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What a running node offers to its local clients (the HTTP API, the CLI, an embedding backend). */
public interface NodeApi {
    String nodeId();

    /** What this node is: {@code "validator"} or {@code "observer"} (see {@link NodeRole}). */
    default String role() {
        return NodeRole.VALIDATOR.code();
    }

    Ledger ledger();

    /** Member ids of the peers connected now. */
    List<String> connectedPeers();

    int mempoolSize();

    boolean isPending(Hash txHash);

    /** The pending transaction with this hash, if this node's mempool holds it. */
    default java.util.Optional<Transaction> pendingTransaction(Hash txHash) {
        return java.util.Optional.empty();
    }

    /** Why this node dropped the transaction, if it did so recently (the window is the node's). */
    default java.util.Optional<io.khata.core.Rejection> recentRejection(Hash txHash) {
        return java.util.Optional.empty();
    }

    /** Whether this node is ready to serve: caught up with its peers and connected to a quorum. */
    default Readiness readiness() {
        return Readiness.unchecked();
    }

    /** Admits {@code tx} to the mempool and gossips it; the answer says whether it was accepted. */
    Admission admit(Transaction tx);

    /** Completes when the transaction is committed, or is rejected (for example it expired). */
    CompletableFuture<TxResult> outcome(Hash txHash);

    /**
     * Why consensus or storage stopped this node (a failed sign-state or ledger write, a broken
     * invariant), or empty while it is healthy. A stopped node must be restarted.
     */
    default String failure() {
        return "";
    }

    /**
     * Every committed block from {@code fromHeight} on, in order and each once, delivered off the
     * consensus thread as the subscriber requests them (see {@link io.khata.net.feed.BlockFeed}).
     *
     * @throws IllegalArgumentException if {@code fromHeight} is below 1
     */
    void subscribe(long fromHeight, java.util.concurrent.Flow.Subscriber<? super io.khata.core.block.Block> subscriber);

    /**
     * The given percentile (0 to 100) of recent submit-to-commit times, in milliseconds, of the
     * transactions clients submitted to this node; 0 when none was measured lately.
     */
    default long commitLatencyMillis(double percentile) {
        return 0;
    }

    /** Metrics in the Prometheus text format. */
    String scrapeMetrics();
}
