package io.khata.core.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Exact arithmetic on edwards25519 (-x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19)) with
 * BigInteger and affine coordinates, for crafting and checking signatures in tests. Slow
 * (a modular inverse per addition) and variable-time, and meant to be: it is the independent,
 * readable reference that the production verifiers are compared with.
 */
final class Edwards25519 {
    static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /** The prime order of the base point, L = 2^252 + 27742317777372353535851937790883648493. */
    static final BigInteger L =
            BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    static final BigInteger D = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    private static final BigInteger SQRT_MINUS_ONE =
            BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);

    static final Point IDENTITY = new Point(BigInteger.ZERO, BigInteger.ONE);
    /** The base point B of RFC 8032 section 5.1: y = 4/5, x even. */
    static final Point BASE = decodeCanonical(encodeY(BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(P)).mod(P), false));

    private Edwards25519() {
    }

    /** An affine point; the constructor does not check that it is on the curve ({@link #isOnCurve}). */
    record Point(BigInteger x, BigInteger y) {
        Point add(Point other) {
            BigInteger xx = x.multiply(other.x);
            BigInteger yy = y.multiply(other.y);
            BigInteger dxxyy = D.multiply(xx).multiply(yy).mod(P);
            BigInteger x3 = x.multiply(other.y).add(y.multiply(other.x))
                    .multiply(BigInteger.ONE.add(dxxyy).modInverse(P)).mod(P);
            BigInteger y3 = yy.add(xx)
                    .multiply(BigInteger.ONE.subtract(dxxyy).mod(P).modInverse(P)).mod(P);
            return new Point(x3, y3);
        }

        Point negate() {
            return new Point(x.negate().mod(P), y);
        }

        /** [scalar]this, by double-and-add; the scalar may be any non-negative integer. */
        Point times(BigInteger scalar) {
            Point result = IDENTITY;
            for (int bit = scalar.bitLength() - 1; bit >= 0; bit--) {
                result = result.add(result);
                if (scalar.testBit(bit)) {
                    result = result.add(this);
                }
            }
            return result;
        }

        Point times(long scalar) {
            return times(BigInteger.valueOf(scalar));
        }

        boolean isOnCurve() {
            BigInteger xx = x.multiply(x);
            BigInteger yy = y.multiply(y);
            return yy.subtract(xx).subtract(BigInteger.ONE).subtract(D.multiply(xx).multiply(yy)).mod(P).signum() == 0;
        }

        boolean isIdentity() {
            return equals(IDENTITY);
        }

        /** The smallest n in 1, 2, 4, 8 with [n]this = identity, or 0 if there is none (a point of large order). */
        int smallOrder() {
            Point multiple = this;
            for (int order = 1; order <= 8; order *= 2) {
                if (multiple.isIdentity()) {
                    return order;
                }
                multiple = multiple.add(multiple);
            }
            return 0;
        }

        /** The canonical 32-byte encoding: y little-endian below p, the low bit of x in bit 255. */
        byte[] encode() {
            return encodeY(y, x.testBit(0));
        }
    }

    /** y as 32 little-endian bytes with bit 255 set to {@code sign}; y may be as large as 2^255 - 1. */
    static byte[] encodeY(BigInteger y, boolean sign) {
        byte[] bytes = littleEndian(y);
        if (sign) {
            bytes[31] |= (byte) 0x80;
        }
        return bytes;
    }

    /**
     * RFC 8032 section 5.1.3 decoding, but lenient about y: y is read from 255 bits and reduced
     * mod p, as a permissive verifier would. Returns null if no point has that y, or if x = 0
     * and the sign bit is set. {@link #decodeCanonical} is the strict form.
     */
    static Point decodeLenient(byte[] encoding) {
        byte[] copy = encoding.clone();
        boolean sign = (copy[31] & 0x80) != 0;
        copy[31] &= 0x7f;
        BigInteger y = littleEndianValue(copy).mod(P);
        BigInteger yy = y.multiply(y).mod(P);
        BigInteger u = yy.subtract(BigInteger.ONE).mod(P);
        BigInteger v = D.multiply(yy).add(BigInteger.ONE).mod(P);
        BigInteger xx = u.multiply(v.modInverse(P)).mod(P);
        BigInteger x = xx.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
        if (!x.multiply(x).subtract(xx).mod(P).equals(BigInteger.ZERO)) {
            x = x.multiply(SQRT_MINUS_ONE).mod(P);
        }
        if (!x.multiply(x).subtract(xx).mod(P).equals(BigInteger.ZERO)) {
            return null;
        }
        if (x.signum() == 0 && sign) {
            return null;
        }
        if (x.testBit(0) != sign) {
            x = P.subtract(x);
        }
        return new Point(x, y);
    }

    /** Strict decoding: also refuses y >= p, so every point has exactly one accepted encoding. */
    static Point decodeCanonical(byte[] encoding) {
        byte[] copy = encoding.clone();
        copy[31] &= 0x7f;
        if (littleEndianValue(copy).compareTo(P) >= 0) {
            return null;
        }
        return decodeLenient(encoding);
    }

    /** A point of order exactly 8: [L]Q for a point Q of the full group, retried until it has order 8. */
    static Point pointOfOrder8() {
        for (int y = 2; ; y++) {
            Point candidate = decodeLenient(encodeY(BigInteger.valueOf(y), false));
            if (candidate != null) {
                Point torsion = candidate.times(L);
                if (torsion.smallOrder() == 8) {
                    return torsion;
                }
            }
        }
    }

    /** The secret scalar a of an RFC 8032 seed: the first half of SHA-512(seed), clamped. */
    static BigInteger secretScalar(byte[] seed) {
        byte[] h = sha512(seed);
        h[0] &= (byte) 248;
        h[31] &= 127;
        h[31] |= 64;
        return littleEndianValue(java.util.Arrays.copyOf(h, 32));
    }

    /** The challenge k = SHA-512(R ‖ A ‖ M) mod L over the encodings exactly as given. */
    static BigInteger challenge(byte[] r, byte[] a, byte[] message) {
        return littleEndianValue(sha512(r, a, message)).mod(L);
    }

    /** [S]B = R + [k]A, with R and A decoded leniently (null-safe: false if either does not decode). */
    static boolean cofactorlessHolds(byte[] key, byte[] message, byte[] signature) {
        return equationHolds(key, message, signature, 1);
    }

    /** [8][S]B = [8]R + [8][k]A, the cofactored equation of RFC 8032 section 5.1.7. */
    static boolean cofactoredHolds(byte[] key, byte[] message, byte[] signature) {
        return equationHolds(key, message, signature, 8);
    }

    private static boolean equationHolds(byte[] key, byte[] message, byte[] signature, int cofactor) {
        byte[] r = java.util.Arrays.copyOfRange(signature, 0, 32);
        Point pointR = decodeLenient(r);
        Point pointA = decodeLenient(key);
        if (pointR == null || pointA == null) {
            return false;
        }
        BigInteger s = littleEndianValue(java.util.Arrays.copyOfRange(signature, 32, 64));
        BigInteger k = challenge(r, key, message);
        Point left = BASE.times(s).times(cofactor);
        Point right = pointR.add(pointA.times(k)).times(cofactor);
        return left.equals(right);
    }

    static byte[] signature(byte[] r, BigInteger s) {
        byte[] signature = new byte[64];
        System.arraycopy(r, 0, signature, 0, 32);
        System.arraycopy(littleEndian(s), 0, signature, 32, 32);
        return signature;
    }

    static BigInteger littleEndianValue(byte[] bytes) {
        byte[] bigEndian = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            bigEndian[i] = bytes[bytes.length - 1 - i];
        }
        return new BigInteger(1, bigEndian);
    }

    /** The low 256 bits of a non-negative value as 32 little-endian bytes. */
    static byte[] littleEndian(BigInteger value) {
        byte[] result = new byte[32];
        for (int i = 0; i < 32; i++) {
            result[i] = value.shiftRight(8 * i).byteValue();
        }
        return result;
    }

    private static byte[] sha512(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-512");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
