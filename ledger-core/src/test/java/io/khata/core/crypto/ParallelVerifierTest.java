package io.khata.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A batch of signature checks on several threads reports exactly the checks that fail, wherever they fall. */
class ParallelVerifierTest {
    private static final KeyPair SIGNER = KeyPair.fromSeed(new byte[32]);

    /** {@code count} checks, those whose index is in {@code bad} with a signature over another message. */
    private static List<SignatureCheck> checks(int count, BitSet bad) {
        List<SignatureCheck> checks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] message = ("payment " + i).getBytes(StandardCharsets.UTF_8);
            byte[] signed = bad.get(i) ? ("forged " + i).getBytes(StandardCharsets.UTF_8) : message;
            checks.add(new SignatureCheck(SIGNER.publicKey(), message, SIGNER.sign(signed)));
        }
        return checks;
    }

    private static BitSet bits(int... indices) {
        BitSet set = new BitSet();
        for (int i : indices) {
            set.set(i);
        }
        return set;
    }

    @Test
    void everyFailingCheckIsReportedOnOneThreadAndOnSeveral() {
        BitSet bad = bits(0, 17, 31, 32, 63, 64, 100, 199);
        List<SignatureCheck> batch = checks(200, bad);
        for (int threads : new int[] {1, 2, 3}) {
            try (ParallelVerifier verifier = new ParallelVerifier(threads)) {
                assertEquals(threads, verifier.parallelism());
                assertEquals(bad, verifier.verify(batch), threads + " threads");
                assertEquals(bad, verifier.verifyAsync(batch).join(), threads + " threads, async");
                assertEquals(new BitSet(), verifier.verify(checks(40, new BitSet())), threads + " threads, all valid");
                assertEquals(bits(39), verifier.verify(checks(40, bits(39))), threads + " threads, last of a small batch");
                assertEquals(new BitSet(), verifier.verify(List.of()));
            }
        }
    }

    @Test
    void withOneThreadTheWorkIsDoneBeforeVerifyAsyncReturns() {
        try (ParallelVerifier verifier = new ParallelVerifier(1)) {
            CompletableFuture<BitSet> future = verifier.verifyAsync(checks(64, bits(5)));
            assertTrue(future.isDone());
            assertEquals(bits(5), future.getNow(null));
        }
    }

    @Test
    void aClosedVerifierRefusesNewWorkAndItsThreadsStop() throws Exception {
        ParallelVerifier verifier = new ParallelVerifier(2);
        verifier.verify(checks(64, new BitSet()));
        verifier.close();
        assertThrows(RejectedExecutionException.class, () -> verifier.verifyAsync(checks(64, new BitSet())));
        new ParallelVerifier(1).close();
    }

    @Test
    void parallelismBelowOneIsRefusedWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ParallelVerifier(0));
        assertEquals("parallelism must be at least 1, got 0", e.getMessage());
        try (ParallelVerifier all = ParallelVerifier.allProcessors()) {
            assertEquals(Runtime.getRuntime().availableProcessors(), all.parallelism());
        }
    }
}
