package io.khata.net.sim;

/** What happened in one run, for the report line and for aggregate assertions. */
final class SimStats {
    int byzantine;
    long steps;
    long delivered;
    long dropped;
    long undecodable;
    long evidenceFound;
    long equivocationsInjected;
    long partitions;
    long crashes;
    long syncRequests;
    long syncedBlocks;
    long refusedTransactions;
    long virtualMillis;
    long heights;

    void add(SimStats other) {
        byzantine += other.byzantine;
        steps += other.steps;
        delivered += other.delivered;
        dropped += other.dropped;
        undecodable += other.undecodable;
        evidenceFound += other.evidenceFound;
        equivocationsInjected += other.equivocationsInjected;
        partitions += other.partitions;
        crashes += other.crashes;
        syncRequests += other.syncRequests;
        syncedBlocks += other.syncedBlocks;
        refusedTransactions += other.refusedTransactions;
        virtualMillis += other.virtualMillis;
        heights += other.heights;
    }

    @Override
    public String toString() {
        return "heights=" + heights + " virtualSeconds=" + virtualMillis / 1000 + " steps=" + steps
                + " delivered=" + delivered + " dropped=" + dropped + " undecodable=" + undecodable
                + " equivocationsInjected=" + equivocationsInjected + " evidenceFound=" + evidenceFound
                + " partitions=" + partitions + " crashes=" + crashes + " syncRequests=" + syncRequests
                + " syncedBlocks=" + syncedBlocks + " refusedTransactions=" + refusedTransactions;
    }
}
