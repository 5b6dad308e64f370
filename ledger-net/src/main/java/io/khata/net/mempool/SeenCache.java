package io.khata.net.mempool;

import io.khata.core.crypto.Hash;
import java.util.LinkedHashSet;

/** A bounded set of recently seen transaction hashes; the oldest is forgotten first. Not thread-safe. */
final class SeenCache {
    private final int entriesMax;
    private final LinkedHashSet<Hash> hashes = new LinkedHashSet<>();

    SeenCache(int entriesMax) {
        this.entriesMax = entriesMax;
    }

    void add(Hash hash) {
        if (hashes.add(hash) && hashes.size() > entriesMax) {
            var it = hashes.iterator();
            it.next();
            it.remove();
        }
    }

    boolean contains(Hash hash) {
        return hashes.contains(hash);
    }
}
