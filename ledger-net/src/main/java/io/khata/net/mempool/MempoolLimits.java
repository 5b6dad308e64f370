package io.khata.net.mempool;

/**
 * Bounds of the mempool. A transaction that would exceed them is refused at admission (the
 * client retries later); nothing already admitted is evicted to make room, so a flood cannot
 * push out honest transactions that arrived first.
 *
 * @param transactionsMax pending transactions (default 50,000)
 * @param bytesMax        pending encoded bytes (default 64 MiB)
 * @param seenMax         hashes remembered to drop re-gossiped duplicates (default 200,000)
 */
public record MempoolLimits(int transactionsMax, long bytesMax, int seenMax) {
    public static final MempoolLimits DEFAULT = new MempoolLimits(50_000, 64L * 1024 * 1024, 200_000);

    public MempoolLimits {
        if (transactionsMax <= 0 || bytesMax <= 0 || seenMax <= 0) {
            throw new IllegalArgumentException("mempool limits must be positive");
        }
    }
}
