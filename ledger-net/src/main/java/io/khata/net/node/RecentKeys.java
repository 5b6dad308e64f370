package io.khata.net.node;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What each peer sent recently, by key, so that a copy it sends again within {@code windowMillis}
 * is dropped before it is decoded: a replayed 32 MiB proposal then costs a hash of its header,
 * not a decode. At most {@code keysPerPeerMax} keys per peer (the oldest forgotten first). A key
 * is remembered only once its message was queued, so a copy dropped for a full queue does not
 * block a later one; after the window a copy goes through again, so an honest re-send of a
 * message this node failed to keep is never refused for long. Thread-safe; the clock is a seam.
 */
final class RecentKeys {
    private final long windowNanos;
    private final int keysPerPeerMax;
    private final LongSupplier nanoTime;
    private final Map<String, LinkedHashMap<Object, Long>> byPeer = new HashMap<>();

    RecentKeys(long windowMillis, int keysPerPeerMax, LongSupplier nanoTime) {
        if (windowMillis <= 0 || keysPerPeerMax <= 0) {
            throw new IllegalArgumentException("window " + windowMillis + " ms, " + keysPerPeerMax + " keys");
        }
        this.windowNanos = windowMillis * 1_000_000;
        this.keysPerPeerMax = keysPerPeerMax;
        this.nanoTime = nanoTime;
    }

    /** True if {@code peer} sent {@code key} within the window. */
    synchronized boolean seen(String peer, Object key) {
        LinkedHashMap<Object, Long> keys = byPeer.get(peer);
        if (keys == null) {
            return false;
        }
        Long at = keys.get(key);
        return at != null && nanoTime.getAsLong() - at < windowNanos;
    }

    synchronized void remember(String peer, Object key) {
        LinkedHashMap<Object, Long> keys = byPeer.computeIfAbsent(peer, p -> new LinkedHashMap<>());
        keys.remove(key);
        keys.put(key, nanoTime.getAsLong());
        Iterator<Object> oldest = keys.keySet().iterator();
        while (keys.size() > keysPerPeerMax) {
            oldest.next();
            oldest.remove();
        }
    }

    synchronized void forget(String peer) {
        byPeer.remove(peer);
    }
}
