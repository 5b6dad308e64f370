package io.khata.core.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 from the JDK, which uses the CPU's SHA instructions where it has them.
 * A {@link MessageDigest} is not thread-safe, so each thread keeps its own.
 */
public final class Sha256 {
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {
    }

    public static Hash hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    public static Hash hash(byte[] data, int offset, int length) {
        MessageDigest digest = DIGEST.get();
        digest.update(data, offset, length);
        return Hash.wrap(digest.digest());
    }

    /** SHA-256 of {@code prefix} followed by {@code data}, without concatenating them first. */
    public static Hash hash(byte prefix, byte[] data) {
        MessageDigest digest = DIGEST.get();
        digest.update(prefix);
        digest.update(data);
        return Hash.wrap(digest.digest());
    }

    /** SHA-256 of {@code prefix ‖ left ‖ right}: an RFC 6962 interior node. */
    public static Hash hash(byte prefix, Hash left, Hash right) {
        byte[] buffer = new byte[1 + 2 * Hash.BYTES];
        buffer[0] = prefix;
        left.copyTo(buffer, 1);
        right.copyTo(buffer, 1 + Hash.BYTES);
        return hash(buffer);
    }

    /** SHA-256 of the concatenation of {@code first} and {@code second}. */
    public static Hash hash(Hash first, Hash second) {
        byte[] buffer = new byte[2 * Hash.BYTES];
        first.copyTo(buffer, 0);
        second.copyTo(buffer, Hash.BYTES);
        return hash(buffer);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }
}
