package io.khata.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counts the transactions a benchmark processed, so JMH reports them per second next to its
 * primary score (blocks per second) as the secondary result {@code :transactions}.
 *
 * <p>Why not {@code @OperationsPerInvocation(txsPerBlock)}: the annotation takes a compile-time
 * constant, and the block size is a {@code @Param}. JMH divides an operations counter by the
 * same measured time as the primary score, so {@code transactions} is exactly
 * {@code blocks/s × txsPerBlock}, and {@code gc.alloc.rate.norm} (bytes per block) divided by
 * {@code txsPerBlock} is bytes per transaction.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class TransactionCounter {
    public long transactions;

    @Setup(Level.Iteration)
    public void reset() {
        transactions = 0;
    }
}
