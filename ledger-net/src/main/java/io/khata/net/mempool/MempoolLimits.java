package io.khata.net.mempool;

/**
 * Bounds of the mempool. A transaction that would exceed them is refused at admission (the
 * client retries later); nothing already admitted is evicted to make room, so a flood cannot
 * push out honest transactions that arrived first.
 *
 * @param transactionsMax    pending transactions (default 50,000)
 * @param bytesMax           pending encoded bytes (default 64 MiB)
 * @param seenMax            hashes remembered to drop re-gossiped duplicates (default 200,000)
 * @param senderSharePercent the share of both {@code transactionsMax} and {@code bytesMax} that the
 *                           pending transactions signed by one key may take (default 10: one
 *                           customer, or one settlement account's key, holds at most 5,000
 *                           transactions and 6.4 MiB of a default mempool, so at least ten
 *                           senders fit before it is full); 100 turns the quota off
 */
public record MempoolLimits(int transactionsMax, long bytesMax, int seenMax, int senderSharePercent) {
    public static final int SENDER_SHARE_PERCENT_DEFAULT = 10;
    public static final MempoolLimits DEFAULT = new MempoolLimits(50_000, 64L * 1024 * 1024, 200_000,
            SENDER_SHARE_PERCENT_DEFAULT);

    public MempoolLimits {
        if (transactionsMax <= 0 || bytesMax <= 0 || seenMax <= 0) {
            throw new IllegalArgumentException("mempool limits must be positive");
        }
        if (senderSharePercent < 1 || senderSharePercent > 100) {
            throw new IllegalArgumentException("senderSharePercent must be between 1 and 100, got " + senderSharePercent);
        }
    }

    /** Limits with the default per-sender share. */
    public MempoolLimits(int transactionsMax, long bytesMax, int seenMax) {
        this(transactionsMax, bytesMax, seenMax, SENDER_SHARE_PERCENT_DEFAULT);
    }

    /** Pending transactions one key may have signed: its share of {@code transactionsMax}, at least 1. */
    public int transactionsPerSenderMax() {
        return (int) Math.max(1, (long) transactionsMax * senderSharePercent / 100);
    }

    /** Pending bytes one key may have signed: its share of {@code bytesMax}, at least 1. */
    public long bytesPerSenderMax() {
        return Math.max(1, bytesMax / 100 * senderSharePercent + bytesMax % 100 * senderSharePercent / 100);
    }
}
