package io.khata.net.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromTheMinimumWithoutJitterAtTheMidpoint() {
        assertEquals(100, Backoff.delayMillis(0, 100, 5_000, 0.5));
        assertEquals(200, Backoff.delayMillis(1, 100, 5_000, 0.5));
        assertEquals(400, Backoff.delayMillis(2, 100, 5_000, 0.5));
        assertEquals(3_200, Backoff.delayMillis(5, 100, 5_000, 0.5));
    }

    @Test
    void staysAtTheCapHoweverManyAttempts() {
        for (int attempt : new int[] {6, 30, 31, 62, 63, 64, Integer.MAX_VALUE}) {
            long delay = Backoff.delayMillis(attempt, 100, 5_000, 0.999);
            assertEquals(5_000, delay, "attempt " + attempt);
        }
    }

    @Test
    void jitterStaysWithinTwentyPercentAndUnderTheCap() {
        for (double random = 0; random < 1; random += 0.01) {
            long delay = Backoff.delayMillis(1, 100, 5_000, random);
            assertTrue(delay >= 160 && delay <= 240, "delay " + delay);
        }
        assertTrue(Backoff.delayMillis(10, 100, 5_000, 0) >= 4_000);
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Backoff.delayMillis(-1, 100, 5_000, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Backoff.delayMillis(0, 0, 5_000, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Backoff.delayMillis(0, 200, 100, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Backoff.delayMillis(0, 100, 5_000, 1.0));
    }
}
