package io.khata.net.mempool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Rejection;
import io.khata.core.crypto.PublicKey;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.LedgerOptions;
import io.khata.core.ledger.TestChain;
import io.khata.core.tx.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Attack 3, the mempool as a buffer anyone can fill: its bounds hold under concurrent
 * admission (re-checked in the critical section that inserts), and one sender's key holds at
 * most its share, so one customer cannot fill it for everybody.
 */
class MempoolBoundsTest {
    private static final int SENDERS = 4;

    private final TestGenesis fixture = TestGenesis.of(SENDERS);
    private final Ledger ledger = Ledger.inMemory(fixture.genesis(), LedgerOptions.defaults().withVerifierThreads(1));
    private final TestChain chain = new TestChain(fixture, ledger);

    @AfterEach
    void close() {
        ledger.close();
    }

    private Transaction transfer(int sender, long amount) {
        return chain.transfer(TestGenesis.PKR, TestGenesis.treasury(sender), TestGenesis.treasury((sender + 1) % SENDERS),
                amount);
    }

    private PublicKey keyOf(int sender) {
        return fixture.accountKey(TestGenesis.treasury(sender)).publicKey();
    }

    @Test
    void attack3_concurrentAdmissionsNeverOvershootTheCapacityOrAnyQuota() throws Exception {
        int capacity = 40;
        MempoolLimits limits = new MempoolLimits(capacity, 1L << 30, 10_000, 100 / SENDERS);
        assertEquals(capacity / SENDERS, limits.transactionsPerSenderMax());
        Mempool mempool = new Mempool(ledger, limits);
        int threads = 8;
        int offersPerThread = 40;
        List<List<Transaction>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Transaction> mine = new ArrayList<>();
            for (int i = 0; i < offersPerThread; i++) {
                mine.add(transfer((t + i) % SENDERS, 1 + t * offersPerThread + i)); // fresh: signatures not yet verified
            }
            work.add(mine);
        }
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger largestSeen = new AtomicInteger();
        ConcurrentLinkedQueue<Transaction> accepted = new ConcurrentLinkedQueue<>();
        List<Thread> running = new ArrayList<>();
        for (List<Transaction> mine : work) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (Transaction tx : mine) {
                    if (mempool.offer(tx) instanceof Admission.Accepted) {
                        accepted.add(tx);
                    }
                    largestSeen.accumulateAndGet(mempool.size(), Math::max);
                }
            });
            thread.start();
            running.add(thread);
        }
        start.countDown();
        for (Thread thread : running) {
            thread.join(30_000);
        }
        assertTrue(largestSeen.get() <= capacity, "the mempool held " + largestSeen.get() + " of " + capacity);
        assertEquals(capacity, mempool.size(), "enough was offered to fill it exactly");
        assertEquals(capacity, accepted.size());
        Map<Integer, Integer> perSender = new HashMap<>();
        for (Transaction tx : accepted) {
            for (int sender = 0; sender < SENDERS; sender++) {
                if (tx.signatures().get(0).publicKey().equals(keyOf(sender))) {
                    perSender.merge(sender, 1, Integer::sum);
                }
            }
        }
        for (int sender = 0; sender < SENDERS; sender++) {
            assertEquals(limits.transactionsPerSenderMax(), perSender.get(sender), "sender " + sender);
        }
    }

    @Test
    void attack3_oneSenderCannotTakeMoreThanItsShareOfTheMempool() {
        MempoolLimits limits = new MempoolLimits(30, 1L << 30, 1_000, 10);
        assertEquals(3, limits.transactionsPerSenderMax());
        Mempool mempool = new Mempool(ledger, limits);
        List<Transaction> flood = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            flood.add(transfer(0, 1 + i));
        }
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(Admission.Accepted.class, mempool.offer(flood.get(i)));
        }
        for (int i = 3; i < 10; i++) {
            Admission.Refused refused = assertInstanceOf(Admission.Refused.class, mempool.offer(flood.get(i)));
            Rejection.TooMany tooMany = assertInstanceOf(Rejection.TooMany.class, refused.reason());
            assertTrue(tooMany.what().contains(keyOf(0).toString()), tooMany.what());
        }
        assertEquals(3, mempool.size());
        assertInstanceOf(Admission.Accepted.class, mempool.offer(transfer(1, 5)), "other senders still get in");

        mempool.committed(Set.of(flood.get(0).hash()), ledger.headTimeMillis() + 1);
        assertInstanceOf(Admission.Accepted.class, mempool.offer(flood.get(3)), "a committed one frees its sender's room");
        mempool.remove(flood.get(1).hash());
        assertInstanceOf(Admission.Accepted.class, mempool.offer(flood.get(4)), "so does one the proposer dropped");
        assertInstanceOf(Admission.Refused.class, mempool.offer(flood.get(5)));
    }

    @Test
    void attack3_theSenderShareBoundsBytesToo() {
        Transaction first = transfer(0, 1);
        long bytesMax = 10L * first.encodedSize() + 5;
        MempoolLimits limits = new MempoolLimits(1_000, bytesMax, 1_000, 10);
        assertTrue(limits.bytesPerSenderMax() >= first.encodedSize() && limits.bytesPerSenderMax() < 2L * first.encodedSize());
        Mempool mempool = new Mempool(ledger, limits);
        assertInstanceOf(Admission.Accepted.class, mempool.offer(first));
        Admission.Refused refused = assertInstanceOf(Admission.Refused.class, mempool.offer(transfer(0, 2)));
        assertInstanceOf(Rejection.TooLarge.class, refused.reason());
        assertInstanceOf(Admission.Accepted.class, mempool.offer(transfer(2, 3)));
    }

    @Test
    void theDefaultShareIsTenPercent() {
        assertEquals(10, MempoolLimits.DEFAULT.senderSharePercent());
        assertEquals(5_000, MempoolLimits.DEFAULT.transactionsPerSenderMax());
        assertEquals(MempoolLimits.DEFAULT.bytesMax() / 10, MempoolLimits.DEFAULT.bytesPerSenderMax());
    }
}
