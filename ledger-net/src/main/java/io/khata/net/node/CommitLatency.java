package io.khata.net.node;

import io.khata.core.crypto.Hash;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Submit-to-commit time of the transactions clients submitted to this node, for {@code /status}
 * and the dashboard. Bounded twice: at most {@value #WATCHED_MAX} submissions are watched (the
 * oldest is forgotten, and its commit then goes unmeasured), and at most {@value #SAMPLES_MAX}
 * measurements from the last minute are kept. Thread-safe; the clock is given.
 */
final class CommitLatency {
    static final int WATCHED_MAX = 50_000;
    static final int SAMPLES_MAX = 1_000;
    static final long WINDOW_NANOS = 60_000_000_000L;

    private final LongSupplier nanoTime;
    private final Map<Hash, Long> submittedNanos = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash, Long> eldest) {
            return size() > WATCHED_MAX;
        }
    };
    /** Pairs of (commit time in nanos, latency in millis), oldest first. */
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();

    CommitLatency(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    synchronized void submitted(Hash tx) {
        submittedNanos.putIfAbsent(tx, nanoTime.getAsLong());
    }

    synchronized void committed(Collection<Hash> txs) {
        long now = nanoTime.getAsLong();
        for (Hash tx : txs) {
            Long began = submittedNanos.remove(tx);
            if (began != null) {
                samples.addLast(new long[] {now, (now - began) / 1_000_000});
                if (samples.size() > SAMPLES_MAX) {
                    samples.removeFirst();
                }
            }
        }
    }

    /** The given percentile (0 to 100) of the recent measurements in milliseconds, or 0 without any. */
    synchronized long percentileMillis(double percentile) {
        long now = nanoTime.getAsLong();
        List<Long> recent = new ArrayList<>();
        for (Iterator<long[]> it = samples.iterator(); it.hasNext(); ) {
            long[] sample = it.next();
            if (now - sample[0] > WINDOW_NANOS) {
                it.remove();
            } else {
                recent.add(sample[1]);
            }
        }
        if (recent.isEmpty()) {
            return 0;
        }
        recent.sort(null);
        int index = (int) Math.ceil(percentile / 100.0 * recent.size()) - 1;
        return recent.get(Math.max(0, Math.min(recent.size() - 1, index)));
    }
}
