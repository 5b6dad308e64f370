package io.khata.bench;

import io.khata.core.crypto.Ed25519;
import io.khata.core.crypto.ParallelVerifier;
import io.khata.core.crypto.SignatureCheck;
import io.khata.core.crypto.VerifierChoice;
import java.util.BitSet;
import java.util.List;
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
 * The physical limit of block validation: the very signatures of the measured block (same
 * keys, same 33-byte {@code TRANSACTION ‖ tx_hash} messages) verified and nothing else, through
 * {@link ParallelVerifier} on {@code threads} threads, which is BouncyCastle's low-level Ed25519
 * with each signer's decoded point cached, exactly as validation calls it, or the native fast
 * path of docs/ED25519.md ({@code verifier}; {@code native} fails the trial if it does not load).
 *
 * <p>Score: batches per second; the secondary result {@code :verifications} is signature
 * verifications per second. A block of n transactions carries n + n/100 signatures (every
 * DvP has two), so a validation that did nothing but verify would reach 0.99 of this figure
 * in transactions per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class SignatureBaselineBenchmark {
    @Param({"1000", "10000"})
    public int txsPerBlock;

    /** Verifier parallelism; 0 means every available processor. */
    @Param({"1", "0"})
    public int threads;

    /** The Ed25519 implementation, chosen as a node chooses it at start-up (one per forked JVM). */
    @Param({"java", "native"})
    public String verifier;

    List<SignatureCheck> checks;
    ParallelVerifier parallelVerifier;

    @Setup(Level.Trial)
    public void generate() {
        Ed25519.useVerifier(VerifierChoice.parse(verifier));
        checks = Workload.signatureChecks(Workload.create(txsPerBlock).decodeBlock());
        parallelVerifier = new ParallelVerifier(Workload.verifierThreads(threads));
    }

    @TearDown(Level.Trial)
    public void close() {
        parallelVerifier.close();
    }

    @Benchmark
    public BitSet verify(VerificationCounter counter) {
        BitSet failed = parallelVerifier.verify(checks);
        if (!failed.isEmpty()) {
            throw new IllegalStateException("signature " + failed.nextSetBit(0) + " of the baseline does not verify");
        }
        counter.verifications += checks.size();
        return failed;
    }
}
