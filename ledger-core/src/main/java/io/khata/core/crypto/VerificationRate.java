package io.khata.core.crypto;

import java.util.List;

/**
 * Raw Ed25519 verifications per second through a {@link ParallelVerifier}: the physical limit
 * that benchmarks and the audit print next to their own speed, measured in the same run.
 */
public final class VerificationRate {
    private VerificationRate() {
    }

    /**
     * Verifies {@code checks} over and over for about {@code seconds} (after one warm-up pass)
     * and returns verifications per second.
     *
     * @throws IllegalStateException if a check does not verify: a baseline of failures measures nothing
     */
    public static double measure(ParallelVerifier verifier, List<SignatureCheck> checks, double seconds) {
        if (!verifier.verify(checks).isEmpty()) {
            throw new IllegalStateException("a baseline signature does not verify");
        }
        long verified = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            if (!verifier.verify(checks).isEmpty()) {
                throw new IllegalStateException("a baseline signature does not verify");
            }
            verified += checks.size();
        }
        return verified / ((System.nanoTime() - start) / 1e9);
    }
}
