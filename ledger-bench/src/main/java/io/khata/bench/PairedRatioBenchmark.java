package io.khata.bench;

import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.crypto.SignatureCheck;
import io.khata.core.ledger.Ledger;
import io.khata.core.validate.BlockValidator;
import io.khata.core.validate.SignatureCache;
import io.khata.core.validate.ValidatedBlock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Validation against the baseline, paired: each invocation validates the block cold (as
 * {@link BlockValidationBenchmark#cold}) and then verifies its signatures (as
 * {@link SignatureBaselineBenchmark#verify}) on the same verifier, timing each half. The two
 * halves are a second apart, so they share whatever else the machine is doing, where the
 * separate benchmarks run minutes apart. {@link RatioReport} computes the ratio
 * {@code (transactions / validationNanos) / (verifications / baselineNanos)} per iteration
 * and reports the median. The primary score (pairs per second) means nothing by itself.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class PairedRatioBenchmark {
    @Param({"10000"})
    public int txsPerBlock;

    /** Verifier parallelism; 0 means every available processor. */
    @Param({"1", "0"})
    public int threads;

    Workload workload;
    Ledger ledger;
    SignatureCache cache;
    BlockValidator validator;
    List<SignatureCheck> checks;

    /** Time spent in each half and what each half did, summed over an iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Halves {
        public long validationNanos;
        public long baselineNanos;
        public long transactions;
        public long verifications;

        @Setup(Level.Iteration)
        public void reset() {
            validationNanos = 0;
            baselineNanos = 0;
            transactions = 0;
            verifications = 0;
        }
    }

    @Setup(Level.Trial)
    public void generate() {
        workload = Workload.create(txsPerBlock);
        ledger = workload.newLedger(threads);
        cache = new SignatureCache(ledger.options().signatureCacheEntries());
        validator = new BlockValidator(ledger.transition(), ledger.verifier(), cache);
        checks = Workload.signatureChecks(workload.decodeBlock());
    }

    @TearDown(Level.Trial)
    public void close() {
        ledger.close();
    }

    @Benchmark
    public Object pair(Halves halves) {
        long start = System.nanoTime();
        cache.clear();
        Block block = workload.decodeBlock();
        Result<ValidatedBlock> validated = validator.validate(block, ledger.tip());
        long middle = System.nanoTime();
        boolean allVerified = ledger.verifier().verify(checks).isEmpty();
        long end = System.nanoTime();
        if (!validated.isOk() || !allVerified) {
            throw new IllegalStateException("the benchmark block does not validate: " + validated.rejection());
        }
        halves.validationNanos += middle - start;
        halves.baselineNanos += end - middle;
        halves.transactions += block.transactions().size();
        halves.verifications += checks.size();
        return validated;
    }
}
