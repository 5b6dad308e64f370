package io.khata.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Counts signature verifications, reported per second as the secondary result {@code :verifications}. */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class VerificationCounter {
    public long verifications;

    @Setup(Level.Iteration)
    public void reset() {
        verifications = 0;
    }
}
