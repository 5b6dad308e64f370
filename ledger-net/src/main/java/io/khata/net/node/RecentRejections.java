package io.khata.net.node;

import io.khata.core.Rejection;
import io.khata.core.crypto.Hash;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Why the node recently dropped a transaction (expired in the mempool, left out of a block), so
 * that a client asking {@code GET /txs/{hash}} after the fact learns the reason instead of a 404.
 * Bounded twice: at most {@code entriesMax} reasons (the oldest forgotten first) and each for
 * {@code windowMillis}; after that the hash is unknown again. Thread-safe; the clock is a seam.
 */
final class RecentRejections {
    static final int ENTRIES_MAX = 10_000;
    static final long WINDOW_MILLIS = 10 * 60 * 1000L;

    private record Entry(Rejection reason, long atNanos) {
    }

    private final int entriesMax;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final LinkedHashMap<Hash, Entry> entries = new LinkedHashMap<>();

    RecentRejections(int entriesMax, long windowMillis, LongSupplier nanoTime) {
        if (entriesMax < 1 || windowMillis < 1) {
            throw new IllegalArgumentException("entriesMax " + entriesMax + ", windowMillis " + windowMillis);
        }
        this.entriesMax = entriesMax;
        this.windowNanos = windowMillis * 1_000_000;
        this.nanoTime = nanoTime;
    }

    synchronized void remember(Hash txHash, Rejection reason) {
        entries.remove(txHash);
        entries.put(txHash, new Entry(reason, nanoTime.getAsLong()));
        Iterator<Map.Entry<Hash, Entry>> oldest = entries.entrySet().iterator();
        while (entries.size() > entriesMax) {
            oldest.next();
            oldest.remove();
        }
    }

    synchronized Optional<Rejection> reason(Hash txHash) {
        Entry entry = entries.get(txHash);
        if (entry == null) {
            return Optional.empty();
        }
        if (nanoTime.getAsLong() - entry.atNanos() >= windowNanos) {
            entries.remove(txHash);
            return Optional.empty();
        }
        return Optional.of(entry.reason());
    }

    synchronized int size() {
        return entries.size();
    }
}
