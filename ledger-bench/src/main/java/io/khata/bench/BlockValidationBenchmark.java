package io.khata.bench;

import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.ledger.Ledger;
import io.khata.core.tx.Transaction;
import io.khata.core.validate.BlockValidator;
import io.khata.core.validate.SignatureCache;
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
 * validate it (header, last commit, tx root, every signature on the verifier's
 * {@code threads}, state transitions and state root) as the next block of a ledger at height 1.
 *
 * <ul>
 *   <li>{@link #cold}: empty signature cache, every signature verified: the figure to compare
 *       with {@link SignatureBaselineBenchmark} at the same {@code threads}.</li>
 *   <li>{@link #warm}: every transaction already in the signature cache, as after mempool
 *       admission; what is left is everything except signature verification.</li>
 * </ul>
 *
 * <p>How each invocation gets a ledger that has never seen the block, without timing or
 * counting the making of one: the ledger is made once per trial, and each invocation runs
 * {@link BlockValidator#validate} (what {@link Ledger#validate} runs, minus its shortcut for
 * the block it validated last) against {@link Ledger#tip()}. Validation never writes to
 * committed state, so the ledger stays at height 1 with its genesis state. The one thing that
 * remembers a validation is the signature cache: {@link #cold} clears its own at the start of
 * every invocation (a 65,536-slot table, tens of microseconds against the hundreds of
 * milliseconds a cold block takes, and inside the measurement), {@link #warm} keeps its own
 * full. A new ledger per invocation in {@code @Setup(Level.Invocation)} would do the same,
 * but JMH's {@code -prof gc} counts what setups allocate, and building a ledger of 2,000
 * accounts allocates more than validating a 10,000-transaction block does.
 *
 * <p>Score: blocks per second; the secondary result {@code :transactions} is transactions per
 * second. {@code threads = 0} means every available processor.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class BlockValidationBenchmark {
    @Param({"1000", "10000"})
    public int txsPerBlock;

    /** Verifier parallelism; 0 means every available processor. */
    @Param({"1", "0"})
    public int threads;

    Workload workload;
    Ledger ledger;
    SignatureCache coldCache;
    SignatureCache warmCache;
    BlockValidator coldValidator;
    BlockValidator warmValidator;

    @Setup(Level.Trial)
    public void generate() {
        workload = Workload.create(txsPerBlock);
        ledger = workload.newLedger(threads);
        coldCache = new SignatureCache(ledger.options().signatureCacheEntries());
        warmCache = new SignatureCache(ledger.options().signatureCacheEntries());
        for (Transaction tx : workload.decodeBlock().transactions()) {
            warmCache.markVerified(tx);
        }
        coldValidator = new BlockValidator(ledger.transition(), ledger.verifier(), coldCache);
        warmValidator = new BlockValidator(ledger.transition(), ledger.verifier(), warmCache);
    }

    @TearDown(Level.Trial)
    public void close() {
        ledger.close();
    }

    @Benchmark
    public ValidatedBlock cold(TransactionCounter counter) {
        coldCache.clear();
        return decodeAndValidate(coldValidator, counter);
    }

    @Benchmark
    public ValidatedBlock warm(TransactionCounter counter) {
        return decodeAndValidate(warmValidator, counter);
    }

    private ValidatedBlock decodeAndValidate(BlockValidator validator, TransactionCounter counter) {
        Block block = workload.decodeBlock();
        Result<ValidatedBlock> result = validator.validate(block, ledger.tip());
        if (!result.isOk()) {
            throw new IllegalStateException("the benchmark block does not validate: " + result.rejection().message());
        }
        counter.transactions += block.transactions().size();
        return result.value();
    }
}
