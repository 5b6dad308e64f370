package io.khata.core.audit;

import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.crypto.Hash;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Reads a bundle record by record. The length is checked against the bound before the payload
 * is allocated, so a hostile file cannot make the reader allocate more than one record's worth.
 * Damaged framing (bad magic, unknown version or type, a length over the bound, a file that ends
 * inside a record) is a {@link Rejection}, never an exception; I/O failures of the stream are
 * {@link IOException}s.
 */
public final class BundleReader {
    private final DigestInputStream in;
    private final int recordBytesMax;
    private long offset;

    public BundleReader(InputStream in, int recordBytesMax) {
        this.in = new DigestInputStream(in, BundleWriter.sha256());
        this.recordBytesMax = recordBytesMax;
    }

    /** Reads and checks the magic bytes and the version. */
    public Result<Integer> readPreamble() throws IOException {
        byte[] magic = readUpTo(BundleFormat.MAGIC.length);
        if (!Arrays.equals(magic, BundleFormat.MAGIC)) {
            return Result.err(new Rejection.Malformed("bundle", "does not start with the magic bytes KHATAAUD"));
        }
        byte[] version = readUpTo(4);
        if (version.length < 4) {
            return Result.err(new Rejection.Malformed("bundle", "ends inside the version"));
        }
        int value = ((version[0] & 0xff) << 24) | ((version[1] & 0xff) << 16) | ((version[2] & 0xff) << 8) | (version[3] & 0xff);
        if (value != BundleFormat.VERSION) {
            return Result.err(new Rejection.Unsupported("bundle format version " + Integer.toUnsignedString(value)
                    + " (this verifier reads version " + BundleFormat.VERSION + ")"));
        }
        return Result.ok(value);
    }

    /** The next record, or null at a clean end of file (between records). */
    public Result<BundleRecord> next() throws IOException {
        long start = offset;
        Hash before = digestSoFar();
        int type = in.read();
        if (type < 0) {
            return null;
        }
        offset++;
        if (type < BundleFormat.START || type > BundleFormat.END) {
            return Result.err(new Rejection.Malformed("bundle record at byte " + start, "unknown record type " + type));
        }
        byte[] length = readUpTo(4);
        if (length.length < 4) {
            return Result.err(new Rejection.Malformed("bundle record at byte " + start, "file ends inside its length"));
        }
        long size = ((length[0] & 0xffL) << 24) | ((length[1] & 0xffL) << 16) | ((length[2] & 0xffL) << 8) | (length[3] & 0xffL);
        if (size > recordBytesMax) {
            return Result.err(new Rejection.TooLarge(BundleFormat.typeName(type) + " record at byte " + start, size,
                    recordBytesMax));
        }
        byte[] payload = readUpTo((int) size);
        if (payload.length < size) {
            return Result.err(new Rejection.Malformed(BundleFormat.typeName(type) + " record at byte " + start,
                    "file ends after " + payload.length + " of its " + size + " bytes"));
        }
        return Result.ok(new BundleRecord(type, payload, start, before));
    }

    /** Bytes read so far. */
    public long offset() {
        return offset;
    }

    private Hash digestSoFar() {
        try {
            MessageDigest copy = (MessageDigest) in.getMessageDigest().clone();
            return Hash.of(copy.digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digest cannot be copied", e);
        }
    }

    private byte[] readUpTo(int count) throws IOException {
        byte[] bytes = in.readNBytes(count);
        offset += bytes.length;
        return bytes;
    }
}
