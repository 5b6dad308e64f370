package io.khata.core.crypto;

import java.util.Arrays;
import java.util.HexFormat;

/** A SHA-256 digest: 32 immutable bytes, equal by content, printed as lowercase hex. */
public final class Hash implements Comparable<Hash> {
    public static final int BYTES = 32;
    /** The all-zero hash, used where a field has no predecessor (the first block's parent). */
    public static final Hash ZERO = new Hash(new byte[BYTES]);

    private final byte[] bytes;
    private final int hashCode;

    private Hash(byte[] bytes) {
        this.bytes = bytes;
        this.hashCode = Arrays.hashCode(bytes);
    }

    /** Copies {@code bytes}, which must be exactly 32 long. */
    public static Hash of(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a hash is " + BYTES + " bytes, got " + bytes.length);
        }
        return new Hash(bytes.clone());
    }

    /** Takes ownership of {@code bytes} without copying; for digests this package just computed. */
    static Hash wrap(byte[] bytes) {
        return new Hash(bytes);
    }

    public static Hash fromHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    public byte byteAt(int index) {
        return bytes[index];
    }

    /** Writes the 32 bytes into {@code target} at {@code offset}. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, BYTES);
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Hash that && hashCode == that.hashCode && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return hashCode;
    }

    @Override
    public int compareTo(Hash other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
