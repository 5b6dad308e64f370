package io.khata.net.node;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.LongSupplier;

/**
 * The block requests this node has sent and not yet had answered, so that a block response is
 * accepted only as the answer to one of them: an unsolicited response is dropped before it is
 * decoded. At most {@link #OUTSTANDING_MAX} are remembered (a newer request pushes out the
 * oldest), each for {@link #ANSWER_WAIT_MILLIS}. Thread-safe: requests are sent on the consensus
 * thread, responses arrive on the network's.
 */
final class SyncRequests {
    static final int OUTSTANDING_MAX = 4;
    static final long ANSWER_WAIT_MILLIS = 30_000;

    private record Outstanding(String peer, long sentNanos) {
    }

    private final LongSupplier nanoTime;
    private final ArrayDeque<Outstanding> outstanding = new ArrayDeque<>();

    SyncRequests(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    synchronized void sent(String peer) {
        if (outstanding.size() >= OUTSTANDING_MAX) {
            outstanding.removeFirst();
        }
        outstanding.addLast(new Outstanding(peer, nanoTime.getAsLong()));
    }

    /** True if {@code peer} owed this node an answer; that request is then answered. */
    synchronized boolean answered(String peer) {
        long now = nanoTime.getAsLong();
        for (Iterator<Outstanding> it = outstanding.iterator(); it.hasNext(); ) {
            Outstanding request = it.next();
            if (now - request.sentNanos() > ANSWER_WAIT_MILLIS * 1_000_000) {
                it.remove();
            } else if (request.peer().equals(peer)) {
                it.remove();
                return true;
            }
        }
        return false;
    }
}
