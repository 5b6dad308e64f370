package io.khata.core.crypto;

/**
 * The byte-level test that a 32-byte point encoding is canonical (RFC 8032 section 5.1.3): y,
 * little-endian in bits 0 to 254, is below p = 2^255 - 19, and the sign bit is not set on a
 * point whose x is 0 (y = 1 or y = p - 1). It does not decide whether y has a point at all.
 */
final class PointEncoding {
    private PointEncoding() {
    }

    static boolean isCanonical(byte[] bytes, int offset) {
        int top = bytes[offset + 31] & 0xff;
        boolean middleAllOnes = true;
        boolean middleAllZeros = true;
        for (int i = 1; i < 31; i++) {
            int b = bytes[offset + i] & 0xff;
            middleAllOnes &= b == 0xff;
            middleAllZeros &= b == 0;
        }
        int low = bytes[offset] & 0xff;
        // y >= p: bytes ed..ff, then thirty 0xff, then 0x7f (sign bit ignored).
        if (middleAllOnes && (top & 0x7f) == 0x7f && low >= 0xed) {
            return false;
        }
        // x = 0 with the sign bit: y = 1 (01 00 .. 00 80) or y = p - 1 (ec ff .. ff ff).
        boolean negativeOne = middleAllOnes && top == 0xff && low == 0xec;
        boolean negativeIdentity = middleAllZeros && top == 0x80 && low == 0x01;
        return !negativeOne && !negativeIdentity;
    }
}
