package io.khata.net.feed;

import io.khata.core.block.Block;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber's position in the chain and its outstanding demand. All calls into the
 * subscriber run in {@link #drain}, which at most one executor thread runs at a time (the
 * work-in-progress counter hands the drain over instead of running it twice), so the subscriber
 * sees its callbacks serially, as {@code Flow} requires. A drain delivers at most
 * {@value #BATCH} blocks and then yields the executor to other subscriptions.
 */
final class FeedSubscription implements Flow.Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(FeedSubscription.class);
    static final int BATCH = 64;

    private final BlockFeed feed;
    private final Flow.Subscriber<? super Block> subscriber;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger workInProgress = new AtomicInteger();
    /** Next height to deliver; only the drain reads and writes it. */
    private long next;
    private volatile boolean cancelled;
    private volatile Throwable badRequest;
    /** onSubscribe has returned: demand may be served. Only the drain and start touch it. */
    private volatile boolean started;

    FeedSubscription(BlockFeed feed, Flow.Subscriber<? super Block> subscriber, long fromHeight) {
        this.feed = feed;
        this.subscriber = subscriber;
        this.next = fromHeight;
    }

    /** Hands the subscription to the subscriber, on the caller's thread, then serves what it asked for. */
    void start() {
        try {
            subscriber.onSubscribe(this);
        } catch (RuntimeException e) {
            LOG.warn("a block subscriber failed in onSubscribe; it is cancelled", e);
            cancel();
            return;
        }
        started = true;
        signal();
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            badRequest = new IllegalArgumentException("request(" + n + "): demand must be positive (Flow rule 3.9)");
        } else {
            demand.getAndAccumulate(n, (current, added) -> {
                long sum = current + added;
                return sum < 0 ? Long.MAX_VALUE : sum;
            });
        }
        signal();
    }

    @Override
    public void cancel() {
        cancelled = true;
        feed.ended(this);
    }

    /** Something changed (demand, head, closing): make sure a drain runs. */
    void signal() {
        if (workInProgress.getAndIncrement() == 0) {
            schedule();
        }
    }

    private void schedule() {
        try {
            feed.executor().execute(this::drain);
        } catch (RejectedExecutionException e) {
            // The node is stopping and its executor is gone: nothing more is delivered.
            cancel();
        }
    }

    private void drain() {
        int missed = 1;
        int delivered = 0;
        while (true) {
            if (!started || cancelled) {
                // Not yet started: start() signals once onSubscribe returns. Cancelled: nothing to do.
            } else if (badRequest != null) {
                terminate(() -> subscriber.onError(badRequest));
            } else if (feed.isClosed()) {
                // The node is stopping: end now rather than read a store about to close.
                terminate(subscriber::onComplete);
            } else {
                while (!cancelled && demand.get() > 0 && next <= feed.head()) {
                    if (delivered == BATCH) {
                        schedule(); // keep the work-in-progress count: this subscription goes on later
                        return;
                    }
                    if (!deliverNext()) {
                        return;
                    }
                    delivered++;
                }
            }
            missed = workInProgress.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /** Sends the block at {@code next}; false if the subscription ended doing so. */
    private boolean deliverNext() {
        Block block;
        try {
            block = feed.block(next);
        } catch (RuntimeException e) {
            LOG.warn("block {} cannot be read for a subscriber; its subscription ends", next, e);
            terminate(() -> subscriber.onError(e));
            return false;
        }
        next++;
        demand.getAndUpdate(current -> current == Long.MAX_VALUE ? current : current - 1);
        try {
            subscriber.onNext(block);
        } catch (RuntimeException e) {
            LOG.warn("a block subscriber failed at height {}; it is cancelled and the others go on", block.height(), e);
            cancel();
            return false;
        }
        return true;
    }

    private void terminate(Runnable signal) {
        cancel();
        try {
            signal.run();
        } catch (RuntimeException e) {
            LOG.warn("a block subscriber failed while its subscription ended", e);
        }
    }
}
