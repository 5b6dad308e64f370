package io.khata.net.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Tokens are checked by hash, in constant time, against every accepted hash. */
class BearerTokensTest {
    private static final String FIRST = "first-token-0123456789";
    private static final String SECOND = "second-token-9876543210";

    @Test
    void theHashIsTheSha256OfTheTokensUtf8Bytes() {
        // sha256("abc"), FIPS 180-2 appendix B.1
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", BearerTokens.sha256Hex("abc"));
    }

    @Test
    void acceptsEachConfiguredTokenAndNothingNearIt() {
        BearerTokens tokens = new BearerTokens(List.of(BearerTokens.sha256Hex(FIRST), BearerTokens.sha256Hex(SECOND)));
        assertTrue(tokens.accepts(FIRST));
        assertTrue(tokens.accepts(SECOND));
        for (String near : List.of(FIRST + "x", FIRST.substring(1), FIRST.toUpperCase(), "", " " + FIRST,
                BearerTokens.sha256Hex(FIRST))) {
            assertFalse(tokens.accepts(near), near);
        }
        assertFalse(tokens.accepts(null));
        assertFalse(new BearerTokens(List.of()).accepts(FIRST));
    }

    @Test
    void aTokenOverTheLengthLimitIsRefusedUnhashed() {
        String longToken = "a".repeat(BearerTokens.TOKEN_CHARS_MAX + 1);
        BearerTokens tokens = new BearerTokens(List.of(BearerTokens.sha256Hex(longToken)), (a, b) -> {
            throw new AssertionError("compared a token over the limit");
        });
        assertFalse(tokens.accepts(longToken));
    }

    /**
     * The check compares the presented hash with every accepted hash, even after a match, and
     * each comparison is {@link MessageDigest#isEqual}, which the JDK documents as taking time
     * independent of where two arrays first differ.
     */
    @Test
    void everyHashIsComparedWithTheConstantTimeEqualityWhereverTheMatchIs() {
        List<String> hashes = List.of(BearerTokens.sha256Hex(FIRST), BearerTokens.sha256Hex(SECOND),
                BearerTokens.sha256Hex("third"));
        AtomicInteger comparisons = new AtomicInteger();
        BearerTokens tokens = new BearerTokens(hashes, (a, b) -> {
            comparisons.incrementAndGet();
            return MessageDigest.isEqual(a, b);
        });
        for (String token : List.of(FIRST, SECOND, "third", "none of them")) {
            comparisons.set(0);
            tokens.accepts(token);
            assertEquals(3, comparisons.get(), "comparisons for " + token);
        }
        assertTrue(new BearerTokens(hashes).accepts("third"), "the default equality is the JDK's constant-time one");
    }
}
