package io.khata.core.validate;

import static io.khata.core.genesis.TestGenesis.PKR;
import static io.khata.core.genesis.TestGenesis.treasury;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.HeaderDraft;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.LedgerOptions;
import io.khata.core.ledger.TestChain;
import io.khata.core.tx.Transaction;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A signature is verified at most once per node, also when a block arrives while the mempool
 * is still checking one of its transactions: the validator (and a second admission of the same
 * transaction) waits for the running check instead of repeating it, and falls back to its own
 * verification whenever that check does not say "valid".
 */
class InFlightVerificationTest {
    private static final TestGenesis FIXTURE = TestGenesis.of(4);
    private static final long NOT_DONE_WINDOW_MILLIS = 300;

    private Ledger proposer;
    private Ledger node;
    private Transaction honest;
    private Transaction borrowed;
    private Block honestBlock;
    private Block borrowedBlock;
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void oneTransferInABlock() {
        LedgerOptions options = LedgerOptions.defaults().withVerifierThreads(1);
        proposer = Ledger.inMemory(FIXTURE.genesis(), options);
        node = Ledger.inMemory(FIXTURE.genesis(), options);
        TestChain chain = new TestChain(FIXTURE, proposer);
        honest = chain.transfer(PKR, treasury(0), treasury(1), 10);
        borrowed = Forgery.withSignatures(honest, chain.transfer(PKR, treasury(0), treasury(2), 10).signatures());
        honestBlock = chain.build(List.of(honest)).block();
        borrowedBlock = HeaderDraft.assemble(honestBlock, draft -> { }, List.of(borrowed), null);
    }

    @AfterEach
    void close() {
        release.countDown();
        proposer.close();
        node.close();
    }

    /** Admission of {@code tx} on another thread, its check held until {@link #release}, then {@code check}. */
    private CompletableFuture<Optional<Rejection>> admitHeld(Transaction tx, Function<Transaction, Optional<Rejection>> check)
            throws InterruptedException {
        CompletableFuture<Optional<Rejection>> admission = CompletableFuture.supplyAsync(() ->
                node.signatureCache().verifyOnce(tx, node.chainId(), t -> {
                    started.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return check.apply(t);
                }));
        assertTrue(started.await(10, TimeUnit.SECONDS), "the admission's check started");
        assertTrue(node.signatureCache().inFlight(tx).isPresent(), "the check is visible while it runs");
        return admission;
    }

    private CompletableFuture<Result<ValidatedBlock>> validateAsync(Block block) {
        return CompletableFuture.supplyAsync(() -> node.validate(block));
    }

    @Test
    void aBlockArrivingWhileAdmissionChecksItsTransactionWaitsForThatCheckInsteadOfRepeatingIt() throws Exception {
        CompletableFuture<Optional<Rejection>> admission = admitHeld(honest, t -> t.checkSignatures(node.chainId()));
        CompletableFuture<Result<ValidatedBlock>> validation = validateAsync(honestBlock);
        Thread.sleep(NOT_DONE_WINDOW_MILLIS);
        assertFalse(validation.isDone(), "validation waits for the running check (it would finish in milliseconds alone)");

        release.countDown();
        assertTrue(admission.get(10, TimeUnit.SECONDS).isEmpty());
        assertTrue(validation.get(10, TimeUnit.SECONDS).isOk(), () -> validation.join().rejection().message());
        assertEquals(honest.signatures().size(), node.signatureCache().verifications(), "each signature verified once");
        assertTrue(node.signatureCache().inFlight(honest).isEmpty(), "a finished check leaves the in-flight set");
    }

    @Test
    void aSecondAdmissionOfTheSameTransactionWaitsForTheFirst() throws Exception {
        CompletableFuture<Optional<Rejection>> first = admitHeld(honest, t -> t.checkSignatures(node.chainId()));
        CompletableFuture<Optional<Rejection>> second =
                CompletableFuture.supplyAsync(() -> node.signatureCache().verifyOnce(honest, node.chainId()));
        Thread.sleep(NOT_DONE_WINDOW_MILLIS);
        assertFalse(second.isDone(), "the second admission waits for the first check");

        release.countDown();
        assertTrue(first.get(10, TimeUnit.SECONDS).isEmpty());
        assertTrue(second.get(10, TimeUnit.SECONDS).isEmpty());
        assertEquals(honest.signatures().size(), node.signatureCache().verifications());
    }

    @Test
    void aCheckThatFailsOrThrowsMakesTheValidatorVerifyItself() throws Exception {
        CompletableFuture<Optional<Rejection>> admission = admitHeld(honest, t -> {
            throw new IllegalStateException("the admission thread failed");
        });
        CompletableFuture<Result<ValidatedBlock>> validation = validateAsync(honestBlock);
        release.countDown();
        assertTrue(admission.handle((ok, failure) -> failure != null).get(10, TimeUnit.SECONDS), "the admission threw");
        assertTrue(validation.get(10, TimeUnit.SECONDS).isOk(), "the validator verified the signatures itself");
        assertEquals(honest.signatures().size(), node.signatureCache().verifications(),
                "only the validator's verification ran to the end");
    }

    @Test
    void aForgedSignatureListIsNeverAcceptedOnTheStrengthOfAnotherCheck() throws Exception {
        CompletableFuture<Optional<Rejection>> admission = admitHeld(borrowed, t -> t.checkSignatures(node.chainId()));
        CompletableFuture<Result<ValidatedBlock>> validation = validateAsync(borrowedBlock);
        Thread.sleep(NOT_DONE_WINDOW_MILLIS);
        assertFalse(validation.isDone(), "validation waits for the running check, so it meets its verdict");
        release.countDown();
        assertTrue(admission.get(10, TimeUnit.SECONDS).isPresent(), "admission refuses the borrowed signatures");
        Result<ValidatedBlock> result = validation.get(10, TimeUnit.SECONDS);
        assertFalse(result.isOk(), "the block with the forged transaction is invalid");
        assertEquals(4, ((Rejection.InvalidBlock) result.rejection()).step());
        assertTrue(result.rejection().message().contains("does not verify"), result.rejection().message());
        assertEquals(2 * borrowed.signatures().size(), node.signatureCache().verifications(),
                "after the admission's verdict of invalid, the validator verified the signatures itself");
    }

    @Test
    void theChecksOfADifferentSignatureListAreNotWaitedFor() throws Exception {
        admitHeld(borrowed, t -> t.checkSignatures(node.chainId()));
        assertTrue(node.signatureCache().inFlight(honest).isEmpty(), "same body, other signatures: not the same check");
        assertTrue(node.validate(honestBlock).isOk(), "validated without waiting for the unrelated check");
    }

    @Test
    void withNoRoomForRunningChecksNothingIsWaitedFor() {
        SignatureCache cache = new SignatureCache(16, 0);
        assertTrue(cache.verifyOnce(honest, node.chainId(), t -> {
            assertTrue(cache.inFlight(t).isEmpty(), "no room: the check runs unregistered");
            return t.checkSignatures(node.chainId());
        }).isEmpty());
        assertTrue(cache.isVerified(honest));
        assertTrue(cache.verifyOnce(honest, node.chainId()).isEmpty());
        assertEquals(honest.signatures().size(), cache.verifications(), "a cache hit verifies nothing");
    }
}
