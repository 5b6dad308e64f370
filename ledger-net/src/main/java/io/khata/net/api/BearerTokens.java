package io.khata.net.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * The bearer tokens a node accepts, held as SHA-256 hashes only: a presented token is hashed
 * and its hash compared with every accepted one in constant time ({@link MessageDigest#isEqual}),
 * without stopping at the first match, so neither the comparison of bytes nor the number of
 * comparisons tells a caller how close a guess came. A token is never logged and never kept.
 */
final class BearerTokens {
    /** Longest token looked at: anything longer is refused before it is hashed. */
    static final int TOKEN_CHARS_MAX = 512;

    private final List<byte[]> hashes;
    private final BiPredicate<byte[], byte[]> equality;

    BearerTokens(List<String> sha256Hex) {
        this(sha256Hex, MessageDigest::isEqual);
    }

    /** With the comparison given, so a test can see that every hash is compared. */
    BearerTokens(List<String> sha256Hex, BiPredicate<byte[], byte[]> equality) {
        List<byte[]> decoded = new ArrayList<>();
        for (String hex : sha256Hex) {
            decoded.add(HexFormat.of().parseHex(hex));
        }
        this.hashes = List.copyOf(decoded);
        this.equality = equality;
    }

    boolean isEmpty() {
        return hashes.isEmpty();
    }

    /** Whether {@code token} is one of the accepted tokens. */
    boolean accepts(String token) {
        if (token == null || token.isEmpty() || token.length() > TOKEN_CHARS_MAX) {
            return false;
        }
        byte[] presented = sha256(token);
        boolean match = false;
        for (byte[] hash : hashes) {
            match |= equality.test(hash, presented);
        }
        return match;
    }

    /** The lowercase hex SHA-256 of a token's UTF-8 bytes: what node.json's {@code api_token_sha256} lists. */
    static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
