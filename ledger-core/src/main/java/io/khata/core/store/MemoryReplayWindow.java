package io.khata.core.store;

import io.khata.core.crypto.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The replay window of {@link MemoryLedgerStore}: committed transaction hashes by their
 * {@code valid_until_time}, with an index by expiry so that closing the window at a block's
 * time visits only the entries that leave it (the RocksDB store keeps the same two indexes,
 * {@code 'R'} and {@code 'E'}). Lookups are safe from any thread; {@link #add} and
 * {@link #closeThrough} are called by the store's one committer.
 */
final class MemoryReplayWindow {
    private final Map<Hash, Long> endByHash = new ConcurrentHashMap<>();
    private final NavigableMap<Long, List<Hash>> hashesByEnd = new TreeMap<>();

    /** Remembers each hash until its end, except those already closed through {@code closedThrough}. */
    void add(Map<Hash, Long> added, long closedThrough) {
        for (Map.Entry<Hash, Long> entry : added.entrySet()) {
            long end = entry.getValue();
            if (end > closedThrough && endByHash.putIfAbsent(entry.getKey(), end) == null) {
                hashesByEnd.computeIfAbsent(end, key -> new ArrayList<>()).add(entry.getKey());
            }
        }
    }

    /** Forgets every hash whose end is at or before {@code closedThrough}. */
    void closeThrough(long closedThrough) {
        NavigableMap<Long, List<Hash>> closed = hashesByEnd.headMap(closedThrough, true);
        for (List<Hash> hashes : closed.values()) {
            for (Hash hash : hashes) {
                endByHash.remove(hash);
            }
        }
        closed.clear();
    }

    long end(Hash txHash) {
        Long end = endByHash.get(txHash);
        return end == null ? -1 : end;
    }

    int size() {
        return endByHash.size();
    }
}
