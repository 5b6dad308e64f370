package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentKeysTest {
    private final AtomicLong nanos = new AtomicLong();

    @Test
    void aReplayWithinTheWindowIsSeenAndOneAfterItIsNot() {
        RecentKeys recent = new RecentKeys(2_000, 4, nanos::get);
        assertFalse(recent.seen("peer", "proposal"));
        recent.remember("peer", "proposal");
        assertTrue(recent.seen("peer", "proposal"));
        assertFalse(recent.seen("other", "proposal"), "keys are per peer");
        nanos.addAndGet(2_000_000_000L);
        assertFalse(recent.seen("peer", "proposal"), "after the window an honest re-send goes through");
    }

    @Test
    void keepsAtMostItsBoundPerPeerAndForgetsADisconnectedPeer() {
        RecentKeys recent = new RecentKeys(2_000, 4, nanos::get);
        for (int key = 0; key < 10; key++) {
            recent.remember("peer", key);
        }
        assertFalse(recent.seen("peer", 5));
        assertTrue(recent.seen("peer", 6));
        assertTrue(recent.seen("peer", 9));
        recent.forget("peer");
        assertFalse(recent.seen("peer", 9));
    }
}
