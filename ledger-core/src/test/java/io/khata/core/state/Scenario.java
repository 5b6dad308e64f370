package io.khata.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.KeyPair;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.HeaderDraft;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.LedgerOptions;
import io.khata.core.ledger.TestChain;
import io.khata.core.merkle.MerkleTree;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.core.validate.BlockBuilder;
import io.khata.core.validate.ValidatedBlock;
import java.util.Arrays;
import java.util.List;

/**
 * One in-memory ledger over the four-bank test genesis, with the moves the per-operation tests
 * make: commit transactions that must succeed, and find out why one must fail. Every refusal
 * is checked on both sides of a block, the proposer's builder and every node's validator, so
 * the two can never disagree about a transaction without a test noticing.
 */
final class Scenario implements AutoCloseable {
    static final TestGenesis FIXTURE = TestGenesis.of(4);
    static final String PKR = TestGenesis.PKR;
    static final String BOND = TestGenesis.BOND;
    static final String AUTHORITY = TestGenesis.AUTHORITY;
    static final String TREASURY0 = TestGenesis.treasury(0);
    static final String TREASURY1 = TestGenesis.treasury(1);
    static final String TREASURY2 = TestGenesis.treasury(2);

    /** Nonces for transactions signed here; far from TestChain's own counter so no two bodies collide. */
    private long nonce = 1_000_000;
    final Ledger ledger;
    final TestChain chain;

    Scenario() {
        ledger = Ledger.inMemory(FIXTURE.genesis(), LedgerOptions.defaults().withVerifierThreads(1));
        chain = new TestChain(FIXTURE, ledger);
    }

    static KeyPair key(String account) {
        return FIXTURE.accountKey(account);
    }

    static KeyPair authorityKey() {
        return FIXTURE.accountKey(AUTHORITY);
    }

    static KeyPair validatorKey(String member) {
        return FIXTURE.validatorKey(member);
    }

    long balance(String account, String asset) {
        return ledger.balance(account, asset);
    }

    long supply(String asset) {
        return ledger.asset(asset).supply();
    }

    Transaction sign(List<Operation> operations, KeyPair... signers) {
        return chain.sign(operations, signers);
    }

    Transaction sign(Operation operation, KeyPair... signers) {
        return chain.sign(List.of(operation), signers);
    }

    /** A transaction with an explicit {@code valid_until_time}. */
    Transaction signValidUntil(long validUntil, Operation operation, KeyPair... signers) {
        TxBody body = new TxBody(ledger.chainId(), List.of(operation), validUntil, nonce++, "");
        return TxCodec.sign(body, Arrays.asList(signers));
    }

    /** The time of the next block this scenario builds. */
    long nextBlockTimeMillis() {
        return chain.nextBlockTimeMillis();
    }

    Transaction transfer(String asset, String from, String to, long amount, KeyPair... signers) {
        return sign(new Operation.Transfer(asset, from, to, amount), signers);
    }

    /** Commits one block holding exactly {@code txs}, in order; fails the test if the builder leaves any out. */
    BlockBuilder.Built commit(Transaction... txs) {
        BlockBuilder.Built built = chain.commitNext(List.of(txs));
        assertEquals(List.of(), built.skipped(), "transactions left out of the block");
        assertEquals(List.of(txs), built.block().transactions());
        return built;
    }

    /** Opens {@code id} in a bank's domain, signed by that bank's validator key; returns {@code id}. */
    String createAccount(String id, int quorum, KeyPair... keys) {
        String member = id.substring(id.indexOf('@') + 1);
        commit(sign(new Operation.CreateAccount(id, Arrays.stream(keys).map(KeyPair::publicKey).toList(), quorum),
                validatorKey(member)));
        return id;
    }

    /**
     * Why {@code tx} cannot enter the next block. The builder must leave it out with exactly one
     * reason, and a block that carries it anyway must fail validation for the same reason: at step
     * 4 for a signature, at step 5 for anything the state decides. The ledger must not change.
     */
    Rejection rejection(Transaction tx) {
        long height = ledger.height();
        Hash stateRoot = ledger.stateRoot();
        BlockBuilder.Built built = chain.build(List.of(tx));
        assertEquals(List.of(), built.block().transactions(), "the builder included a failing transaction");
        assertEquals(1, built.skipped().size());
        assertEquals(tx, built.skipped().get(0).transaction());
        Rejection reason = built.skipped().get(0).reason();

        Block forged = HeaderDraft.assemble(built.block(),
                draft -> draft.txRoot = MerkleTree.rootOfHashes(List.of(tx.hash())), List.of(tx),
                built.block().lastCommit());
        Result<ValidatedBlock> validated = ledger.validate(forged);
        Rejection.InvalidBlock invalid = assertInstanceOf(Rejection.InvalidBlock.class, validated.rejection());
        if (reason instanceof Rejection.BadSignature) {
            assertEquals(4, invalid.step(), invalid.message());
        } else {
            assertEquals(5, invalid.step(), invalid.message());
            assertTrue(invalid.reason().endsWith(reason.message()), invalid.reason() + " / " + reason.message());
        }
        assertEquals(height, ledger.height());
        assertEquals(stateRoot, ledger.stateRoot());
        return reason;
    }

    /**
     * Like {@link #rejection}, then commits the block built from {@code tx} alone (which must
     * leave it out), so that whatever a half-applied transaction left in the builder's view
     * would reach the committed state where a test can see it.
     */
    Rejection rejectionCommittingWithout(Transaction tx) {
        Rejection reason = rejection(tx);
        BlockBuilder.Built built = chain.commitNext(List.of(tx));
        assertEquals(List.of(), built.block().transactions());
        assertEquals(reason, built.skipped().get(0).reason());
        return reason;
    }

    @Override
    public void close() {
        ledger.close();
    }
}
