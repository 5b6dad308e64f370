package io.khata.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Rejection;
import io.khata.core.genesis.Genesis;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The expiry rule at every boundary, including the extremes of a long, where a rule written as a
 * sum ({@code blockTime + ttl}) would wrap: {@link ReplayWindowTest} checks the same rule through
 * blocks, this test where no block can reach.
 */
class ExpiryTest {
    private static final long TTL = Genesis.MAX_TX_TTL_MILLIS_DEFAULT;
    private static final long MAX = Long.MAX_VALUE;

    @Test
    void validExactlyAtItsExpiryAndExpiredOneMillisecondAfter() {
        assertEquals(Optional.empty(), Expiry.check(1_000, 1_000, TTL));
        assertEquals(Optional.of(new Rejection.Expired(1_000, 1_001)), Expiry.check(1_000, 1_001, TTL));
    }

    @Test
    void theTtlIsAllowedExactlyAndNotOneMillisecondMore() {
        assertEquals(Optional.empty(), Expiry.check(5_000 + TTL, 5_000, TTL));
        assertEquals(Optional.of(new Rejection.TtlTooLong(5_001 + TTL, 5_000, TTL)), Expiry.check(5_001 + TTL, 5_000, TTL));
    }

    @Test
    void theLargestTimesNeitherOverflowNorPassWrongly() {
        assertEquals(Optional.empty(), Expiry.check(MAX, MAX, TTL), "a block at 2^63 - 1 may include one valid until then");
        assertEquals(Optional.empty(), Expiry.check(MAX, MAX - TTL, TTL));
        assertEquals(Optional.of(new Rejection.TtlTooLong(MAX, MAX - TTL - 1, TTL)), Expiry.check(MAX, MAX - TTL - 1, TTL));
        assertEquals(Optional.of(new Rejection.TtlTooLong(MAX, 0, TTL)), Expiry.check(MAX, 0, TTL));
        assertEquals(Optional.of(new Rejection.Expired(MAX - 1, MAX)), Expiry.check(MAX - 1, MAX, TTL));
        assertEquals(Optional.of(new Rejection.TtlTooLong(MAX, 0, Genesis.MAX_TX_TTL_MILLIS_LIMIT)),
                Expiry.check(MAX, 0, Genesis.MAX_TX_TTL_MILLIS_LIMIT));
    }

    @Test
    void negativeExpiriesAreExpiredNotWrapped() {
        // MAX - MIN wraps to -1, which is below any TTL: a subtraction done before the expiry
        // check would let Long.MIN_VALUE through. The codec never produces these; Java callers can.
        assertEquals(Optional.of(new Rejection.Expired(Long.MIN_VALUE, MAX)), Expiry.check(Long.MIN_VALUE, MAX, TTL));
        assertEquals(Optional.of(new Rejection.Expired(Long.MIN_VALUE, 0)), Expiry.check(Long.MIN_VALUE, 0, TTL));
        assertEquals(Optional.of(new Rejection.Expired(-1, 0)), Expiry.check(-1, 0, TTL));
    }

    @Test
    void aBlockTimeBeforeTheEpochIsABug() {
        assertThrows(IllegalArgumentException.class, () -> Expiry.check(0, -1, TTL));
        assertThrows(IllegalArgumentException.class, () -> Expiry.check(MAX, Long.MIN_VALUE, TTL));
    }

    @Test
    void theWindowClosesWhenABlockReachesTheExpiry() {
        assertFalse(Expiry.closedAfter(1_001, 1_000), "the next block, at least 1_001, may still include it");
        assertTrue(Expiry.closedAfter(1_000, 1_000));
        assertTrue(Expiry.closedAfter(999, 1_000));
        assertTrue(Expiry.closedAfter(MAX, MAX));
        assertFalse(Expiry.closedAfter(MAX, MAX - 1));
    }

    @Test
    void theEarliestNextBlockTimeSaturates() {
        assertEquals(1_001, Expiry.earliestNextBlockMillis(1_000));
        assertEquals(MAX, Expiry.earliestNextBlockMillis(MAX - 1));
        assertEquals(MAX, Expiry.earliestNextBlockMillis(MAX));
    }
}
