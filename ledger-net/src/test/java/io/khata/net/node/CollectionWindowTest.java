package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CollectionWindowTest {
    private static final long MS = 1_000_000L;
    private static final int FULL = 1_000;

    private static CollectionWindow loaded(long maxMillis) {
        CollectionWindow window = new CollectionWindow(maxMillis, FULL);
        window.committed(CollectionWindow.LOADED_BLOCK_TXS);
        return window;
    }

    /**
     * The shell's loop, with a scheduler up to {@code lateMillisMax} late: looks until the window
     * says build; returns the latest time, in ms after the window opened, that it asked to look again.
     */
    private static long asked(CollectionWindow window, SplittableRandom random, long lateMillisMax) {
        long now = 0;
        long asked = 0;
        int pending = 1 + random.nextInt(FULL / 2);
        int before = -1;
        while (window.waitMore(0, now * MS, pending, before)) {
            asked = now + CollectionWindow.POLL_MILLIS;
            now = asked + (lateMillisMax == 0 ? 0 : random.nextLong(lateMillisMax + 1));
            before = pending;
            pending += 1 + random.nextInt(20);
        }
        return asked;
    }

    @Test
    void anIdleChainProposesAtOnce() {
        for (int lastBlock = 0; lastBlock < CollectionWindow.LOADED_BLOCK_TXS; lastBlock++) {
            CollectionWindow window = new CollectionWindow(CollectionWindow.MAX_MILLIS_DEFAULT, FULL);
            window.committed(lastBlock);
            assertFalse(window.waitMore(0, 0, 1, -1), "a last block of " + lastBlock + " transactions");
            assertFalse(window.waitMore(0, 0, FULL - 1, -1), "a last block of " + lastBlock + " transactions");
        }
    }

    @Test
    void aLoadedChainWaitsWhileTransactionsArrive_neverPastTheBound() {
        SplittableRandom random = new SplittableRandom(17);
        for (long max : new long[] {5, 9, 20, 33}) {
            long longest = 0;
            for (int i = 0; i < 200; i++) {
                long asked = asked(loaded(max), random, i % 2 == 0 ? 0 : 7);
                assertTrue(asked <= max, "asked to wait until " + asked + " ms with a bound of " + max);
                longest = Math.max(longest, asked);
            }
            assertTrue(longest > max - CollectionWindow.POLL_MILLIS, "with a bound of " + max + " the window was used");
        }
        assertTrue(loaded(20).waitMore(0, 0, 3, -1), "the first look of a loaded chain opens the window");
    }

    @Test
    void theWindowClosesWhenArrivalsStopOrABlockIsFull() {
        CollectionWindow window = loaded(CollectionWindow.MAX_MILLIS_DEFAULT);
        assertFalse(window.waitMore(0, 5 * MS, 40, 40), "nothing arrived since the last look");
        assertFalse(window.waitMore(0, 0, FULL, -1), "a full block is pending");
        assertFalse(window.waitMore(0, 0, 0, -1), "nothing pending: the empty-block wait applies, not this one");
        assertFalse(loaded(0).waitMore(0, 0, 5, -1), "a bound of 0 never waits");
        window.committed(0);
        assertFalse(window.waitMore(0, 0, 5, -1), "the chain went idle");
    }
}
