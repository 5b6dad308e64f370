package io.khata.net.node;

/**
 * The shell's only source of time: the wall clock that dates the blocks this node proposes, and
 * a monotonic clock for measuring. A node reads the system's clocks; the simulator answers with
 * its virtual time (plus the node's skew), so a run never depends on the machine's clock.
 */
public interface NodeClock {
    /** Milliseconds since the epoch, as this node's wall clock reads them. */
    long wallMillis();

    /** A clock that never goes back, for durations only. */
    long monotonicNanos();

    /** The system's clocks. */
    NodeClock SYSTEM = new NodeClock() {
        @Override
        public long wallMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public long monotonicNanos() {
            return System.nanoTime();
        }
    };
}
