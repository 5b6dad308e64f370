package io.khata.core.codec;

import io.khata.core.crypto.Hash;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A fixed, hand-written byte layout for the things Khata hashes or signs that are not carried
 * as opaque bytes (votes, commits, validator sets, state changes). Protobuf encodings are not
 * canonical, so they are never hashed after a re-encode; these layouts are: big-endian
 * integers, strings and byte strings prefixed by their length.
 *
 * <p>Writes go to a plain growable array, not a {@code ByteArrayOutputStream}, whose methods
 * are synchronized: state keys are encoded on every state read and for every state change,
 * and the lock on each byte written showed in block validation profiles. Not thread-safe.
 */
public final class CanonicalWriter {
    private byte[] buffer;
    private int size;

    public CanonicalWriter() {
        this(64);
    }

    public CanonicalWriter(int expectedBytes) {
        this.buffer = new byte[Math.max(expectedBytes, 16)];
    }

    public CanonicalWriter writeByte(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    public CanonicalWriter writeBoolean(boolean value) {
        return writeByte(value ? 1 : 0);
    }

    public CanonicalWriter writeInt(int value) {
        ensure(4);
        buffer[size] = (byte) (value >>> 24);
        buffer[size + 1] = (byte) (value >>> 16);
        buffer[size + 2] = (byte) (value >>> 8);
        buffer[size + 3] = (byte) value;
        size += 4;
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
        ensure(value.length);
        System.arraycopy(value, 0, buffer, size, value.length);
        size += value.length;
        return this;
    }

    /** A hash, 32 bytes without a prefix. */
    public CanonicalWriter writeHash(Hash hash) {
        ensure(Hash.BYTES);
        hash.copyTo(buffer, size);
        size += Hash.BYTES;
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

    /** A copy of the bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
