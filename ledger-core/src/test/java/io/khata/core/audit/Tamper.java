package io.khata.core.audit;

import com.google.protobuf.ByteString;
import io.khata.core.crypto.Sha256;
import io.khata.proto.audit.AuditEnd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/** Rewrites bundles the way a forger would, including recomputing the trailer's checksum afterwards. */
final class Tamper {
    private Tamper() {
    }

    /** A bundle of {@code records} with an END whose checksum is right for the bytes before it. */
    static byte[] assemble(List<BundleRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            out.write(BundleFormat.MAGIC);
            out.write(new byte[] {0, 0, 0, BundleFormat.VERSION});
            for (BundleRecord record : records) {
                if (record.type() == BundleFormat.END) {
                    AuditEnd end = AuditEnd.parseFrom(record.payload()).toBuilder()
                            .setChecksum(ByteString.copyFrom(Sha256.hash(out.toByteArray()).toByteArray())).build();
                    BundleWriter.writeRecord(out, BundleFormat.END, end.toByteArray());
                } else {
                    BundleWriter.writeRecord(out, record.type(), record.payload());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** {@code bundle} with its END checksum recomputed; the END record starts at {@code endOffset}. */
    static byte[] fixChecksum(byte[] bundle, int endOffset) {
        try {
            byte[] payload = Arrays.copyOfRange(bundle, endOffset + BundleFormat.RECORD_HEADER_BYTES, bundle.length);
            AuditEnd end = AuditEnd.parseFrom(payload).toBuilder()
                    .setChecksum(ByteString.copyFrom(Sha256.hash(Arrays.copyOf(bundle, endOffset)).toByteArray())).build();
            byte[] fixed = bundle.clone();
            byte[] encoded = end.toByteArray();
            if (encoded.length != payload.length) {
                throw new IllegalStateException("the END record changed length");
            }
            System.arraycopy(encoded, 0, fixed, endOffset + BundleFormat.RECORD_HEADER_BYTES, encoded.length);
            return fixed;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where {@code needle} starts in {@code haystack}; it must occur exactly once. */
    static int indexOf(byte[] haystack, byte[] needle) {
        int found = -1;
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (haystack[i] == needle[0] && Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                if (found >= 0) {
                    throw new IllegalStateException("the bytes occur more than once");
                }
                found = i;
            }
        }
        if (found < 0) {
            throw new IllegalStateException("the bytes do not occur");
        }
        return found;
    }
}
