package io.khata.core.codec;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link CanonicalWriter} wrote. Only for bytes this node wrote itself (its own
 * storage); a short or corrupt input is a broken invariant and throws {@link IllegalStateException}.
 */
public final class CanonicalReader {
    private final byte[] bytes;
    private int position;

    public CanonicalReader(byte[] bytes) {
        this.bytes = bytes;
    }

    public int readByte() {
        require(1);
        return bytes[position++] & 0xff;
    }

    public boolean readBoolean() {
        return readByte() != 0;
    }

    public int readInt() {
        require(4);
        int value = ((bytes[position] & 0xff) << 24) | ((bytes[position + 1] & 0xff) << 16)
                | ((bytes[position + 2] & 0xff) << 8) | (bytes[position + 3] & 0xff);
        position += 4;
        return value;
    }

    public long readLong() {
        long high = readInt() & 0xffffffffL;
        long low = readInt() & 0xffffffffL;
        return (high << 32) | low;
    }

    public byte[] readBytes() {
        int length = readInt();
        if (length < 0) {
            throw new IllegalStateException("negative length " + length + " at " + position);
        }
        require(length);
        byte[] value = new byte[length];
        System.arraycopy(bytes, position, value, 0, length);
        position += length;
        return value;
    }

    public byte[] readFixed(int length) {
        require(length);
        byte[] value = new byte[length];
        System.arraycopy(bytes, position, value, 0, length);
        position += length;
        return value;
    }

    public String readString() {
        return new String(readBytes(), StandardCharsets.UTF_8);
    }

    public boolean atEnd() {
        return position == bytes.length;
    }

    private void require(int count) {
        if (position + count > bytes.length) {
            throw new IllegalStateException("stored record truncated: need " + count + " bytes at " + position
                    + " of " + bytes.length);
        }
    }
}
