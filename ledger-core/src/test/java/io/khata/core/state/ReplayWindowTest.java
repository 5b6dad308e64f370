package io.khata.core.state;

import static io.khata.core.genesis.TestGenesis.TREASURY_PKR;
import static io.khata.core.state.Scenario.PKR;
import static io.khata.core.state.Scenario.TREASURY0;
import static io.khata.core.state.Scenario.TREASURY1;
import static io.khata.core.state.Scenario.key;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.khata.core.Rejection;
import io.khata.core.genesis.Genesis;
import io.khata.core.ledger.TestChain;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxCodec;
import io.khata.core.validate.BlockBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code valid_until_time} and the replay window, on both sides of a block (the builder and the
 * validator, see {@link Scenario#rejection}): a block at time t includes a transaction iff
 * {@code t <= valid_until_time <= t + max_tx_ttl_ms}; once committed it is refused as a replay
 * until a block's time reaches its {@code valid_until_time}, and then forgotten (it would be
 * expired anyway). Blocks here are {@link TestChain#BLOCK_INTERVAL_MILLIS} apart.
 */
class ReplayWindowTest {
    private static final long TTL_MAX = Genesis.MAX_TX_TTL_MILLIS_DEFAULT;
    private static final long INTERVAL = TestChain.BLOCK_INTERVAL_MILLIS;
    private static final Operation ONE_RUPEE = new Operation.Transfer(PKR, TREASURY0, TREASURY1, 1);

    private final Scenario scenario = new Scenario();

    @AfterEach
    void close() {
        scenario.close();
    }

    @Test
    void aCommittedTransactionIsAReplayWhileItsWindowIsOpen() {
        Transaction tx = scenario.transfer(PKR, TREASURY0, TREASURY1, 1, key(TREASURY0));
        scenario.commit(tx);
        long validUntil = tx.body().validUntilMillis();
        assertEquals(validUntil, scenario.ledger.replayWindowEnd(tx.hash()));

        assertEquals(new Rejection.Replayed(tx.hash()), scenario.rejection(tx));
        scenario.commit();
        assertEquals(new Rejection.Replayed(tx.hash()), scenario.rejection(tx));
        assertEquals(TREASURY_PKR - 1, scenario.balance(TREASURY0, PKR));
        assertEquals(TREASURY_PKR + 1, scenario.balance(TREASURY1, PKR));
    }

    @Test
    void theSameBodyWithOtherSignaturesIsStillAReplay() {
        Transaction tx = scenario.transfer(PKR, TREASURY0, TREASURY1, 1, key(TREASURY0));
        scenario.commit(tx);
        Transaction resigned = TxCodec.sign(tx.body(), List.of(key(TREASURY0), key(TREASURY1)));

        assertEquals(tx.hash(), resigned.hash());
        assertEquals(new Rejection.Replayed(tx.hash()), scenario.rejection(resigned));
    }

    @Test
    void theSameTransactionTwiceAmongCandidatesIsIncludedOnce() {
        Transaction tx = scenario.transfer(PKR, TREASURY0, TREASURY1, 1, key(TREASURY0));

        BlockBuilder.Built built = scenario.chain.build(List.of(tx, tx));

        assertEquals(List.of(tx), built.block().transactions());
        assertEquals(List.of(new BlockBuilder.Skipped(tx, new Rejection.Replayed(tx.hash()))), built.skipped());
    }

    @Test
    void theWindowClosesWhenABlockTimeReachesValidUntilAndTheHashIsForgotten() {
        scenario.commit(); // block 1 is 1 ms after genesis; from here on blocks are INTERVAL apart
        long validUntil = scenario.nextBlockTimeMillis() + INTERVAL; // the block after the committing one
        Transaction tx = scenario.signValidUntil(validUntil, ONE_RUPEE, key(TREASURY0));
        scenario.commit(tx);
        assertEquals(new Rejection.Replayed(tx.hash()), scenario.rejection(tx), "the next block is at valid_until_time");

        scenario.commit();
        assertEquals(validUntil, scenario.ledger.headTimeMillis());
        assertEquals(-1, scenario.ledger.replayWindowEnd(tx.hash()), "remembered past its window");
        assertEquals(new Rejection.Expired(validUntil, validUntil + INTERVAL), scenario.rejection(tx));
    }

    @Test
    void aTransactionIsValidInABlockExactlyAtItsValidUntilTimeAndNotOneMillisecondLater() {
        long next = scenario.nextBlockTimeMillis();
        Transaction oneMillisecondLate = scenario.signValidUntil(next - 1, ONE_RUPEE, key(TREASURY0));
        assertEquals(new Rejection.Expired(next - 1, next), scenario.rejection(oneMillisecondLate));

        Transaction lastChance = scenario.signValidUntil(next, ONE_RUPEE, key(TREASURY0));
        scenario.commit(lastChance);
        assertEquals(next, scenario.ledger.headTimeMillis());
        // Its expiry is the committing block's own time: no later block can include it, so the
        // window never holds it, and a resubmission is merely expired.
        assertEquals(-1, scenario.ledger.replayWindowEnd(lastChance.hash()));
        assertEquals(new Rejection.Expired(next, next + INTERVAL), scenario.rejection(lastChance));
        assertEquals(new Rejection.Expired(0, next + INTERVAL),
                scenario.rejection(scenario.signValidUntil(0, ONE_RUPEE, key(TREASURY0))));
    }

    @Test
    void validUntilMayBeExactlyTheTtlAheadAndNotOneMillisecondMore() {
        long next = scenario.nextBlockTimeMillis();
        Transaction tooLong = scenario.signValidUntil(next + TTL_MAX + 1, ONE_RUPEE, key(TREASURY0));
        Transaction farthest = scenario.signValidUntil(next + TTL_MAX, ONE_RUPEE, key(TREASURY0));

        assertEquals(new Rejection.TtlTooLong(next + TTL_MAX + 1, next, TTL_MAX), scenario.rejection(tooLong));
        assertEquals(new Rejection.TtlTooLong(Long.MAX_VALUE, next, TTL_MAX),
                scenario.rejection(scenario.signValidUntil(Long.MAX_VALUE, ONE_RUPEE, key(TREASURY0))));
        scenario.commit(farthest);
        assertEquals(next + TTL_MAX, scenario.ledger.replayWindowEnd(farthest.hash()));
    }

    @Test
    void theLargestValidUntilTimeIsTooFarAheadNotAnOverflow() {
        // 2^63 - 1 minus a block time near 1.7e12 is still a positive long; a sum such as
        // blockTime + ttl > validUntil would not be. Values above 2^63 - 1 never reach this
        // far: the codec refuses them (TxCodecTest), and ExpiryTest covers negative ones.
        long next = scenario.nextBlockTimeMillis();
        assertEquals(new Rejection.TtlTooLong(Long.MAX_VALUE, next, TTL_MAX),
                scenario.rejection(scenario.signValidUntil(Long.MAX_VALUE, ONE_RUPEE, key(TREASURY0))));
    }

    @Test
    void theWindowHoldsOnlyOpenTransactions() {
        List<Transaction> committed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long validUntil = scenario.nextBlockTimeMillis() + 2 * INTERVAL - 1;
            Transaction tx = scenario.signValidUntil(validUntil, ONE_RUPEE, key(TREASURY0));
            scenario.commit(tx);
            committed.add(tx);
        }
        long now = scenario.ledger.headTimeMillis();
        int open = 0;
        for (Transaction tx : committed) {
            boolean stillOpen = tx.body().validUntilMillis() > now;
            open += stillOpen ? 1 : 0;
            assertEquals(stillOpen ? tx.body().validUntilMillis() : -1, scenario.ledger.replayWindowEnd(tx.hash()),
                    tx.toString());
        }
        assertEquals(2, open, "the last two blocks' transactions are still open");
    }
}
