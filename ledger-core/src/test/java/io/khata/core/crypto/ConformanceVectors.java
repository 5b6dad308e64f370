package io.khata.core.crypto;

import io.khata.core.crypto.Edwards25519.Point;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates Khata's Ed25519 conformance vectors with {@link Edwards25519}: the edge cases of
 * Chalkias, Garillot and Nikolaenko, "Taming the many EdDSAs" (2020) (small-order and
 * mixed-order A and R, non-canonical S, R and A, S = 0), plus signatures whose R carries a
 * torsion component of order 2, 4 or 8 with S recomputed over the new challenge, so that the
 * cofactored equation holds and the cofactorless one fails. Everything is derived from fixed
 * inputs, so the vectors are the same on every run.
 */
final class ConformanceVectors {
    static final byte[] SEED = seed(7);
    static final byte[] MESSAGE = "khata conformance vector".getBytes(StandardCharsets.UTF_8);

    private static final Point T8 = Edwards25519.pointOfOrder8();
    private static final BigInteger SECRET = Edwards25519.secretScalar(SEED);
    private static final Point A = Edwards25519.BASE.times(SECRET);

    private ConformanceVectors() {
    }

    static List<ConformanceVector> all() {
        List<ConformanceVector> vectors = new ArrayList<>();
        vectors.addAll(ordinary());
        vectors.addAll(smallOrderKeys());
        vectors.addAll(torsionInR());
        vectors.addAll(mixedOrderKeys());
        vectors.addAll(nonCanonicalScalars());
        vectors.addAll(nonCanonicalPoints());
        return vectors;
    }

    private static List<ConformanceVector> ordinary() {
        BigInteger r = nonce("ordinary");
        byte[] signature = sign(Edwards25519.BASE.times(r).encode(), r, A.encode(), SECRET);
        byte[] otherMessage = "khata conformance vectoR".getBytes(StandardCharsets.UTF_8);
        return List.of(
                vector("prime-order A and R", A.encode(), MESSAGE, signature, true, true, true, true,
                        "an ordinary RFC 8032 signature"),
                vector("prime-order A and R, other message", A.encode(), otherMessage, signature, false, true, false, false,
                        "the challenge covers the message"));
    }

    /** Taming cases 0 and 1: a small-order A lets anyone sign anything; such keys are refused everywhere. */
    private static List<ConformanceVector> smallOrderKeys() {
        byte[] smallA = T8.encode();
        byte[] smallR = T8.times(2).encode();
        byte[] caseZero = Edwards25519.signature(smallR, BigInteger.ZERO);
        BigInteger r = nonce("small A mixed R");
        byte[] mixedR = Edwards25519.BASE.times(r).add(T8.times(4)).encode();
        byte[] caseOne = Edwards25519.signature(mixedR, r);
        return List.of(
                vector("small-order A, small-order R, S = 0", smallA, MESSAGE, caseZero, false, false,
                        Edwards25519.cofactorlessHolds(smallA, MESSAGE, caseZero), true,
                        "A of order 8 is refused before any equation: [8]A = 0 makes the key sign every message"),
                vector("small-order A, mixed-order R", smallA, MESSAGE, caseOne, false, false,
                        Edwards25519.cofactorlessHolds(smallA, MESSAGE, caseOne), true,
                        "A of order 8 is refused"));
    }

