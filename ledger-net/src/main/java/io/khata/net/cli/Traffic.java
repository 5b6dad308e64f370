package io.khata.net.cli;

import io.khata.core.tx.Transaction;
import io.khata.net.node.Node;
import io.khata.net.node.TxResult;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * Open-loop traffic: transaction i is due at {@code start + i / rate}, is submitted to node
 * {@code i mod n}, and its latency counts from when it was due (not when it was sent), so a
 * stall shows as latency instead of hiding. Counts outcomes and keeps a latency histogram.
 */
final class Traffic {
    /** A transaction to send and whether it must be rejected. */
    record Item(Transaction transaction, boolean mustFail) {
    }

    private final List<Node> nodes;
    private final Histogram latencies = new Histogram(3);
    private final Recorder interval = new Recorder(3);
    final AtomicLong submitted = new AtomicLong();
    final AtomicLong committed = new AtomicLong();
    final AtomicLong rejectedExpected = new AtomicLong();
    final AtomicLong rejectedUnexpected = new AtomicLong();
    final AtomicLong committedBad = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong firstCommitNanos = new AtomicLong(Long.MAX_VALUE);
    final AtomicLong lastCommitNanos = new AtomicLong(Long.MIN_VALUE);
    private final java.util.Queue<CompletableFuture<TxResult>> outstanding = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile String firstUnexpected;

    Traffic(List<Node> nodes) {
        this.nodes = nodes;
    }

    /**
     * Sends {@code count} items at {@code rate} per second, stopping early after {@code seconds}
     * (0 for no limit). {@code progress} is called about once a second.
     */
    void run(LongFunction<Item> items, long count, double rate, long seconds, Runnable progress) throws InterruptedException {
        long start = System.nanoTime();
        long stopAt = seconds > 0 ? start + TimeUnit.SECONDS.toNanos(seconds) : Long.MAX_VALUE;
        long nextProgress = start + TimeUnit.SECONDS.toNanos(1);
        for (long i = 0; i < count; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long now;
            while ((now = System.nanoTime()) < due) {
                long wait = Math.min(due - now, nextProgress - now);
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(Math.min(wait, 5_000_000));
                }
                if (System.nanoTime() >= nextProgress) {
                    progress.run();
                    nextProgress += TimeUnit.SECONDS.toNanos(1);
                }
            }
            if (now >= stopAt) {
                break;
            }
            Item item = items.apply(i);
            submit(nodes.get((int) (i % nodes.size())), item, due);
        }
    }

    private void submit(Node node, Item item, long dueNanos) {
        submitted.incrementAndGet();
        CompletableFuture<TxResult> result = node.submit(item.transaction());
        outstanding.add(result);
        result.whenComplete((outcome, failure) -> {
            if (failure != null) {
                failed.incrementAndGet();
            } else if (outcome instanceof TxResult.Committed) {
                if (item.mustFail()) {
                    committedBad.incrementAndGet();
                } else {
                    committed.incrementAndGet();
                    long now = System.nanoTime();
                    firstCommitNanos.accumulateAndGet(now, Math::min);
                    lastCommitNanos.accumulateAndGet(now, Math::max);
                    long micros = (now - dueNanos) / 1_000;
                    interval.recordValue(Math.max(1, micros));
                }
            } else if (item.mustFail()) {
                rejectedExpected.incrementAndGet();
            } else {
                rejectedUnexpected.incrementAndGet();
                if (firstUnexpected == null) {
                    firstUnexpected = ((TxResult.Rejected) outcome).reason().message();
                }
            }
        });
    }

    /** Waits until every submitted transaction has an outcome, or the timeout passes; true if all did. */
    boolean awaitOutcomes(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        for (CompletableFuture<TxResult> future : outstanding) {
            long left = deadline - System.currentTimeMillis();
            try {
                future.get(Math.max(1, left), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                // counted as failed
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            }
        }
        return true;
    }

    /** Committed transactions per second between the first and the last commit seen. */
    double committedRate() {
        long span = lastCommitNanos.get() - firstCommitNanos.get();
        return span <= 0 ? 0 : committed.get() / (span / 1e9);
    }

    long pending() {
        long done = 0;
        for (CompletableFuture<TxResult> future : outstanding) {
            if (future.isDone()) {
                done++;
            }
        }
        return outstanding.size() - done;
    }

    /** All latencies recorded so far, in microseconds. */
    synchronized Histogram latencies() {
        latencies.add(interval.getIntervalHistogram());
        return latencies;
    }

    String firstUnexpectedRejection() {
        return firstUnexpected;
    }

    static void progressLine(PrintStream out, long height, Traffic traffic, double seconds) {
        Histogram h = traffic.latencies();
        out.printf("\rheight %d | committed %d | rejected %d | %.0f tx/s | p50 %.0f ms | p99 %.0f ms   ",
                height, traffic.committed.get(), traffic.rejectedExpected.get() + traffic.rejectedUnexpected.get(),
                traffic.committed.get() / Math.max(seconds, 0.001),
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0);
        out.flush();
    }
}
