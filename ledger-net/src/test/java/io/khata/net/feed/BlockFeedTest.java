package io.khata.net.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.block.Block;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.TestChain;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The block feed against a real (in-memory) ledger, with this test's thread in the role of the
 * consensus thread: slow subscribers never hold up publishing, each gets every block once and in
 * order from the tail or the store, and one subscriber's failure or cancel touches no other.
 */
class BlockFeedTest {
    private static final int TAIL_BLOCKS = 8;
    private final TestGenesis fixture = TestGenesis.of(4);
    private final AtomicInteger storeReads = new AtomicInteger();
    private ExecutorService executor;
    private Ledger ledger;
    private TestChain chain;
    private BlockFeed feed;

    @BeforeEach
    void start() {
        executor = Executors.newFixedThreadPool(2);
        ledger = Ledger.inMemory(fixture.genesis());
        chain = new TestChain(fixture, ledger);
        feed = new BlockFeed(ledger.height(), height -> {
            storeReads.incrementAndGet();
            return ledger.block(height);
        }, executor, TAIL_BLOCKS, 1L << 20);
    }

    @AfterEach
    void stop() throws InterruptedException {
        feed.close();
        executor.shutdown();
        executor.awaitTermination(5, TimeUnit.SECONDS);
        ledger.close();
    }

    /** Commits the next (empty) block and publishes it, as the node's consensus thread does. */
    private long commitAndPublish() {
        Block block = chain.commitNext(List.of()).block();
        feed.published(ledger.block(block.height()).orElseThrow());
        return block.height();
    }

    /**
     * Records what it receives; asks for {@code initial} blocks, then, unless {@code pauseMillis}
     * is negative, for one more after each block and a pause.
     */
    private static class Recorder implements Flow.Subscriber<Block> {
        final List<Long> heights = new CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final CountDownLatch completed = new CountDownLatch(1);
        final long initial;
        volatile long pauseMillis;
        volatile Flow.Subscription subscription;

        Recorder(long initial, long pauseMillis) {
            this.initial = initial;
            this.pauseMillis = pauseMillis;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(initial);
        }

