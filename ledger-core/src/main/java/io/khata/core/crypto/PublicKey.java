package io.khata.core.crypto;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An Ed25519 public key: the 32-byte RFC 8032 encoding, equal by content, printed as hex.
 * Constructing one checks only the length; whether the bytes decode to a curve point is
 * {@link Ed25519#isValidPoint(PublicKey)}, and verification fails for a key that does not.
 */
public final class PublicKey implements Comparable<PublicKey> {
    public static final int BYTES = 32;

    private final byte[] bytes;
    private final int hashCode;

    private PublicKey(byte[] bytes) {
        this.bytes = bytes;
        this.hashCode = Arrays.hashCode(bytes);
    }

    /** Copies {@code bytes}; throws {@link IllegalArgumentException} unless it is 32 bytes long. */
    public static PublicKey of(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("an Ed25519 public key is " + BYTES + " bytes, got " + bytes.length);
        }
        return new PublicKey(bytes.clone());
    }

    public static PublicKey fromHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** The internal array, for the verifier only: callers in this package never write to it. */
    byte[] unsafeBytes() {
        return bytes;
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PublicKey that && hashCode == that.hashCode && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return hashCode;
    }

    @Override
    public int compareTo(PublicKey other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
