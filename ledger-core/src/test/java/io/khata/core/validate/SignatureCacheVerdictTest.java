package io.khata.core.validate;

import static io.khata.core.genesis.TestGenesis.PKR;
import static io.khata.core.genesis.TestGenesis.treasury;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Rejection;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.LedgerOptions;
import io.khata.core.ledger.TestChain;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link SignatureCache#verifyOnce} answers and counts: the check's own verdict (a
 * refusal is passed on, never turned into a hit), only verified signatures remembered, and
 * Ed25519 verifications counted only when they ran (a transaction refused on its structure
 * verifies nothing). And what a wait for another check's verdict means: "valid" only if that
 * check said so; a failure or an interrupt mean "verify yourself".
 */
class SignatureCacheVerdictTest {
    private static final TestGenesis FIXTURE = TestGenesis.of(4);

    private Ledger ledger;
    private Transaction honest;
    private Transaction borrowed;

    @BeforeEach
    void oneTransferAndAForgeryOfIt() {
        ledger = Ledger.inMemory(FIXTURE.genesis(), LedgerOptions.defaults().withVerifierThreads(1));
        TestChain chain = new TestChain(FIXTURE, ledger);
        honest = chain.transfer(PKR, treasury(0), treasury(1), 10);
        borrowed = Forgery.withSignatures(honest, chain.transfer(PKR, treasury(0), treasury(2), 10).signatures());
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void aBorrowedSignatureIsRefusedCountedAndNotRemembered() {
        SignatureCache cache = new SignatureCache(16);

        Optional<Rejection> refused = cache.verifyOnce(borrowed, ledger.chainId());

        assertEquals(Optional.of(new Rejection.BadSignature(FIXTURE.accountKey(treasury(0)).publicKey())), refused);
        assertFalse(cache.isVerified(borrowed));
        assertEquals(1, cache.verifications(), "the signature was verified, and failed");
        assertEquals(refused, cache.verifyOnce(borrowed, ledger.chainId()), "a refusal is never remembered as a hit");
        assertEquals(2, cache.verifications());
    }

    @Test
    void aValidSignatureIsVerifiedOnceAndThenAHit() {
        SignatureCache cache = new SignatureCache(16);

        assertEquals(Optional.empty(), cache.verifyOnce(honest, ledger.chainId()));
        assertTrue(cache.isVerified(honest));
        assertEquals(Optional.empty(), cache.verifyOnce(honest, ledger.chainId()));

        assertEquals(honest.signatures().size(), cache.verifications());
    }

    @Test
    void aTransactionRefusedOnItsStructureVerifiesNoSignature() {
        SignatureCache cache = new SignatureCache(16);
        Transaction foreign = TxCodec.sign(new TxBody("khata-other",
                        List.of(new Operation.Transfer(PKR, treasury(0), treasury(1), 1)), 10, 1, ""),
                List.of(FIXTURE.accountKey(treasury(0))));

        assertEquals(Optional.of(new Rejection.WrongChain(ledger.chainId(), "khata-other")),
                cache.verifyOnce(foreign, ledger.chainId()));
        assertEquals(0, cache.verifications());
        assertFalse(cache.isVerified(foreign));
    }

    @Test
    void clearingForgetsEveryVerifiedTransaction() {
        SignatureCache cache = new SignatureCache(16);
        cache.markVerified(honest);

        cache.clear();

        assertFalse(cache.isVerified(honest));
        assertEquals(0, cache.size());
    }

    @Test
    void aNegativeBoundOnRunningChecksIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SignatureCache(16, -1));
        assertEquals(Optional.empty(), new SignatureCache(16, 0).verifyOnce(honest, ledger.chainId()),
                "no room for running checks still verifies");
    }

    @Test
    void onlyAVerdictOfValidMeansValid() {
        assertTrue(SignatureCache.awaitVerdict(CompletableFuture.completedFuture(true)));
        assertFalse(SignatureCache.awaitVerdict(CompletableFuture.completedFuture(false)));
        assertFalse(SignatureCache.awaitVerdict(CompletableFuture.failedFuture(new IllegalStateException("check failed"))));
    }

    @Test
    void anInterruptedWaitMeansVerifyYourselfAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        try {
            assertFalse(SignatureCache.awaitVerdict(new CompletableFuture<>()));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is passed on");
        } finally {
            Thread.interrupted();
        }
    }
}