        @Override
        public void onNext(Block block) {
            heights.add(block.height());
            if (pauseMillis >= 0) {
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable failure) {
            error.set(failure);
        }

        @Override
        public void onComplete() {
            completed.countDown();
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private static List<Long> range(long from, long to) {
        return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void aSlowSubscriberGetsEveryBlockOnceInOrderWithoutHoldingUpPublishingOrMemory() throws Exception {
        Recorder slow = new Recorder(1, 10);
        Recorder fast = new Recorder(Long.MAX_VALUE, -1);
        feed.subscribe(1, slow);
        feed.subscribe(1, fast);
        long publishNanosMax = 0;
        int tailMax = 0;
        for (int i = 0; i < 500; i++) {
            Block block = chain.commitNext(List.of()).block();
            long began = System.nanoTime();
            feed.published(block);
            publishNanosMax = Math.max(publishNanosMax, System.nanoTime() - began);
            tailMax = Math.max(tailMax, feed.tailSize());
        }
        // Publishing is done while the slow subscriber (10 ms a block, five seconds for 500) is far behind.
        int behind = 500 - slow.heights.size();
        assertTrue(behind > 200, "the slow subscriber kept up: " + slow.heights.size());
        assertTrue(publishNanosMax < TimeUnit.MILLISECONDS.toNanos(50), "publishing took " + publishNanosMax + " ns");
        assertTrue(tailMax <= TAIL_BLOCKS, "tail grew to " + tailMax);
        slow.pauseMillis = 0; // still one block per request, now quickly: it catches up from the store
        await(() -> slow.heights.size() == 500 && fast.heights.size() == 500, "both subscribers to reach 500");
        Thread.sleep(50);
        assertEquals(range(1, 500), slow.heights);
        assertEquals(range(1, 500), fast.heights);
        // What fell out of the tail was read back from the store.
        assertTrue(storeReads.get() >= behind - TAIL_BLOCKS, "store reads " + storeReads.get() + ", behind " + behind);
        assertEquals(null, slow.error.get());
    }

    @Test
    void demandIsHonouredExactly() throws Exception {
        for (int i = 0; i < 20; i++) {
            commitAndPublish();
        }
        Recorder recorder = new Recorder(3, -1);
        feed.subscribe(5, recorder);
        await(() -> recorder.heights.size() == 3, "three blocks");
        Thread.sleep(100);
        assertEquals(List.of(5L, 6L, 7L), recorder.heights);
        recorder.subscription.request(2);
        await(() -> recorder.heights.size() == 5, "two more");
        Thread.sleep(100);
        assertEquals(range(5, 9), recorder.heights);
    }

    @Test
    void aSubscriptionFromAboveTheHeadWaitsForTheChain() throws Exception {
        commitAndPublish();
        Recorder recorder = new Recorder(Long.MAX_VALUE, -1);
        feed.subscribe(4, recorder);
        commitAndPublish();
        commitAndPublish();
        Thread.sleep(100);
        assertEquals(List.of(), recorder.heights);
        commitAndPublish();
        commitAndPublish();
        await(() -> recorder.heights.size() == 2, "heights 4 and 5");
        assertEquals(List.of(4L, 5L), recorder.heights);
    }

    @Test
    void cancelStopsDelivery() throws Exception {
        Recorder recorder = new Recorder(Long.MAX_VALUE, -1);
        feed.subscribe(1, recorder);
        for (int i = 0; i < 3; i++) {
            commitAndPublish();
        }
        await(() -> recorder.heights.size() == 3, "three blocks");
        recorder.subscription.cancel();
        assertEquals(0, feed.subscriberCount());
        for (int i = 0; i < 10; i++) {
            commitAndPublish();
        }
        Thread.sleep(200);
        assertEquals(range(1, 3), recorder.heights);
    }

    @Test
    void aSubscriberThatThrowsIsCancelledAndTheOthersGoOn() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Recorder throwing = new Recorder(Long.MAX_VALUE, -1) {
            @Override
            public void onNext(Block block) {
                calls.incrementAndGet();
                if (block.height() == 2) {
                    throw new IllegalStateException("a broken subscriber");
                }
                super.onNext(block);
            }
        };
        Recorder healthy = new Recorder(Long.MAX_VALUE, -1);
        feed.subscribe(1, throwing);
        feed.subscribe(1, healthy);
        for (int i = 0; i < 30; i++) {
            commitAndPublish();
        }
        await(() -> healthy.heights.size() == 30, "the healthy subscriber to get every block");
        Thread.sleep(100);
        assertEquals(range(1, 30), healthy.heights);
        assertEquals(List.of(1L), throwing.heights);
        assertEquals(2, calls.get(), "called again after it threw");
        assertEquals(1, feed.subscriberCount());
    }

    @Test
    void badDemandIsAnErrorAndClosingCompletes() throws Exception {
        Recorder bad = new Recorder(0, -1);
        feed.subscribe(1, bad);
        await(() -> bad.error.get() != null, "the error for request(0)");
        assertInstanceOf(IllegalArgumentException.class, bad.error.get());

        Recorder open = new Recorder(Long.MAX_VALUE, -1);
        feed.subscribe(1, open);
        feed.close();
        assertTrue(open.completed.await(5, TimeUnit.SECONDS), "no onComplete after close");
        assertEquals(0, feed.subscriberCount());
    }

    @Test
    void aBlockMissingFromTheStoreIsAnError() throws Exception {
        BlockFeed broken = new BlockFeed(3, height -> Optional.empty(), executor);
        Recorder recorder = new Recorder(Long.MAX_VALUE, -1);
        broken.subscribe(1, recorder);
        await(() -> recorder.error.get() != null, "the read error");
        assertInstanceOf(IllegalStateException.class, recorder.error.get());
        assertEquals(List.of(), recorder.heights);
    }
}
