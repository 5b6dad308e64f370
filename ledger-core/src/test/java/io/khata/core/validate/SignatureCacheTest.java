package io.khata.core.validate;

import static io.khata.core.genesis.TestGenesis.PKR;
import static io.khata.core.genesis.TestGenesis.treasury;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.ParallelVerifier;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.HeaderDraft;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.LedgerOptions;
import io.khata.core.ledger.TestChain;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxCodec;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cache of transactions whose signatures this node already verified: a hit skips
 * verification, so a hit must mean the very same signatures, not merely the same body (the
 * tx hash covers only the body, and a proposer could pair an honest body with anything).
 */
class SignatureCacheTest {
    private static final TestGenesis FIXTURE = TestGenesis.of(4);

    private Ledger proposer;
    private Ledger node;
    private TestChain chain;
    private Transaction honest;
    private Transaction borrowed;
    private Block honestBlock;
    private Block borrowedBlock;

    @BeforeEach
    void proposeOneTransferAndAForgeryOfIt() {
        LedgerOptions options = LedgerOptions.defaults().withVerifierThreads(1);
        proposer = Ledger.inMemory(FIXTURE.genesis(), options);
        node = Ledger.inMemory(FIXTURE.genesis(), options);
        chain = new TestChain(FIXTURE, proposer);
        honest = chain.transfer(PKR, treasury(0), treasury(1), 10);
        Transaction other = chain.transfer(PKR, treasury(0), treasury(2), 10);
        borrowed = Forgery.withSignatures(honest, other.signatures());
        honestBlock = chain.build(List.of(honest)).block();
        // Same header, hence same block hash, but the forged transaction inside.
        borrowedBlock = HeaderDraft.assemble(honestBlock, draft -> { }, List.of(borrowed), null);
    }

    @AfterEach
    void close() {
        proposer.close();
        node.close();
    }

    @Test
    void aValidatedBlockLeavesItsTransactionsVerified() {
        assertFalse(node.signatureCache().isVerified(honest));

        assertTrue(node.validate(honestBlock).isOk());

        assertTrue(node.signatureCache().isVerified(honest));
        assertEquals(1, node.signatureCache().size());
    }

    @Test
    void theBuilderLeavesTheTransactionsItVerifiedInTheCacheButNotTheForgedOnes() {
        assertTrue(proposer.signatureCache().isVerified(honest));

        chain.build(List.of(borrowed));

        assertFalse(proposer.signatureCache().isVerified(borrowed));
        assertTrue(proposer.signatureCache().isVerified(honest));
    }

    @Test
    void aRefusedBlockLeavesNothingInTheCache() {
        Block wrongRoot = HeaderDraft.edit(honestBlock, draft -> draft.stateRoot = Hash.ZERO);

        assertEquals(5, ((Rejection.InvalidBlock) node.validate(wrongRoot).rejection()).step());

        assertFalse(node.signatureCache().isVerified(honest));
        assertEquals(0, node.signatureCache().size());
    }

    @Test
    void aCachedTransactionIsNotVerifiedAgain() {
        // Observable only by lying to the cache: a validator that trusts an entry for a forged
        // transaction accepts it, which it could not do if it verified the signature again.
        try (ParallelVerifier verifier = new ParallelVerifier(1)) {
            SignatureCache cache = new SignatureCache(10);
            BlockValidator validator = new BlockValidator(proposer.transition(), verifier, cache);
            ChainTip tip = node.tip();
            assertEquals(4, step(validator.validate(borrowedBlock, tip)));

            cache.markVerified(borrowed);

            assertTrue(validator.validate(borrowedBlock, tip).isOk());
        }
    }

    @Test
    void theSameBodyWithOtherSignaturesIsNotAHit() {
        assertTrue(node.validate(honestBlock).isOk());
        assertEquals(honest.hash(), borrowed.hash());

        assertFalse(node.signatureCache().isVerified(borrowed));
        assertEquals(4, step(node.validate(borrowedBlock)));
    }

    @Test
    void theSameBodyWithAnExtraValidSignatureIsVerifiedAfresh() {
        Transaction twoSigners = TxCodec.sign(honest.body(),
                List.of(FIXTURE.accountKey(treasury(0)), FIXTURE.accountKey(treasury(3))));
        node.signatureCache().markVerified(honest);

        assertFalse(node.signatureCache().isVerified(twoSigners));
        assertTrue(node.validate(HeaderDraft.assemble(honestBlock, draft -> { }, List.of(twoSigners), null)).isOk());
        assertTrue(node.signatureCache().isVerified(twoSigners));
    }

    @Test
    void theCacheIsBoundedAndForgetsTheOldestFirst() {
        SignatureCache cache = new SignatureCache(2);
        Transaction a = chain.transfer(PKR, treasury(0), treasury(1), 1);
        Transaction b = chain.transfer(PKR, treasury(0), treasury(1), 2);
        Transaction c = chain.transfer(PKR, treasury(0), treasury(1), 3);

        cache.markVerified(a);
        cache.markVerified(b);
        cache.markVerified(c);

        assertEquals(2, cache.size());
        assertFalse(cache.isVerified(a));
        assertTrue(cache.isVerified(b));
        assertTrue(cache.isVerified(c));
    }

    @Test
    void aCacheOfNoEntriesRemembersNothing() {
        SignatureCache cache = new SignatureCache(0);

        cache.markVerified(honest);

        assertFalse(cache.isVerified(honest));
    }

    private static int step(Result<ValidatedBlock> result) {
        return assertInstanceOf(Rejection.InvalidBlock.class, result.rejection()).step();
    }
}
