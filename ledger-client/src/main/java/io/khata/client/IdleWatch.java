package io.khata.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a streaming body when one read has waited for bytes longer than the idle timeout. The
 * JDK client has no read timeout for a body being streamed, so without this a node that stops
 * sending (or a connection lost without a FIN) would hold an event stream forever instead of
 * letting it resume. Only time spent blocked in a read counts: a subscriber that requests slowly,
 * or a slow parse, is not the node's silence. One daemon timer thread serves every stream.
 */
final class IdleWatch extends FilterInputStream {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "khata-events-idle-watch");
        thread.setDaemon(true);
        return thread;
    });

    private final long idleNanosMax;
    /** When the read in progress started waiting, or 0 when no read is in progress. */
    private volatile long blockedSinceNanos;
    private final ScheduledFuture<?> check;

    IdleWatch(InputStream in, Duration idleTimeout) {
        super(in);
        this.idleNanosMax = idleTimeout.toNanos();
        long periodMillis = Math.max(10, idleTimeout.toMillis() / 4);
        this.check = TIMER.scheduleWithFixedDelay(this::closeIfIdle, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void closeIfIdle() {
        long since = blockedSinceNanos;
        if (since != 0 && System.nanoTime() - since > idleNanosMax) {
            check.cancel(false);
            try {
                in.close();
            } catch (IOException ignored) {
                // the blocked read fails either way, and the stream is resumed on a new connection
            }
        }
    }

    private void enter() {
        long now = System.nanoTime();
        blockedSinceNanos = now == 0 ? 1 : now;
    }

    @Override
    public int read() throws IOException {
        enter();
        try {
            return super.read();
        } finally {
            blockedSinceNanos = 0;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        enter();
        try {
            return super.read(buffer, offset, length);
        } finally {
            blockedSinceNanos = 0;
        }
    }

    @Override
    public void close() throws IOException {
        check.cancel(false);
        super.close();
    }
}
