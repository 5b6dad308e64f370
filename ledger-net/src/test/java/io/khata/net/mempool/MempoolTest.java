package io.khata.net.mempool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Rejection;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.TestChain;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.core.tx.TxSignature;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MempoolTest {
    private final TestGenesis fixture = TestGenesis.of(4);
    private final Ledger ledger = Ledger.inMemory(fixture.genesis());
    private final TestChain chain = new TestChain(fixture, ledger);

    @AfterEach
    void close() {
        ledger.close();
    }

    private Transaction transfer(long amount) {
        return chain.transfer(TestGenesis.PKR, TestGenesis.treasury(0), TestGenesis.treasury(1), amount);
    }

    @Test
    void admitsAValidTransactionOnceAndFillsTheSignatureCache() {
        Mempool mempool = new Mempool(ledger, MempoolLimits.DEFAULT);
        Transaction tx = transfer(10);
        assertInstanceOf(Admission.Accepted.class, mempool.offer(tx.encode()));
        assertInstanceOf(Admission.Duplicate.class, mempool.offer(tx));
        assertEquals(1, mempool.size());
        assertTrue(ledger.signatureCache().isVerified(tx));
        assertEquals(List.of(tx), mempool.candidates(10));
    }

    @Test
    void refusesGarbageBytes() {
        Admission admission = new Mempool(ledger, MempoolLimits.DEFAULT).offer(new byte[] {1, 2, 3, 4, 5});
        assertInstanceOf(Rejection.Malformed.class, ((Admission.Refused) admission).reason());
    }

    @Test
    void refusesABadSignature() {
        Transaction good = transfer(10);
        Transaction other = transfer(11);
        Transaction forged = TxCodec.assemble(TxCodec.encodeBody(good.body()),
                List.of(new TxSignature(good.signatures().get(0).publicKey(), other.signatures().get(0).signature())));
        Admission admission = new Mempool(ledger, MempoolLimits.DEFAULT).offer(forged);
        assertInstanceOf(Rejection.BadSignature.class, ((Admission.Refused) admission).reason());
    }

    @Test
    void refusesExpiredReplayedAndUnfundedTransactions() {
        Mempool mempool = new Mempool(ledger, MempoolLimits.DEFAULT);
        Transaction committed = transfer(10);
        chain.commitNext(List.of(committed));
        chain.commitNext(List.of());
        assertInstanceOf(Rejection.Replayed.class, ((Admission.Refused) mempool.offer(committed)).reason());

        TxBody expiredBody = new TxBody(ledger.chainId(), committed.body().operations(), 1, 99, "");
        Transaction expired = TxCodec.sign(expiredBody, List.of(fixture.accountKey(TestGenesis.treasury(0))));
        assertInstanceOf(Rejection.Expired.class, ((Admission.Refused) mempool.offer(expired)).reason());

        Transaction unfunded = transfer(TestGenesis.TREASURY_PKR * 2);
        assertInstanceOf(Rejection.InsufficientFunds.class, ((Admission.Refused) mempool.offer(unfunded)).reason());
        assertEquals(0, mempool.size());
    }

    @Test
    void isBoundedByCountAndBytes() {
        Mempool byCount = new Mempool(ledger, new MempoolLimits(2, 1 << 20, 100, 100));
        assertInstanceOf(Admission.Accepted.class, byCount.offer(transfer(1)));
        assertInstanceOf(Admission.Accepted.class, byCount.offer(transfer(2)));
        assertInstanceOf(Rejection.TooMany.class, ((Admission.Refused) byCount.offer(transfer(3))).reason());

        Transaction tx = transfer(4);
        Mempool byBytes = new Mempool(ledger, new MempoolLimits(100, tx.encodedSize() + 10L, 100, 100));
        assertInstanceOf(Admission.Accepted.class, byBytes.offer(tx));
        assertInstanceOf(Rejection.TooLarge.class, ((Admission.Refused) byBytes.offer(transfer(5))).reason());
    }

    private Transaction validUntil(long validUntilMillis, long nonce) {
        TxBody body = new TxBody(ledger.chainId(),
                List.of(new Operation.Transfer(TestGenesis.PKR, TestGenesis.treasury(0), TestGenesis.treasury(2), 1)),
                validUntilMillis, nonce, "");
        return TxCodec.sign(body, List.of(fixture.accountKey(TestGenesis.treasury(0))));
    }

    @Test
    void dropsCommittedTransactionsAndThoseABlockTimeHasReached() {
        Mempool mempool = new Mempool(ledger, MempoolLimits.DEFAULT);
        Transaction a = transfer(1);
        // Valid until exactly the second block's time: a millisecond after genesis, then one interval.
        long secondBlockMillis = ledger.genesis().genesisTimeMillis() + 1 + TestChain.BLOCK_INTERVAL_MILLIS;
        Transaction b = validUntil(secondBlockMillis, 7);
        Transaction c = transfer(3);
        mempool.offer(a);
        mempool.offer(b);
        mempool.offer(c);
        var first = chain.commitNext(List.of(a)).block();
        assertEquals(List.of(), mempool.committed(Set.copyOf(first.transactionHashes()), first.header().timeMillis()),
                "the next block may still include b");
        assertEquals(List.of(b, c), mempool.candidates(10));
        assertTrue(mempool.seenRecently(a.hash()));
        assertFalse(mempool.contains(a.hash()));

        var second = chain.commitNext(List.of()).block();
        assertEquals(secondBlockMillis, second.header().timeMillis());
        assertEquals(List.of(b), mempool.committed(Set.of(), second.header().timeMillis()),
                "no block after one at b's expiry can include it");
        assertEquals(List.of(c), mempool.candidates(10));
    }

    @Test
    void admitsAtTheEarliestTimeTheNextBlockCanHaveAndWithinTheTtlOfIt() {
        Mempool mempool = new Mempool(ledger, MempoolLimits.DEFAULT);
        chain.commitNext(List.of());
        long next = ledger.headTimeMillis() + 1; // BFT time: the next block is at least a millisecond later
        long ttl = ledger.genesis().maxTxTtlMillis();

        assertEquals(new Rejection.Expired(next - 1, next),
                ((Admission.Refused) mempool.offer(validUntil(next - 1, 1))).reason(), "valid only until the head's time");
        assertInstanceOf(Admission.Accepted.class, mempool.offer(validUntil(next, 2)));
        assertInstanceOf(Admission.Accepted.class, mempool.offer(validUntil(next + ttl, 3)));
        assertEquals(new Rejection.TtlTooLong(next + ttl + 1, next, ttl),
                ((Admission.Refused) mempool.offer(validUntil(next + ttl + 1, 4))).reason());
        assertEquals(new Rejection.TtlTooLong(Long.MAX_VALUE, next, ttl),
                ((Admission.Refused) mempool.offer(validUntil(Long.MAX_VALUE, 5))).reason());
    }
}
