package io.khata.net.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Sessions are random, bounded in number, end after their lifetime, and close on logout. */
class SessionsTest {
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final Sessions sessions = new Sessions(3, 60_000, nanos::get);

    @Test
    void aSessionIsOpenUntilItsLifetimeEnds() {
        String id = sessions.open();
        assertTrue(id.matches("[A-Za-z0-9_-]{43}"), id);
        assertNotEquals(id, sessions.open());
        nanos.addAndGet(59_999_000_000L);
        assertTrue(sessions.isOpen(id));
        nanos.addAndGet(1_000_000L);
        assertFalse(sessions.isOpen(id), "ended after 60 s");
    }

    @Test
    void openingOneOverTheBoundDropsTheOldest() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(sessions.open());
            nanos.incrementAndGet();
        }
        assertEquals(3, sessions.size());
        assertFalse(sessions.isOpen(ids.get(0)));
        assertTrue(sessions.isOpen(ids.get(1)) && sessions.isOpen(ids.get(2)) && sessions.isOpen(ids.get(3)));
    }

    @Test
    void endedSessionsMakeRoomBeforeLiveOnesAreDropped() {
        String old = sessions.open();
        nanos.addAndGet(30_000_000_000L);
        String second = sessions.open();
        String third = sessions.open();
        nanos.addAndGet(30_000_000_000L); // the first has ended
        sessions.open();
        assertFalse(sessions.isOpen(old));
        assertTrue(sessions.isOpen(second) && sessions.isOpen(third));
    }

    @Test
    void closeEndsASessionAndMalformedIdsAreNeverOpen() {
        String id = sessions.open();
        sessions.close(id);
        assertFalse(sessions.isOpen(id));
        for (String bad : new String[] {null, "", "short", id + "x", "A".repeat(43)}) {
            assertFalse(sessions.isOpen(bad), String.valueOf(bad));
        }
        assertThrows(IllegalArgumentException.class, () -> new Sessions(0, 1, nanos::get));
    }
}
