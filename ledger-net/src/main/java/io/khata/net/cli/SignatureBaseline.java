package io.khata.net.cli;

import io.khata.core.crypto.ParallelVerifier;
import io.khata.core.crypto.SignatureCheck;
import io.khata.core.crypto.VerificationRate;
import io.khata.core.tx.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * The physical limit, measured in the same run as a benchmark: raw Ed25519 verifications per
 * second on all processors, over transactions of the benchmark's own shape.
 */
final class SignatureBaseline {
    private SignatureBaseline() {
    }

    static double verificationsPerSecond(List<Transaction> sample, double seconds) {
        List<SignatureCheck> checks = new ArrayList<>();
        for (Transaction tx : sample) {
            checks.addAll(tx.signatureChecks());
        }
        try (ParallelVerifier verifier = ParallelVerifier.allProcessors()) {
            return VerificationRate.measure(verifier, checks, seconds);
        }
    }

}
