package io.khata.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.ledger.Ledger;
import io.khata.core.validate.ValidatedBlock;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs every benchmark method once, without JMH, on a small block: the setups build a block
 * that validates (each benchmark would throw on a rejection), and the counters count what the
 * score will be divided by.
 */
class BenchmarkSmokeTest {
    static final int TXS = 200;

    @ParameterizedTest
    @ValueSource(ints = {1, 0})
    void blockValidationColdAndWarm(int threads) {
        BlockValidationBenchmark benchmark = new BlockValidationBenchmark();
        benchmark.txsPerBlock = TXS;
        benchmark.threads = threads;
        benchmark.generate();
        TransactionCounter counter = new TransactionCounter();
        assertEquals(TXS, benchmark.warmCache.size());
        ValidatedBlock expected;
        try (Ledger fresh = benchmark.workload.newLedger(threads)) {
            expected = Workload.validateOrThrow(fresh, benchmark.workload.decodeBlock());
        }
        for (int invocation = 0; invocation < 2; invocation++) {
            ValidatedBlock cold = benchmark.cold(counter);
            assertEquals(TXS, cold.block().transactions().size());
            assertEquals(expected.stateRoot(), cold.stateRoot(), "what Ledger.validate on a new ledger gives");
            assertEquals(expected.block(), cold.block());
            assertEquals(TXS, benchmark.coldCache.size(), "cold verified and cached every transaction");
            assertEquals(expected.stateRoot(), benchmark.warm(counter).stateRoot());
        }
        assertEquals(1, benchmark.ledger.height(), "validation leaves the ledger where it was");
        assertEquals(4L * TXS, counter.transactions);
        benchmark.close();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"1, java", "0, java", "1, native", "0, native"})
    void signatureBaseline(int threads, String verifier) {
        org.junit.jupiter.api.Assumptions.assumeTrue(verifier.equals("java")
                || io.khata.core.crypto.Ed25519.useVerifier(io.khata.core.crypto.VerifierChoice.AUTO).name().equals("native"),
                "the native verifier does not load on this platform");
        SignatureBaselineBenchmark benchmark = new SignatureBaselineBenchmark();
        benchmark.txsPerBlock = TXS;
        benchmark.threads = threads;
        benchmark.verifier = verifier;
        benchmark.generate();
        assertEquals(verifier, io.khata.core.crypto.Ed25519.selection().name());
        VerificationCounter counter = new VerificationCounter();
        assertTrue(benchmark.verify(counter).isEmpty());
        assertEquals(TXS + TXS / Workload.DVP_EVERY, counter.verifications);
        assertEquals(Workload.verifierThreads(threads), benchmark.parallelVerifier.parallelism());
        benchmark.close();
        io.khata.core.crypto.Ed25519.useVerifier(io.khata.core.crypto.VerifierChoice.AUTO);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 0})
    void pairedRatio(int threads) {
        PairedRatioBenchmark benchmark = new PairedRatioBenchmark();
        benchmark.txsPerBlock = TXS;
        benchmark.threads = threads;
        benchmark.generate();
        PairedRatioBenchmark.Halves halves = new PairedRatioBenchmark.Halves();
        benchmark.pair(halves);
        benchmark.pair(halves);
        assertEquals(2L * TXS, halves.transactions);
        assertEquals(2L * (TXS + TXS / Workload.DVP_EVERY), halves.verifications);
        assertTrue(halves.validationNanos > 0 && halves.baselineNanos > 0);
        benchmark.close();
    }

    @org.junit.jupiter.api.Test
    void breakdown() {
        BreakdownBenchmark benchmark = new BreakdownBenchmark();
        benchmark.txsPerBlock = TXS;
        benchmark.generate();
        TransactionCounter counter = new TransactionCounter();
        assertEquals(TXS, benchmark.decode(counter).transactions().size());
        assertEquals(benchmark.decoded.header().txRoot(), benchmark.txRoot(counter));
        assertEquals(benchmark.executed.changedBalances(), benchmark.transitions(counter).changedBalances());
        assertEquals(benchmark.decoded.header().stateRoot(), benchmark.stateRoot(counter));
        assertEquals(4L * TXS, counter.transactions);
        benchmark.close();
    }

    @org.junit.jupiter.api.Test
    void commitToRocksDb() throws IOException {
        CommitBenchmark benchmark = new CommitBenchmark();
        CommitBenchmark.Data data = new CommitBenchmark.Data();
        data.txsPerBlock = TXS;
        data.generate();
        CommitBenchmark.RocksLedger rocks = new CommitBenchmark.RocksLedger();
        rocks.open(data);
        TransactionCounter counter = new TransactionCounter();
        assertEquals(Workload.HEIGHT, benchmark.commit(data, rocks, counter));
        assertEquals(TXS, counter.transactions);
        Ledger ledger = rocks.ledger;
        assertTrue(ledger.location(data.workload.block().transactions().get(0).hash()).isPresent());
        rocks.close();
        assertTrue(Files.notExists(rocks.directory), "the database directory is deleted");
    }
}
