package io.khata.bench;

import io.khata.core.block.Block;
import io.khata.core.ledger.Ledger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Committing a validated block to RocksDB: {@link Ledger#commit} with the block's commit
 * certificate, which checks the certificate (four Ed25519 verifications), encodes the block
 * and writes block, certificate, tx index, state changes and replay window in one synced
 * {@code WriteBatch}.
 *
 * <p>Each invocation gets a new database in a new directory under {@code java.io.tmpdir}
 * (set {@code -jvmArgsAppend -Djava.io.tmpdir=...} to measure another disk), opened at
 * height 1 with the block already validated, all in {@code @Setup(Level.Invocation)};
 * the directory is deleted afterwards.
 *
 * <p>Score: blocks per second; {@code :transactions} is transactions per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class CommitBenchmark {

    @State(Scope.Benchmark)
    public static class Data {
        @Param({"1000", "10000"})
        public int txsPerBlock;

        Workload workload;

        @Setup(Level.Trial)
        public void generate() {
            workload = Workload.create(txsPerBlock);
        }
    }

    /** A RocksDB ledger at height 1 that has validated the block (from a warm signature cache) but not committed it. */
    @State(Scope.Thread)
    public static class RocksLedger {
        Path directory;
        Ledger ledger;
        Block block;

        @Setup(Level.Invocation)
        public void open(Data data) throws IOException {
            directory = Files.createTempDirectory("khata-bench-commit-");
            ledger = data.workload.openLedger(directory, 1);
            block = data.workload.decodeBlock();
            Workload.warmSignatureCache(ledger, block);
            Workload.validateOrThrow(ledger, block);
        }

        @TearDown(Level.Invocation)
        public void close() throws IOException {
            ledger.close();
            deleteRecursively(directory);
        }
    }

    @Benchmark
    public long commit(Data data, RocksLedger rocks, TransactionCounter counter) {
        rocks.ledger.commit(rocks.block, data.workload.commit());
        counter.transactions += rocks.block.transactions().size();
        return rocks.ledger.height();
    }

    static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
