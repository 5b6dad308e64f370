package io.khata.core.crypto;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Verifies a batch of signatures on a fixed number of threads and reports which failed.
 * Signature checks are independent, so the batch is cut into contiguous slices, one task
 * each; with parallelism 1 everything runs on the caller's thread.
 */
public final class ParallelVerifier implements AutoCloseable {
    /** Slices per thread: enough to even out a slow core, few enough to keep task overhead negligible. */
    private static final int SLICES_PER_THREAD = 8;
    /** Below this many checks per slice the fork-join overhead outweighs the parallel gain. */
    private static final int SLICE_CHECKS_MIN = 16;

    private final int parallelism;
    private final ForkJoinPool pool;

    public ParallelVerifier(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        this.parallelism = parallelism;
        this.pool = parallelism == 1 ? null : new ForkJoinPool(parallelism);
    }

    /** A verifier with one thread per available processor. */
    public static ParallelVerifier allProcessors() {
        return new ParallelVerifier(Runtime.getRuntime().availableProcessors());
    }

    public int parallelism() {
        return parallelism;
    }

    /** Returns the indices of the checks that failed; an empty set means all signatures are valid. */
    public BitSet verify(List<SignatureCheck> checks) {
        BitSet failed = new BitSet(checks.size());
        int count = checks.size();
        if (pool == null || count < 2 * SLICE_CHECKS_MIN) {
            verifySlice(checks, 0, count, failed);
            return failed;
        }
        int slices = Math.max(1, Math.min(parallelism * SLICES_PER_THREAD, count / SLICE_CHECKS_MIN));
        List<RecursiveAction> tasks = new ArrayList<>(slices);
        BitSet[] results = new BitSet[slices];
        for (int slice = 0; slice < slices; slice++) {
            int from = (int) ((long) count * slice / slices);
            int to = (int) ((long) count * (slice + 1) / slices);
            BitSet sliceFailed = new BitSet();
            results[slice] = sliceFailed;
            tasks.add(new RecursiveAction() {
                @Override
                protected void compute() {
                    verifySlice(checks, from, to, sliceFailed);
                }
            });
        }
        pool.invoke(new RecursiveAction() {
            @Override
            protected void compute() {
                ForkJoinTask.invokeAll(tasks);
            }
        });
        for (BitSet result : results) {
            failed.or(result);
        }
        return failed;
    }

    /**
     * Starts verifying on the pool and returns at once, so the caller can do other work (apply
     * state transitions) meanwhile. With parallelism 1 the work is done before returning.
     */
    public java.util.concurrent.CompletableFuture<BitSet> verifyAsync(List<SignatureCheck> checks) {
        if (pool == null) {
            return java.util.concurrent.CompletableFuture.completedFuture(verify(checks));
        }
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> verify(checks), pool);
    }

    private static void verifySlice(List<SignatureCheck> checks, int from, int to, BitSet failed) {
        for (int i = from; i < to; i++) {
            if (!checks.get(i).verify()) {
                failed.set(i);
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
