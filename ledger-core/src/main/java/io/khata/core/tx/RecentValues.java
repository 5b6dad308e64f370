package io.khata.core.tx;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.khata.core.crypto.PublicKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strings and public keys decoded from byte ranges, with the ones seen recently given back
 * instead of allocated again: a block repeats its chain id in every transaction, a handful of
 * asset ids, and the keys and accounts of busy senders. Each is a small direct-mapped table
 * indexed by a hash of the bytes; a slot holds the last value that landed there.
 *
 * <p>Shared by every thread without locks: a slot holds an immutable value (a {@link String},
 * or an {@link Entry} of final fields), which the Java memory model lets any thread read whole
 * through a race; a lost or stale slot only costs an allocation. A hit is always checked
 * against the bytes, so the value given back is always the one those bytes decode to.
 */
final class RecentValues {
    private static final int STRING_SLOTS = 256;
    private static final int KEY_SLOTS = 4_096;
    /** Longer strings (memos) are decoded every time: unlikely to repeat, costly to compare. */
    private static final int CACHED_STRING_BYTES_MAX = 64;

    private static final String[] STRINGS = new String[STRING_SLOTS];
    private static final Entry[] KEYS = new Entry[KEY_SLOTS];

    private record Entry(byte[] bytes, PublicKey key) {
    }

    private RecentValues() {
    }

    /**
     * The string {@code source[offset, offset + length)} holds in UTF-8, or null if the bytes are
     * not valid UTF-8 (as protobuf judges it for a proto3 string).
     */
    static String string(byte[] source, int offset, int length) {
        if (length == 0) {
            return "";
        }
        int hash = 1;
        for (int i = offset; i < offset + length; i++) {
            byte b = source[i];
            if (b < 0) {
                return nonAscii(source, offset, length);
            }
            hash = 31 * hash + b;
        }
        if (length > CACHED_STRING_BYTES_MAX) {
            return new String(source, offset, length, StandardCharsets.ISO_8859_1);
        }
        int slot = (hash ^ (hash >>> 16)) & (STRING_SLOTS - 1);
        String recent = STRINGS[slot];
        if (recent != null && sameAscii(recent, source, offset, length)) {
            return recent;
        }
        // ASCII reads the same in ISO-8859-1 as in UTF-8, and the JDK stores it as it is.
        String decoded = new String(source, offset, length, StandardCharsets.ISO_8859_1);
        STRINGS[slot] = decoded;
        return decoded;
    }

    private static String nonAscii(byte[] source, int offset, int length) {
        ByteString view = UnsafeByteOperations.unsafeWrap(source, offset, length);
        return view.isValidUtf8() ? view.toStringUtf8() : null;
    }

    private static boolean sameAscii(String recent, byte[] source, int offset, int length) {
        if (recent.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (recent.charAt(i) != source[offset + i]) {
                return false;
            }
        }
        return true;
    }

    /** The public key of the 32 bytes at {@code source[offset]}. */
    static PublicKey publicKey(byte[] source, int offset) {
        int hash = 1;
        for (int i = offset; i < offset + PublicKey.BYTES; i++) {
            hash = 31 * hash + source[i];
        }
        int slot = (hash ^ (hash >>> 16)) & (KEY_SLOTS - 1);
        Entry recent = KEYS[slot];
        if (recent != null && Arrays.equals(recent.bytes(), 0, PublicKey.BYTES, source, offset, offset + PublicKey.BYTES)) {
            return recent.key();
        }
        byte[] bytes = Arrays.copyOfRange(source, offset, offset + PublicKey.BYTES);
        PublicKey key = PublicKey.of(bytes);
        KEYS[slot] = new Entry(bytes, key);
        return key;
    }
}