    /** The cofactored rule's distinguishing cases: torsion in R, a prime-order (strong) A. */
    private static List<ConformanceVector> torsionInR() {
        List<ConformanceVector> vectors = new ArrayList<>();
        for (int order : new int[] {2, 4, 8}) {
            BigInteger r = nonce("torsion in R " + order);
            Point torsion = T8.times(8 / order);
            byte[] rBytes = Edwards25519.BASE.times(r).add(torsion).encode();
            vectors.add(vector("prime-order A, R + T of order " + order, A.encode(), MESSAGE,
                    sign(rBytes, r, A.encode(), SECRET), true, true, false, true,
                    "the cofactored equation holds ([8] removes T); a cofactorless verifier rejects it"));
        }
        byte[] smallR = T8.encode();
        vectors.add(vector("prime-order A, R of order 8, S = k a", A.encode(), MESSAGE,
                sign(smallR, BigInteger.ZERO, A.encode(), SECRET), true, true, false, true,
                "R is pure torsion; [8]R = 0 and [8][S]B = [8][k]A"));
        byte[] identityR = Edwards25519.IDENTITY.encode();
        vectors.add(vector("prime-order A, R = identity, S = k a", A.encode(), MESSAGE,
                sign(identityR, BigInteger.ZERO, A.encode(), SECRET), true, true, true, true,
                "both equations hold; only the key's owner can make it (it reveals a = S / k)"));
        byte[] zero = Edwards25519.signature(identityR, BigInteger.ZERO);
        vectors.add(vector("prime-order A, R = identity, S = 0", A.encode(), MESSAGE, zero, false, true, false, false,
                "S = 0 needs [k]A to be torsion, impossible for a prime-order A"));
        return vectors;
    }

    /** Taming cases 2 to 4: A = aB + T verifies like any key but is never registered (not in the prime-order subgroup). */
    private static List<ConformanceVector> mixedOrderKeys() {
        Point mixedA = A.add(T8);
        byte[] aBytes = mixedA.encode();
        byte[] smallR = T8.times(2).encode();
        byte[] caseTwo = sign(smallR, BigInteger.ZERO, aBytes, SECRET);
        List<ConformanceVector> vectors = new ArrayList<>();
        vectors.add(vector("mixed-order A, small-order R", aBytes, MESSAGE, caseTwo, true, false,
                Edwards25519.cofactorlessHolds(aBytes, MESSAGE, caseTwo), true,
                "verification decodes A and checks the cofactored equation; registration refuses this A"));
        vectors.add(mixedOrderBoth(mixedA, true));
        vectors.add(mixedOrderBoth(mixedA, false));
        return vectors;
    }

    /**
     * R = rB + T' with T' chosen so that the torsion parts cancel ([k]T + T' = 0, cofactorless
     * holds) or do not (only cofactored holds). k depends on R, so nonces are tried in turn.
     */
    private static ConformanceVector mixedOrderBoth(Point mixedA, boolean cancel) {
        byte[] aBytes = mixedA.encode();
        for (int attempt = 0; ; attempt++) {
            BigInteger r = nonce("mixed both " + cancel + " " + attempt);
            Point torsionR = T8.times(1 + attempt % 7);
            byte[] rBytes = Edwards25519.BASE.times(r).add(torsionR).encode();
            BigInteger k = Edwards25519.challenge(rBytes, aBytes, MESSAGE);
            boolean cancels = T8.times(k).add(torsionR).isIdentity();
            if (cancels == cancel) {
                byte[] signature = Edwards25519.signature(rBytes, r.add(k.multiply(SECRET)).mod(Edwards25519.L));
                return vector("mixed-order A and R, cofactorless " + (cancel ? "holds" : "fails"), aBytes, MESSAGE,
                        signature, true, false, cancel, true,
                        "the cofactored equation holds; registration refuses this A");
            }
        }
    }

    /** Taming cases 6 and 7: S must be below L, or S + L would be a second signature. */
    private static List<ConformanceVector> nonCanonicalScalars() {
        BigInteger r = nonce("non-canonical S");
        byte[] rBytes = Edwards25519.BASE.times(r).encode();
        BigInteger s = r.add(Edwards25519.challenge(rBytes, A.encode(), MESSAGE).multiply(SECRET)).mod(Edwards25519.L);
        byte[] plusL = Edwards25519.signature(rBytes, s.add(Edwards25519.L));
        byte[] highBits = Edwards25519.signature(rBytes, s.add(Edwards25519.L.multiply(BigInteger.valueOf(15))));
        return List.of(
                vector("S + L", A.encode(), MESSAGE, plusL, false, true, true, true,
                        "S >= L is refused even though [S + L]B = [S]B"),
                vector("S + 15 L (bits 253..255 set)", A.encode(), MESSAGE, highBits, false, true, true, true,
                        "S >= L is refused"));
    }

