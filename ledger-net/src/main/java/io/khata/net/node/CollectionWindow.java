package io.khata.net.node;

/**
 * How long a proposer with pending transactions waits for more before it builds its block: a
 * short, bounded collection window, opened only under load, so that a loaded chain makes fuller
 * blocks (fewer heights, so fewer signatures and syncs per transaction) while an idle chain
 * proposes at once.
 *
 * <p>The rule, a pure function of what the shell has seen: the window is open only while (1)
 * the last block this node committed by consensus held at least {@link #LOADED_BLOCK_TXS}
 * transactions (the chain is loaded; an idle chain's blocks are empty or hold one), (2) some
 * transactions are pending and fewer than a full block, (3) the pending count grew since the
 * previous look (transactions are still arriving; the first look has no previous one), and (4)
 * one more look, {@link #POLL_MILLIS} later, still comes no later than the bound after the
 * window opened. The shell therefore never asks to wait more than the bound in all, and never
 * waits at all on an idle chain or with a full block pending.
 *
 * <p>Never reads a clock: the shell hands in its {@link NodeClock} readings.
 */
final class CollectionWindow {
    /** The longest a proposer waits for a fuller block, in milliseconds. */
    static final long MAX_MILLIS_DEFAULT = 20;
    /** How often the pending count is looked at while the window is open. */
    static final long POLL_MILLIS = 5;
    /** A committed block with at least this many transactions shows a loaded chain. */
    static final int LOADED_BLOCK_TXS = 8;

    private final long maxNanos;
    private final int blockTxsMax;
    private int lastBlockTxs;

    /**
     * @param maxMillis   the bound on the wait; 0 never waits
     * @param blockTxsMax transactions in a full block
     */
    CollectionWindow(long maxMillis, int blockTxsMax) {
        if (maxMillis < 0) {
            throw new IllegalArgumentException("a collection window of " + maxMillis + " ms");
        }
        this.maxNanos = maxMillis * 1_000_000L;
        this.blockTxsMax = blockTxsMax;
    }

    /** This node committed, by consensus, a block of {@code txs} transactions. */
    void committed(int txs) {
        lastBlockTxs = txs;
    }

    /**
     * True if the proposer should look again in {@link #POLL_MILLIS} instead of building now.
     *
     * @param openedNanos   the clock when the window opened (the first look with transactions pending)
     * @param nowNanos      the clock now
     * @param pending       transactions pending now
     * @param pendingBefore transactions pending at the previous look of this window, or -1 at the first
     */
    boolean waitMore(long openedNanos, long nowNanos, int pending, int pendingBefore) {
        if (lastBlockTxs < LOADED_BLOCK_TXS || pending <= 0 || pending >= blockTxsMax) {
            return false;
        }
        if (pendingBefore >= 0 && pending <= pendingBefore) {
            return false;
        }
        return nowNanos - openedNanos + POLL_MILLIS * 1_000_000L <= maxNanos;
    }
}
