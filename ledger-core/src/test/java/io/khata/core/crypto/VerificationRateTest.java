package io.khata.core.crypto;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class VerificationRateTest {
    private static SignatureCheck check(int seed, boolean valid) {
        KeyPair key = KeyPair.fromSeed(Sha256.hash(new byte[] {(byte) seed}).toByteArray());
        byte[] message = {1, 2, (byte) seed};
        Signature signature = key.sign(message);
        return new SignatureCheck(key.publicKey(), valid ? message : new byte[] {9}, signature);
    }

    @Test
    void validSignaturesGiveAPositiveRate() {
        try (ParallelVerifier verifier = new ParallelVerifier(1)) {
            double rate = VerificationRate.measure(verifier, List.of(check(1, true), check(2, true)), 0.05);
            assertTrue(rate > 0, "rate " + rate);
        }
    }

    @Test
    void aBaselineWithAFailingSignatureIsRefused() {
        try (ParallelVerifier verifier = new ParallelVerifier(1)) {
            assertThrows(IllegalStateException.class,
                    () -> VerificationRate.measure(verifier, List.of(check(1, true), check(2, false)), 0.05));
        }
    }
}
