package io.khata.net.feed;

import io.khata.core.block.Block;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.LongFunction;

/**
 * Committed blocks for any number of {@link Flow.Subscriber}s, each from the height it chose and
 * at the pace of its own {@code request(n)}. {@link #published} is called by the thread that
 * commits blocks (the consensus thread) and costs it an append to the tail and one nudge per
 * subscription; delivery runs on the given executor. A subscriber that is behind the tail reads
 * from the store through {@code storeReader}: nothing is queued per subscriber, so memory stays
 * at the tail's bound however slow a subscriber is.
 */
public final class BlockFeed implements AutoCloseable {
    /** Recent blocks kept in memory for subscribers that keep up. */
    public static final int TAIL_BLOCKS_MAX = 32;
    /** Bytes of recent blocks kept in memory; a larger block is read from the store by everyone. */
    public static final long TAIL_BYTES_MAX = 16L * 1024 * 1024;

    private final LongFunction<Optional<Block>> storeReader;
    private final Executor executor;
    private final BlockTail tail;
    private final Set<FeedSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile long head;
    private volatile boolean closed;

    /**
     * @param headHeight  the height of the last block already committed when the feed starts
     * @param storeReader the committed block at a height, from the store; called on the executor
     */
    public BlockFeed(long headHeight, LongFunction<Optional<Block>> storeReader, Executor executor) {
        this(headHeight, storeReader, executor, TAIL_BLOCKS_MAX, TAIL_BYTES_MAX);
    }

    public BlockFeed(long headHeight, LongFunction<Optional<Block>> storeReader, Executor executor,
                     int tailBlocksMax, long tailBytesMax) {
        this.head = headHeight;
        this.storeReader = storeReader;
        this.executor = executor;
        this.tail = new BlockTail(tailBlocksMax, tailBytesMax);
    }

    /**
     * Delivers every committed block from {@code fromHeight} on, in order, each once, as the
     * subscriber requests them. A height above the head waits for the chain to get there. The
     * subscription ends with {@code onComplete} when the feed closes, with {@code onError} when a
     * block cannot be read, and silently when the subscriber cancels or throws from a callback.
     *
     * @throws IllegalArgumentException if {@code fromHeight} is below 1 (blocks start at 1)
     */
    public void subscribe(long fromHeight, Flow.Subscriber<? super Block> subscriber) {
        if (fromHeight < 1) {
            throw new IllegalArgumentException("blocks start at height 1, asked from " + fromHeight);
        }
        java.util.Objects.requireNonNull(subscriber, "subscriber");
        FeedSubscription subscription = new FeedSubscription(this, subscriber, fromHeight);
        subscriptions.add(subscription);
        subscription.start();
        if (closed) {
            subscription.signal();
        }
    }

    /** The block at {@code height} was committed (heights arrive in order); called by the committing thread. */
    public void published(Block block) {
        tail.add(block);
        head = block.height();
        for (FeedSubscription subscription : subscriptions) {
            subscription.signal();
        }
    }

    /** The last committed height the feed knows of. */
    public long head() {
        return head;
    }

    /** Subscriptions that have not ended. */
    public int subscriberCount() {
        return subscriptions.size();
    }

    /** Blocks held in memory now (at most {@link #TAIL_BLOCKS_MAX} or the bound given). */
    public int tailSize() {
        return tail.size();
    }

    boolean isClosed() {
        return closed;
    }

    Executor executor() {
        return executor;
    }

    /** The block at {@code height}: from the tail when it is there, else from the store. */
    Block block(long height) {
        Block recent = tail.get(height);
        if (recent != null) {
            return recent;
        }
        return storeReader.apply(height).orElseThrow(() ->
                new IllegalStateException("committed block " + height + " is not in the store"));
    }

    void ended(FeedSubscription subscription) {
        subscriptions.remove(subscription);
    }

    /**
     * Ends every subscription with {@code onComplete} (delivered on the executor, so close the
     * executor after this). Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        for (FeedSubscription subscription : subscriptions) {
            subscription.signal();
        }
    }
}
