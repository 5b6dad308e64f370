package io.khata.bench;

import io.khata.core.Ledger;
import io.khata.core.block.Block;
import io.khata.core.validate.ValidatedBlock;
import java.util.concurrent.TimeUnit;
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
 * Block validation as a node does it on receiving a proposal: decode the block's bytes, then
 * {@link Ledger#validate} (header, last commit, tx root, every signature on the verifier's
 * {@code threads}, state transitions and state root), on a ledger that has never seen the block.
 *
 * <ul>
 *   <li>{@link #cold}: empty signature cache, every signature verified: the figure to compare
 *       with {@link SignatureBaselineBenchmark} at the same {@code threads}.</li>
 *   <li>{@link #warm}: every transaction already in the signature cache, as after mempool
 *       admission; what is left is everything except signature verification.</li>
 * </ul>
 *
 * <p>Each invocation gets a fresh in-memory ledger, made in {@code @Setup(Level.Invocation)}
 * (outside the measured time: it costs tens of milliseconds for the genesis of 2,000
 * accounts) and closed in {@code @TearDown(Level.Invocation)}. A ledger remembers the last
 * block it validated, so reusing one would time a cache hit instead of a validation.
 *
 * <p>Score: blocks per second; the secondary result {@code :transactions} is transactions per
 * second. {@code threads = 0} means every available processor.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class BlockValidationBenchmark {

    @State(Scope.Benchmark)
    public static class Data {
        @Param({"1000", "10000"})
        public int txsPerBlock;

        /** Verifier parallelism; 0 means every available processor. */
        @Param({"1", "0"})
        public int threads;

        Workload workload;
        /** A decoded copy of the block, to fill the signature cache from for {@link #warm}. */
        Block decoded;

        @Setup(Level.Trial)
        public void generate() {
            workload = Workload.create(txsPerBlock);
            decoded = workload.decodeBlock();
        }
    }

    /** A ledger at height 1 with an empty signature cache, new for every invocation. */
    @State(Scope.Thread)
    public static class ColdLedger {
        Ledger ledger;

        @Setup(Level.Invocation)
        public void open(Data data) {
            ledger = data.workload.newLedger(data.threads);
        }

        @TearDown(Level.Invocation)
        public void close() {
            ledger.close();
        }
    }

    /** A ledger at height 1 whose signature cache already holds every transaction of the block. */
    @State(Scope.Thread)
    public static class WarmLedger {
        Ledger ledger;

        @Setup(Level.Invocation)
        public void open(Data data) {
            ledger = data.workload.newLedger(data.threads);
            Workload.warmSignatureCache(ledger, data.decoded);
        }

        @TearDown(Level.Invocation)
        public void close() {
            ledger.close();
        }
    }

    @Benchmark
    public ValidatedBlock cold(Data data, ColdLedger cold, TransactionCounter counter) {
        return decodeAndValidate(data, cold.ledger, counter);
    }

    @Benchmark
    public ValidatedBlock warm(Data data, WarmLedger warm, TransactionCounter counter) {
        return decodeAndValidate(data, warm.ledger, counter);
    }

    private static ValidatedBlock decodeAndValidate(Data data, Ledger ledger, TransactionCounter counter) {
        Block block = data.workload.decodeBlock();
        ValidatedBlock validated = Workload.validateOrThrow(ledger, block);
        counter.transactions += block.transactions().size();
        return validated;
    }
}
