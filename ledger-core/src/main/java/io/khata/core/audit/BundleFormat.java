package io.khata.core.audit;

import io.khata.core.Limits;
import java.nio.charset.StandardCharsets;

/** The constants of the audit bundle format, version {@value #VERSION}; the layout is in the package documentation. */
public final class BundleFormat {
    public static final byte[] MAGIC = "KHATAAUD".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;

    public static final int START = 1;
    public static final int ANCHOR = 2;
    public static final int VALIDATORS = 3;
    public static final int BLOCK = 4;
    public static final int END = 5;

    /** Type byte and 4-byte length before each payload. */
    public static final int RECORD_HEADER_BYTES = 5;

    /** Room for a commit certificate and the record's own fields next to a block at the limit. */
    private static final int RECORD_OVERHEAD_BYTES_MAX = 1024 * 1024;

    private BundleFormat() {
    }

    /** The largest payload a record may have: a block at the limit, its commit, and framing. */
    public static int recordBytesMax(Limits limits) {
        return limits.blockBytesMax() + RECORD_OVERHEAD_BYTES_MAX;
    }

    public static String typeName(int type) {
        switch (type) {
            case START:
                return "START";
            case ANCHOR:
                return "ANCHOR";
            case VALIDATORS:
                return "VALIDATORS";
            case BLOCK:
                return "BLOCK";
            case END:
                return "END";
            default:
                return "unknown type " + type;
        }
    }
}
