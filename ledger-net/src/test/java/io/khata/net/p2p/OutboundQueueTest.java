package io.khata.net.p2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OutboundQueueTest {

    @Test
    void keepsOrderAndCountsBytes() {
        OutboundQueue queue = new OutboundQueue(10, 100);
        assertEquals(0, queue.offer(new byte[] {1}));
        assertEquals(0, queue.offer(new byte[] {2, 2}));
        assertEquals(2, queue.size());
        assertEquals(3, queue.bytes());
        assertArrayEquals(new byte[] {1}, queue.poll());
        assertArrayEquals(new byte[] {2, 2}, queue.poll());
        assertNull(queue.poll());
        assertEquals(0, queue.bytes());
    }

    @Test
    void dropsTheOldestWhenTheCountBoundIsHit() {
        OutboundQueue queue = new OutboundQueue(2, 100);
        queue.offer(new byte[] {1});
        queue.offer(new byte[] {2});
        assertEquals(1, queue.offer(new byte[] {3}));
        assertArrayEquals(new byte[] {2}, queue.poll());
        assertArrayEquals(new byte[] {3}, queue.poll());
    }

    @Test
    void dropsAsManyOldestAsNeededWhenTheByteBoundIsHit() {
        OutboundQueue queue = new OutboundQueue(100, 10);
        queue.offer(new byte[4]);
        queue.offer(new byte[4]);
        assertEquals(2, queue.offer(new byte[9]));
        assertEquals(1, queue.size());
        assertEquals(9, queue.bytes());
    }

    @Test
    void neverHoldsMoreThanItsBounds() {
        OutboundQueue queue = new OutboundQueue(50, 1_000);
        java.util.Random random = new java.util.Random(6);
        for (int i = 0; i < 10_000; i++) {
            queue.offer(new byte[random.nextInt(200)]);
            if (random.nextInt(4) == 0) {
                queue.poll();
            }
            assertEquals(true, queue.size() <= 50 && queue.bytes() <= 1_000, "bounds held at step " + i);
        }
        assertEquals(queue.size(), queue.clear());
        assertEquals(0, queue.bytes());
    }

    @Test
    void refusesAFrameThatCouldNeverFit() {
        OutboundQueue queue = new OutboundQueue(10, 10);
        assertThrows(IllegalArgumentException.class, () -> queue.offer(new byte[11]));
    }
}
