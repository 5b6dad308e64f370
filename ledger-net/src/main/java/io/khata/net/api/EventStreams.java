package io.khata.net.api;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server-wide count of open {@code /events} streams, each of which holds a connection and a
 * feed subscription for as long as its client stays: beyond {@code streamsMax} a new stream is
 * answered 503, so clients cannot pile up subscriptions.
 */
final class EventStreams {
    static final int STREAMS_MAX_DEFAULT = 64;

    /** The longest a stream stays quiet: proxies and clients time out idle connections too. */
    static final long KEEP_ALIVE_MILLIS_MAX = 15_000;

    private final int streamsMax;
    private final long idleMillis;
    private final AtomicInteger open = new AtomicInteger();

    EventStreams(int streamsMax) {
        this(streamsMax, HttpApiServer.IDLE_SECONDS_MAX * 1000L);
    }

    /** @param idleMillis the server's idle timeout, which an open stream's writes must stay within */
    EventStreams(int streamsMax, long idleMillis) {
        if (streamsMax < 1 || idleMillis < 4) {
            throw new IllegalArgumentException("streamsMax and idleMillis must be positive, got " + streamsMax
                    + " and " + idleMillis);
        }
        this.streamsMax = streamsMax;
        this.idleMillis = idleMillis;
    }

    long idleMillis() {
        return idleMillis;
    }

    /** A comment goes out this often on a quiet stream: every 15 s, well inside the idle timeout. */
    long keepAliveMillis() {
        return Math.min(KEEP_ALIVE_MILLIS_MAX, idleMillis / 4);
    }

    /** Takes a slot, or answers false when all are taken. */
    boolean tryOpen() {
        while (true) {
            int now = open.get();
            if (now >= streamsMax) {
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void closed() {
        open.decrementAndGet();
    }

    int streamsMax() {
        return streamsMax;
    }

    int open() {
        return open.get();
    }
}
