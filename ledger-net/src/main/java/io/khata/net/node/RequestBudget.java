package io.khata.net.node;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How often each peer may ask for one kind of expensive answer (a status catch-up, a block
 * request) or send one kind of unwanted message. Two token buckets per peer: the served bucket
 * (rate {@code servedPerSecond}, burst {@code servedBurst}) says whether this request is
 * answered; a request beyond it is dropped. The tolerated bucket, {@code toleranceFactor}
 * times larger and faster, says whether the peer is still within reason; a request beyond that
 * is a fault and the peer is disconnected. An honest peer stays far under the served rate.
 * Thread-safe; the clock is a seam for tests.
 */
final class RequestBudget {
    enum Verdict { SERVE, DROP, DISCONNECT }

    private static final class Buckets {
        double served;
        double tolerated;
        long refilledNanos;
    }

    private final double servedPerSecond;
    private final double servedBurst;
    private final double toleranceFactor;
    private final LongSupplier nanoTime;
    private final Map<String, Buckets> peers = new HashMap<>();

    RequestBudget(double servedPerSecond, int servedBurst, double toleranceFactor, LongSupplier nanoTime) {
        if (servedPerSecond < 0 || servedBurst < 0 || toleranceFactor < 1) {
            throw new IllegalArgumentException("rate " + servedPerSecond + ", burst " + servedBurst
                    + ", tolerance " + toleranceFactor);
        }
        this.servedPerSecond = servedPerSecond;
        this.servedBurst = servedBurst;
        this.toleranceFactor = toleranceFactor;
        this.nanoTime = nanoTime;
    }

    /** Charges one request from {@code peer} and says what to do with it. */
    synchronized Verdict charge(String peer) {
        long now = nanoTime.getAsLong();
        double toleratedBurst = Math.max(1, servedBurst * toleranceFactor);
        Buckets buckets = peers.get(peer);
        if (buckets == null) {
            buckets = new Buckets();
            buckets.served = servedBurst;
            buckets.tolerated = toleratedBurst;
            buckets.refilledNanos = now;
            peers.put(peer, buckets);
        }
        double seconds = Math.max(0, now - buckets.refilledNanos) / 1e9;
        buckets.refilledNanos = now;
        buckets.served = Math.min(servedBurst, buckets.served + seconds * servedPerSecond);
        buckets.tolerated = Math.min(toleratedBurst, buckets.tolerated + seconds * servedPerSecond * toleranceFactor);
        if (buckets.tolerated < 1) {
            peers.remove(peer); // a fresh start after the penalty
            return Verdict.DISCONNECT;
        }
        buckets.tolerated -= 1;
        if (buckets.served < 1) {
            return Verdict.DROP;
        }
        buckets.served -= 1;
        return Verdict.SERVE;
    }
}
