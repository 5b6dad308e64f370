package io.khata.core.state;

import static io.khata.core.genesis.TestGenesis.TREASURY_PKR;
import static io.khata.core.state.Scenario.PKR;
import static io.khata.core.state.Scenario.TREASURY0;
import static io.khata.core.state.Scenario.TREASURY1;
import static io.khata.core.state.Scenario.key;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.khata.core.Rejection;
import io.khata.core.genesis.Genesis;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxCodec;
import io.khata.core.validate.BlockBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code valid_until} and the replay window: a transaction is valid from now until its
 * {@code valid_until}, at most {@code max_tx_ttl} blocks ahead; once committed it is refused as
 * a replay until that height passes, and then forgotten (it would be expired anyway).
 */
class ReplayWindowTest {
    private static final long TTL_MAX = Genesis.MAX_TX_TTL_DEFAULT;
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
        long validUntil = tx.body().validUntil();
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
    void theWindowClosesAtValidUntilAndTheHashIsForgotten() {
        Transaction tx = scenario.signValidUntil(2, ONE_RUPEE, key(TREASURY0));
        scenario.commit(tx);
        assertEquals(new Rejection.Replayed(tx.hash()), scenario.rejection(tx));

        scenario.commit();
        assertEquals(-1, scenario.ledger.replayWindowEnd(tx.hash()), "remembered past its window");
        assertEquals(new Rejection.Expired(2, 3), scenario.rejection(tx));
    }

    @Test
    void aTransactionIsValidUpToAndIncludingItsValidUntil() {
        Transaction lastChance = scenario.signValidUntil(1, ONE_RUPEE, key(TREASURY0));
        scenario.commit(lastChance);
        Transaction late = scenario.signValidUntil(1, ONE_RUPEE, key(TREASURY0));

        assertEquals(new Rejection.Expired(1, 2), scenario.rejection(late));
        assertEquals(new Rejection.Expired(0, 2),
                scenario.rejection(scenario.signValidUntil(0, ONE_RUPEE, key(TREASURY0))));
    }

    @Test
    void validUntilMayBeAtMostTheTtlAhead() {
        long next = scenario.ledger.height() + 1;
        Transaction tooLong = scenario.signValidUntil(next + TTL_MAX + 1, ONE_RUPEE, key(TREASURY0));
        Transaction farthest = scenario.signValidUntil(next + TTL_MAX, ONE_RUPEE, key(TREASURY0));

        assertEquals(new Rejection.TtlTooLong(next + TTL_MAX + 1, next, TTL_MAX), scenario.rejection(tooLong));
        assertEquals(new Rejection.TtlTooLong(Long.MAX_VALUE, next, TTL_MAX),
                scenario.rejection(scenario.signValidUntil(Long.MAX_VALUE, ONE_RUPEE, key(TREASURY0))));
        scenario.commit(farthest);
    }

    @Test
    void aNegativeValidUntilIsExpiredNotAnOverflow() {
        assertEquals(new Rejection.Expired(Long.MIN_VALUE, 1),
                scenario.rejection(scenario.signValidUntil(Long.MIN_VALUE, ONE_RUPEE, key(TREASURY0))));
    }

    @Test
    void theWindowHoldsOnlyOpenTransactions() {
        List<Transaction> committed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Transaction tx = scenario.signValidUntil(scenario.ledger.height() + 2, ONE_RUPEE, key(TREASURY0));
            scenario.commit(tx);
            committed.add(tx);
        }
        long height = scenario.ledger.height();
        for (Transaction tx : committed) {
            boolean open = tx.body().validUntil() > height;
            assertEquals(open ? tx.body().validUntil() : -1, scenario.ledger.replayWindowEnd(tx.hash()), tx.toString());
        }
    }
}