    /** Taming cases 8 to 11 and points off the curve: every point has exactly one accepted encoding. */
    private static List<ConformanceVector> nonCanonicalPoints() {
        byte[] identityPlusP = Edwards25519.encodeY(Edwards25519.P.add(BigInteger.ONE), false);
        byte[] rNonCanonical = sign(identityPlusP, BigInteger.ZERO, A.encode(), SECRET);
        byte[] negativeZero = Edwards25519.encodeY(BigInteger.ONE, true);
        byte[] rNegativeZero = sign(negativeZero, BigInteger.ZERO, A.encode(), SECRET);
        byte[] orderFourPlusP = Edwards25519.encodeY(Edwards25519.P, false);
        byte[] identityR = Edwards25519.IDENTITY.encode();
        byte[] zero = Edwards25519.signature(identityR, BigInteger.ZERO);
        byte[] offCurve = offCurveEncoding();
        byte[] rOffCurve = sign(offCurve, BigInteger.ZERO, A.encode(), SECRET);
        return List.of(
                vector("R encodes y = p + 1 (identity, non-canonical)", A.encode(), MESSAGE, rNonCanonical, false, true,
                        true, true, "R's y must be below p; read mod p both equations would hold"),
                vector("R encodes x = 0 with the sign bit set", A.encode(), MESSAGE, rNegativeZero, false, true,
                        false, false, "x = 0 has no negative; RFC 8032 section 5.1.3 step 4 refuses it"),
                vector("A encodes y = p + 1 (identity, non-canonical), R = identity, S = 0", identityPlusP, MESSAGE,
                        zero, false, false, true, true, "A's y must be below p, and A is of small order"),
                vector("A encodes y = p (order 4, non-canonical), R = identity, S = 0", orderFourPlusP, MESSAGE,
                        zero, false, false, Edwards25519.cofactorlessHolds(orderFourPlusP, MESSAGE, zero), true,
                        "A's y must be below p, and A is of small order"),
                vector("R is not on the curve", A.encode(), MESSAGE, rOffCurve, false, true, false, false,
                        "no point has this y"),
                vector("A is not on the curve", offCurve, MESSAGE, zero, false, false, false, false,
                        "no point has this y"));
    }

    /** The encoding of the smallest y >= 2 for which x^2 = (y^2 - 1) / (d y^2 + 1) has no root. */
    static byte[] offCurveEncoding() {
        for (int y = 2; ; y++) {
            byte[] encoding = Edwards25519.encodeY(BigInteger.valueOf(y), false);
            if (Edwards25519.decodeLenient(encoding) == null) {
                return encoding;
            }
        }
    }

    /** S = r + k a mod L with k over the given encodings of R and A. */
    private static byte[] sign(byte[] rBytes, BigInteger r, byte[] aBytes, BigInteger secret) {
        BigInteger k = Edwards25519.challenge(rBytes, aBytes, MESSAGE);
        return Edwards25519.signature(rBytes, r.add(k.multiply(secret)).mod(Edwards25519.L));
    }

    private static BigInteger nonce(String label) {
        return Edwards25519.challenge(label.getBytes(StandardCharsets.UTF_8), new byte[0], new byte[0]);
    }

    private static ConformanceVector vector(String name, byte[] key, byte[] message, byte[] signature, boolean accepted,
                                            boolean strongKey, boolean cofactorless, boolean cofactored, String why) {
        return new ConformanceVector(name, key, message, signature, accepted, strongKey, cofactorless, cofactored, why);
    }

    static byte[] seed(int fill) {
        byte[] seed = new byte[32];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (fill + i);
        }
        return seed;
    }
}
