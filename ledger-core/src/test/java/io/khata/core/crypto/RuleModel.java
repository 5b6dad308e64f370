package io.khata.core.crypto;

import io.khata.core.crypto.Edwards25519.Point;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Khata's Ed25519 rule as written in docs/ED25519.md, evaluated with {@link Edwards25519} and
 * nothing from BouncyCastle: the model the conformance and property tests compare the
 * production verifiers with.
 */
final class RuleModel {
    private RuleModel() {
    }

    /** S < L, R and A canonical and on the curve, A not of small order, and [8][S]B = [8]R + [8][k]A. */
    static boolean accepts(byte[] key, byte[] message, byte[] signature) {
        BigInteger s = Edwards25519.littleEndianValue(Arrays.copyOfRange(signature, 32, 64));
        if (s.compareTo(Edwards25519.L) >= 0) {
            return false;
        }
        Point r = Edwards25519.decodeCanonical(Arrays.copyOfRange(signature, 0, 32));
        Point a = Edwards25519.decodeCanonical(key);
        if (r == null || a == null || a.smallOrder() != 0) {
            return false;
        }
        return Edwards25519.cofactoredHolds(key, message, signature);
    }

    /** A canonical encoding of a point of order exactly L (on the curve, no torsion component, not the identity). */
    static boolean isStrongKey(byte[] key) {
        Point a = Edwards25519.decodeCanonical(key);
        return a != null && a.smallOrder() == 0 && a.times(Edwards25519.L).isIdentity();
    }
}
