package io.khata.net.p2p;

import java.util.ArrayDeque;

/**
 * The frames waiting to be written to one peer, bounded by count and by bytes. When a new
 * frame would go over either bound, the oldest frames are dropped to make room: for
 * consensus and gossip the newest messages are the useful ones, and what a peer misses is
 * resent after the periodic status exchange. Not thread-safe: {@link Peer} guards it.
 */
final class OutboundQueue {
    private final int framesMax;
    private final long bytesMax;
    private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
    private long bytes;

    OutboundQueue(int framesMax, long bytesMax) {
        if (framesMax <= 0 || bytesMax <= 0) {
            throw new IllegalArgumentException(
                    "bounds must be positive: " + framesMax + " frames, " + bytesMax + " bytes");
        }
        this.framesMax = framesMax;
        this.bytesMax = bytesMax;
    }

    /** Adds {@code frame} and returns how many older frames were dropped to fit it. */
    int offer(byte[] frame) {
        if (frame.length > bytesMax) {
            throw new IllegalArgumentException("a frame of " + frame.length + " bytes can never fit in " + bytesMax);
        }
        int dropped = 0;
        while (!frames.isEmpty() && (frames.size() + 1 > framesMax || bytes + frame.length > bytesMax)) {
            bytes -= frames.removeFirst().length;
            dropped++;
        }
        frames.addLast(frame);
        bytes += frame.length;
        return dropped;
    }

    /** The oldest frame, or null if none is waiting. */
    byte[] poll() {
        byte[] frame = frames.pollFirst();
        if (frame != null) {
            bytes -= frame.length;
        }
        return frame;
    }

    /** Drops every waiting frame and returns how many there were. */
    int clear() {
        int count = frames.size();
        frames.clear();
        bytes = 0;
        return count;
    }

    int size() {
        return frames.size();
    }

    long bytes() {
        return bytes;
    }
}
