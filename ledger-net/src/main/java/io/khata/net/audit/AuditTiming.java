package io.khata.net.audit;

/** How fast an audit ran: wall-clock seconds and the blocks and transactions it re-checked per second. */
record AuditTiming(double seconds, long blocks, long transactions) {
    double blocksPerSecond() {
        return seconds <= 0 ? 0 : Math.round(blocks / seconds * 10) / 10.0;
    }

    double transactionsPerSecond() {
        return seconds <= 0 ? 0 : Math.round(transactions / seconds * 10) / 10.0;
    }
}
