package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FairLanesTest {
    /** An executor that runs what it is given only when the test says so, like a busy node thread. */
    private final ArrayDeque<Runnable> thread = new ArrayDeque<>();
    private final List<String> ran = new ArrayList<>();

    private void runThread() {
        while (!thread.isEmpty()) {
            thread.poll().run();
        }
    }

    private Runnable record(String what) {
        return () -> ran.add(what);
    }

    @Test
    void aNoisyPeerDoesNotStarveAnotherPeersMessages() {
        FairLanes lanes = new FairLanes("test", thread::add, 1_000_000, 100_000, 2_000_000);
        for (int n = 0; n < 5_000; n++) {
            lanes.offer("noisy", null, 10, record("noisy"));
        }
        lanes.offer("honest", null, 10, record("honest"));
        assertEquals(1, thread.size(), "one drain task waits in the thread's queue, however much is queued");
        thread.poll().run();
        assertTrue(ran.indexOf("honest") <= 1, "the honest message runs in the first turn: " + ran.subList(0, 3));
    }

    @Test
    void aFullLaneDropsItsPeersNewMessagesOnly() {
        FairLanes lanes = new FairLanes("test", thread::add, 100, 1_000, 1_000);
        for (int n = 0; n < 10; n++) {
            assertEquals(FairLanes.Outcome.QUEUED, lanes.offer("noisy", null, 10, record("noisy")));
        }
        assertEquals(FairLanes.Outcome.FULL, lanes.offer("noisy", null, 10, record("noisy")));
        assertEquals(FairLanes.Outcome.QUEUED, lanes.offer("honest", null, 10, record("honest")));
        assertEquals(100, lanes.bytes("noisy"));
        assertEquals(1, lanes.dropped());
        runThread();
        assertEquals(11, ran.size());
        assertEquals(0, lanes.bytes());
    }

    @Test
    void aFullTotalEvictsTheFullestOtherLane() {
        FairLanes lanes = new FairLanes("test", thread::add, 100, 1_000, 150);
        for (int n = 0; n < 10; n++) {
            lanes.offer("noisy", null, 10, record("noisy" + n));
        }
        for (int n = 0; n < 5; n++) {
            assertEquals(FairLanes.Outcome.QUEUED, lanes.offer("honest", null, 10, record("honest" + n)));
        }
        assertEquals(FairLanes.Outcome.QUEUED, lanes.offer("honest", null, 10, record("honest5")));
        assertEquals(90, lanes.bytes("noisy"), "the fullest lane gave up its oldest message");
        assertEquals(1, lanes.evicted());
        runThread();
        assertTrue(!ran.contains("noisy0") && ran.contains("noisy1") && ran.contains("honest5"), ran.toString());
    }

    @Test
    void aCopyOfAQueuedMessageIsDroppedAndANewOneAfterItRanIsNot() {
        FairLanes lanes = new FairLanes("test", thread::add, 1_000, 1_000, 1_000);
        assertEquals(FairLanes.Outcome.QUEUED, lanes.offer("peer", "proposal-1", 100, record("first")));
        assertEquals(FairLanes.Outcome.DUPLICATE, lanes.offer("peer", "proposal-1", 100, record("copy")));
        assertEquals(FairLanes.Outcome.QUEUED, lanes.offer("other", "proposal-1", 100, record("other")));
        runThread();
        assertEquals(List.of("first", "other"), ran);
        assertEquals(FairLanes.Outcome.QUEUED, lanes.offer("peer", "proposal-1", 100, record("again")));
    }

    @Test
    void aFailingItemDoesNotStopTheLanes() {
        FairLanes lanes = new FairLanes("test", thread::add, 1_000, 1_000, 1_000);
        lanes.offer("peer", null, 1, () -> {
            throw new IllegalStateException("a bug in one handler");
        });
        lanes.offer("peer", null, 1, record("next"));
        runThread();
        assertEquals(List.of("next"), ran);
        lanes.offer("peer", null, 1, record("later"));
        runThread();
        assertEquals(List.of("next", "later"), ran);
    }

    @Test
    void aDisconnectedPeersQueueIsForgotten() {
        FairLanes lanes = new FairLanes("test", thread::add, 1_000, 1_000, 1_000);
        lanes.offer("gone", null, 100, record("gone"));
        lanes.clear("gone");
        assertEquals(0, lanes.bytes());
        runThread();
        assertTrue(ran.isEmpty());
    }
}
