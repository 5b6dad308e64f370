package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Rejection;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.Sha256;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A dropped transaction's reason is kept for a while and for a bounded number of transactions. */
class RecentRejectionsTest {
    private final AtomicLong nanos = new AtomicLong();

    private static Hash hash(int i) {
        return Sha256.hash(new byte[] {(byte) i, (byte) (i >> 8)});
    }

    @Test
    void remembersTheReasonUntilTheWindowCloses() {
        RecentRejections rejections = new RecentRejections(10, 1_000, nanos::get);
        Rejection expired = new Rejection.Expired(5, 6);
        rejections.remember(hash(1), expired);
        nanos.set(999_999_999L);
        assertEquals(Optional.of(expired), rejections.reason(hash(1)));
        nanos.set(1_000_000_000L);
        assertEquals(Optional.empty(), rejections.reason(hash(1)));
        assertEquals(0, rejections.size());
        assertEquals(Optional.empty(), rejections.reason(hash(2)));
    }

    @Test
    void forgetsTheOldestBeyondTheBound() {
        RecentRejections rejections = new RecentRejections(100, 60_000, nanos::get);
        for (int i = 0; i < 250; i++) {
            rejections.remember(hash(i), new Rejection.Expired(i, i + 1));
        }
        assertEquals(100, rejections.size());
        assertTrue(rejections.reason(hash(149)).isEmpty());
        assertEquals(Optional.of(new Rejection.Expired(150, 151)), rejections.reason(hash(150)));
        assertThrows(IllegalArgumentException.class, () -> new RecentRejections(0, 1, nanos::get));
    }
}
