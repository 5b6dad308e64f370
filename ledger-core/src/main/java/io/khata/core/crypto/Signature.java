package io.khata.core.crypto;

import java.util.Arrays;
import java.util.HexFormat;

/** An Ed25519 signature: 64 immutable bytes (R ‖ S), equal by content, printed as hex. */
public final class Signature {
    public static final int BYTES = 64;

    /** The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian. */
    private static final byte[] ORDER_LITTLE_ENDIAN = HexFormat.of().parseHex(
            "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");

    private final byte[] bytes;

    private Signature(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code bytes}; throws {@link IllegalArgumentException} unless it is 64 bytes long. */
    public static Signature of(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("an Ed25519 signature is " + BYTES + " bytes, got " + bytes.length);
        }
        return new Signature(bytes.clone());
    }

    static Signature wrap(byte[] bytes) {
        return new Signature(bytes);
    }

    public static Signature fromHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    /**
     * RFC 8032 section 5.1.7 requires the scalar S to be below the group order L; a signature
     * with S >= L is malleable (S + L verifies the same message) and is refused.
     */
    public boolean isCanonical() {
        for (int i = 31; i >= 0; i--) {
            int s = bytes[32 + i] & 0xff;
            int l = ORDER_LITTLE_ENDIAN[i] & 0xff;
            if (s != l) {
                return s < l;
            }
        }
        return false;
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    byte[] unsafeBytes() {
        return bytes;
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Signature that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
