package io.khata.core.codec;

import io.khata.core.crypto.Hash;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A fixed, hand-written byte layout for the things Khata hashes or signs that are not carried
 * as opaque bytes (votes, commits, validator sets, state changes). Protobuf encodings are not
 * canonical, so they are never hashed after a re-encode; these layouts are: big-endian
 * integers, strings and byte strings prefixed by their length.
 */
public final class CanonicalWriter {
    private final ByteArrayOutputStream out;

    public CanonicalWriter() {
        this(64);
    }

    public CanonicalWriter(int expectedBytes) {
        this.out = new ByteArrayOutputStream(expectedBytes);
    }

    public CanonicalWriter writeByte(int value) {
        out.write(value);
        return this;
    }

    public CanonicalWriter writeBoolean(boolean value) {
        out.write(value ? 1 : 0);
        return this;
    }

    public CanonicalWriter writeInt(int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    public CanonicalWriter writeLong(long value) {
        writeInt((int) (value >>> 32));
        writeInt((int) value);
        return this;
    }

    public CanonicalWriter writeString(String value) {
        return writeBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A length-prefixed byte string. */
    public CanonicalWriter writeBytes(byte[] value) {
        writeInt(value.length);
        out.write(value, 0, value.length);
        return this;
    }

    /** A hash, 32 bytes without a prefix. */
    public CanonicalWriter writeHash(Hash hash) {
        byte[] bytes = new byte[Hash.BYTES];
        hash.copyTo(bytes, 0);
        out.write(bytes, 0, bytes.length);
        return this;
    }

    /** An optional hash: a presence byte, then the 32 bytes if present. */
    public CanonicalWriter writeOptionalHash(Hash hash) {
        if (hash == null) {
            return writeByte(0);
        }
        writeByte(1);
        return writeHash(hash);
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
