package io.khata.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time of the benchmark's JVM per operation, every thread included (the benchmark thread,
 * the verifier's pool, GC and the JIT): {@code -prof io.khata.bench.CpuTimeProfiler} adds the
 * secondary result {@code cpu.time.norm} in nanoseconds per operation (per block).
 *
 * <p>Why: on a machine shared with other work, a benchmark thread that waits for a core is
 * slow by wall clock but not by CPU time, and two benchmarks run minutes apart see different
 * neighbours. Work per transaction (CPU time) against work per verification is the ratio that
 * survives that; it cannot show what parallelism loses to the serial parts (decode, Merkle
 * root, state root), which only the wall clock of a quiet machine shows.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuNanosBefore;

    @Override
    public String getDescription() {
        return "JVM process CPU time per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuNanosBefore = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long cpuNanos = os.getProcessCpuTime() - cpuNanosBefore;
        long operations = result.getMetadata().getAllOps();
        double perOperation = operations == 0 ? Double.NaN : (double) cpuNanos / operations;
        return List.of(new ScalarResult("cpu.time.norm", perOperation, "ns/op", AggregationPolicy.AVG));
    }
}
