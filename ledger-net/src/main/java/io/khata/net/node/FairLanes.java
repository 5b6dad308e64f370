package io.khata.net.node;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only way work from peers reaches one of the node's threads: one bounded lane per peer,
 * drained in turn, one item per peer per turn, so a noisy peer never starves the others. At
 * most one drain task waits in the thread's own queue, so that queue holds no peer input beyond
 * these bounds.
 *
 * <p>Bounds, in wire bytes of what each item was decoded from (decoded objects take a few times
 * more): {@code bytesPerPeerMax} and {@code itemsPerPeerMax} per peer, {@code bytesMax} in all.
 * When a peer's lane is full its new item is dropped (and counted): nothing blocks, Netty's
 * event loop least of all. When the total is full, the oldest item of the fullest other lane
 * is evicted to make room, so a peer under its fair share always gets in. An item whose key
 * equals one still queued from the same peer is a duplicate and is dropped before it costs
 * anything. Thread-safe.
 */
final class FairLanes {
    private static final Logger LOG = LoggerFactory.getLogger(FairLanes.class);
    /** Items run per drain task before the thread gets to its other work (timers, commits). */
    private static final int ITEMS_PER_DRAIN = 64;

    enum Outcome { QUEUED, DUPLICATE, FULL }

    private record Item(Object key, long bytes, Runnable task) {
    }

    private static final class Lane {
        final ArrayDeque<Item> items = new ArrayDeque<>();
        final Set<Object> keys = new HashSet<>();
        long bytes;
    }

    private final String name;
    private final Executor executor;
    private final long bytesPerPeerMax;
    private final int itemsPerPeerMax;
    private final long bytesMax;
    private final Map<String, Lane> lanes = new HashMap<>();
    private final ArrayDeque<String> turns = new ArrayDeque<>();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder evicted = new LongAdder();
    private long bytes;
    private boolean drainScheduled;

    FairLanes(String name, Executor executor, long bytesPerPeerMax, int itemsPerPeerMax, long bytesMax) {
        if (bytesPerPeerMax <= 0 || itemsPerPeerMax <= 0 || bytesMax < bytesPerPeerMax) {
            throw new IllegalArgumentException("lane bounds must be positive and the total at least one lane: "
                    + bytesPerPeerMax + ", " + itemsPerPeerMax + ", " + bytesMax);
        }
        this.name = name;
        this.executor = executor;
        this.bytesPerPeerMax = bytesPerPeerMax;
        this.itemsPerPeerMax = itemsPerPeerMax;
        this.bytesMax = bytesMax;
    }

    /**
     * Queues {@code task} from {@code peer}, costing {@code itemBytes}; {@code key} (or null)
     * identifies duplicates among the items still queued from that peer.
     */
    Outcome offer(String peer, Object key, long itemBytes, Runnable task) {
        synchronized (this) {
            Lane lane = lanes.computeIfAbsent(peer, p -> new Lane());
            if (key != null && lane.keys.contains(key)) {
                return Outcome.DUPLICATE;
            }
            if (lane.items.size() >= itemsPerPeerMax || lane.bytes + itemBytes > bytesPerPeerMax
                    || !makeRoom(peer, itemBytes)) {
                dropped.increment();
                return Outcome.FULL;
            }
            lane.items.addLast(new Item(key, itemBytes, task));
            if (key != null) {
                lane.keys.add(key);
            }
            lane.bytes += itemBytes;
            bytes += itemBytes;
            if (lane.items.size() == 1) {
                turns.addLast(peer);
            }
            if (drainScheduled) {
                return Outcome.QUEUED;
            }
            drainScheduled = true;
        }
        schedule();
        return Outcome.QUEUED;
    }

    /** Evicts the oldest items of the fullest lane other than {@code peer}'s until the total has room. */
    private boolean makeRoom(String peer, long itemBytes) {
        while (bytes + itemBytes > bytesMax) {
            String fullest = null;
            long fullestBytes = -1;
            for (Map.Entry<String, Lane> entry : lanes.entrySet()) {
                if (!entry.getKey().equals(peer) && entry.getValue().bytes > fullestBytes) {
                    fullest = entry.getKey();
                    fullestBytes = entry.getValue().bytes;
                }
            }
            if (fullest == null || fullestBytes <= lanes.get(peer).bytes + itemBytes || fullestBytes == 0) {
                return false;
            }
            remove(fullest, lanes.get(fullest).items.peekFirst());
            evicted.increment();
        }
        return true;
    }

    private void remove(String peer, Item item) {
        Lane lane = lanes.get(peer);
        lane.items.remove(item);
        if (item.key() != null) {
            lane.keys.remove(item.key());
        }
        lane.bytes -= item.bytes();
        bytes -= item.bytes();
        if (lane.items.isEmpty()) {
            turns.remove(peer);
        }
    }

    private void schedule() {
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException closing) {
            synchronized (this) {
                drainScheduled = false;
            }
        }
    }

    /**
     * Runs up to {@link #ITEMS_PER_DRAIN} items, one per peer in turn, then yields the thread;
     * schedules itself again while items wait, whatever happened to the items it ran.
     */
    private void drain() {
        try {
            runItems();
        } finally {
            boolean more;
            synchronized (this) {
                more = !turns.isEmpty();
                drainScheduled = more;
            }
            if (more) {
                schedule();
            }
        }
    }

    private void runItems() {
        for (int run = 0; run < ITEMS_PER_DRAIN; run++) {
            Item item;
            synchronized (this) {
                String peer = turns.pollFirst();
                if (peer == null) {
                    return;
                }
                Lane lane = lanes.get(peer);
                item = lane.items.peekFirst();
                remove(peer, item);
                if (!lane.items.isEmpty()) {
                    turns.addLast(peer);
                }
            }
            try {
                item.task().run();
            } catch (RuntimeException e) {
                LOG.warn("{}: handling a peer's message failed", name, e);
            }
        }
    }

    /** Forgets what a disconnected peer left queued. */
    synchronized void clear(String peer) {
        Lane lane = lanes.remove(peer);
        if (lane != null) {
            bytes -= lane.bytes;
            turns.remove(peer);
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized long bytes(String peer) {
        Lane lane = lanes.get(peer);
        return lane == null ? 0 : lane.bytes;
    }

    /** Items refused because a lane or the total was full, since start. */
    long dropped() {
        return dropped.sum();
    }

    /** Items evicted from the fullest lane to make room for another peer's, since start. */
    long evicted() {
        return evicted.sum();
    }
}
