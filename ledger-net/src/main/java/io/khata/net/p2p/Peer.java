package io.khata.net.p2p;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One remote member: its current session, the dial in progress, the redial timer and the
 * outbound queue. State changes happen under this object's monitor, which is never held
 * while calling the listener or waiting on anything, so sends from any thread never
 * deadlock with I/O. Connection callbacks are ordered per member by {@link #epoch}: a change
 * of session takes a new epoch, and a callback is reported only if it is newer than the last
 * one reported, so a late "disconnected" never follows a newer "connected".
 */
final class Peer {
    enum Outcome { FIRST, REPLACED, REFUSED }

    /** What {@link #attach} decided; {@code displaced} is the session to close, if any. */
    record Attachment(Outcome outcome, Session displaced, long epoch) {
    }

    final String memberId;
    final InetSocketAddress address;
    private final String selfId;
    private final OutboundQueue queue;
    private final Object callbackOrder = new Object();

    private Session active;
    private long epoch;
    private long reportedEpoch;
    private boolean dialing;
    private ScheduledFuture<?> redial;
    private int failedDials;
    private boolean flushScheduled;
    private boolean closed;
    private int penalties;
    private long lastPenaltyNanos;
    private long refusedUntilNanos;

    Peer(String memberId, InetSocketAddress address, String selfId, int outboundFramesMax, long outboundBytesMax) {
        this.memberId = memberId;
        this.address = address;
        this.selfId = selfId;
        this.queue = new OutboundQueue(outboundFramesMax, outboundBytesMax);
    }

    /**
     * Makes {@code candidate} the member's session unless the current one is preferred. Between
     * connections opened by different sides, the one opened by the member with the smaller id
     * wins, so both ends keep the same connection without talking about it. Between two opened
     * by the same side, the newer wins: the older is most likely left over from before a
     * restart.
     */
    synchronized Attachment attach(Session candidate) {
        if (closed || refused()) {
            return new Attachment(Outcome.REFUSED, null, epoch);
        }
        if (active == null) {
            active = candidate;
            failedDials = 0;
            epoch++;
            return new Attachment(Outcome.FIRST, null, epoch);
        }
        if (!prefers(candidate, active)) {
            return new Attachment(Outcome.REFUSED, null, epoch);
        }
        Session displaced = active;
        active = candidate;
        flushScheduled = false;
        epoch++;
        return new Attachment(Outcome.REPLACED, displaced, epoch);
    }

    private boolean prefers(Session candidate, Session current) {
        String candidateOpener = candidate.outbound() ? selfId : memberId;
        String currentOpener = current.outbound() ? selfId : memberId;
        if (candidateOpener.equals(currentOpener)) {
            return true;
        }
        String smaller = selfId.compareTo(memberId) < 0 ? selfId : memberId;
        return candidateOpener.equals(smaller);
    }

    /** Forgets {@code session} if it is the active one; returns the new epoch then, else -1. */
    synchronized long detach(Session session) {
        if (active != session) {
            return -1;
        }
        active = null;
        queue.clear();
        flushScheduled = false;
        epoch++;
        return epoch;
    }

    /** Runs {@code callback} unless a newer change of session was already reported. */
    void report(long changeEpoch, Runnable callback) {
        synchronized (callbackOrder) {
            if (changeEpoch <= reportedEpoch) {
                return;
            }
            reportedEpoch = changeEpoch;
            callback.run();
        }
    }

    synchronized Channel activeChannel() {
        return active == null ? null : active.channel();
    }

    synchronized boolean connected() {
        return active != null;
    }

    /** The peer certificate's expiry for the active session, or null when not connected. */
    synchronized Instant certificateNotAfter() {
        return active == null ? null : active.certificateNotAfter();
    }

    // ------------------------------------------------------------------ outbound frames

    synchronized long queuedBytes() {
        return queue.bytes();
    }

    /** Queues {@code frame} for the active session; -1 if there is none, else the frames dropped to fit it. */
    int enqueue(byte[] frame) {
        Channel flushOn = null;
        int dropped;
        synchronized (this) {
            if (active == null) {
                return -1;
            }
            dropped = queue.offer(frame);
            if (!flushScheduled) {
                flushScheduled = true;
                flushOn = active.channel();
            }
        }
        if (flushOn != null) {
            Channel channel = flushOn;
            channel.eventLoop().execute(() -> flush(channel));
        }
        return dropped;
    }

    /**
     * Writes queued frames to {@code channel} while it is the active one and writable; when
     * it stops being writable the rest wait for {@link Session#channelWritabilityChanged}.
     * Runs on the channel's event loop.
     */
    void flush(Channel channel) {
        boolean wrote = false;
        while (true) {
            byte[] frame;
            synchronized (this) {
                if (active == null || active.channel() != channel || !channel.isWritable()) {
                    flushScheduled = false;
                    break;
                }
                frame = queue.poll();
                if (frame == null) {
                    flushScheduled = false;
                    break;
                }
            }
            channel.write(Unpooled.wrappedBuffer(frame), channel.voidPromise());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    /** Asks for a flush on the active session's channel if frames are waiting (after a replacement). */
    void requestFlush() {
        Channel flushOn = null;
        synchronized (this) {
            if (active != null && queue.size() > 0 && !flushScheduled) {
                flushScheduled = true;
                flushOn = active.channel();
            }
        }
        if (flushOn != null) {
            Channel channel = flushOn;
            channel.eventLoop().execute(() -> flush(channel));
        }
    }

    // ------------------------------------------------------------------ dialing

    /**
     * Refuses this member for a while after a fault it caused: a delay that doubles with each
     * fault (forgotten after ten quiet maximum delays), during which its connections are closed
     * once identified and it is not dialed. Returns the delay in milliseconds.
     */
    synchronized long penalize(long minMillis, long maxMillis) {
        long now = System.nanoTime();
        if (penalties > 0 && now - lastPenaltyNanos > TimeUnit.MILLISECONDS.toNanos(maxMillis) * 10) {
            penalties = 0;
        }
        long delay = Backoff.delayMillis(penalties++, minMillis, maxMillis, ThreadLocalRandom.current().nextDouble());
        lastPenaltyNanos = now;
        refusedUntilNanos = now + TimeUnit.MILLISECONDS.toNanos(delay);
        return delay;
    }

    /** True while a penalty is running. */
    synchronized boolean refused() {
        return refusedUntilNanos != 0 && System.nanoTime() - refusedUntilNanos < 0;
    }

    private long refusedForMillis() {
        return refused() ? TimeUnit.NANOSECONDS.toMillis(refusedUntilNanos - System.nanoTime()) + 1 : 0;
    }

    /** True if a dial may start now (none running, no session, not closed, not refused); marks it started. */
    synchronized boolean beginDial() {
        redial = null;
        if (closed || active != null || dialing || refused()) {
            return false;
        }
        dialing = true;
        return true;
    }

    /** The outbound channel of the dial closed, or never connected. */
    synchronized void dialEnded() {
        dialing = false;
    }

    /**
     * Schedules the next dial with capped exponential backoff unless none is needed: the member
     * is connected, a dial is running or scheduled, or the transport is closing.
     */
    synchronized void scheduleRedial(ScheduledExecutorService timer, long minMillis, long maxMillis, Runnable dial) {
        if (closed || active != null || dialing || redial != null) {
            return;
        }
        long delay = Math.max(refusedForMillis(),
                Backoff.delayMillis(failedDials++, minMillis, maxMillis, ThreadLocalRandom.current().nextDouble()));
        redial = timer.schedule(dial, delay, TimeUnit.MILLISECONDS);
    }

    /** Stops dialing for good and returns the active session, if any, for the caller to close. */
    synchronized Session close() {
        closed = true;
        if (redial != null) {
            redial.cancel(false);
            redial = null;
        }
        queue.clear();
        return active;
    }
}
