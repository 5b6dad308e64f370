package io.khata.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.crypto.KeyPair;
import io.khata.core.genesis.Genesis;
import io.khata.core.genesis.Member;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.HeaderDraft;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.TestChain;
import io.khata.core.merkle.MerkleTree;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.validate.BlockBuilder;
import io.khata.core.validate.ValidatedBlock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Attack 6: the authority's key moving too much voting power at once. The changes that take
 * effect at one height (one block's, across all its transactions) may move at most 1/3 of the
 * power in force before them, additions and raises counted like removals and reductions.
 * Four banks of power 10: 40 in force, so at most 13 may move.
 */
class PowerChangeBudgetTest {
    private final TestGenesis fixture = TestGenesis.of(4);
    private final Ledger ledger = Ledger.inMemory(fixture.genesis());
    private final TestChain chain = new TestChain(fixture, ledger);
    private final KeyPair authority = fixture.accountKey(TestGenesis.AUTHORITY);
    private final KeyPair bank4 = TestGenesis.keyPair("bank4 validator");

    @AfterEach
    void close() {
        ledger.close();
    }

    private Transaction byAuthority(Operation... operations) {
        return chain.sign(List.of(operations), authority);
    }

    private Operation addBank4(long power) {
        return new Operation.AddMember("bank4", bank4.publicKey(), power, "127.0.0.1:26700");
    }

    @Test
    void attack6_changesOfExactlyAThirdAreAcceptedAndOneUnitMoreIsRejected() {
        // 42 in force after the first block: exactly 14 may move.
        chain.commitNext(List.of(byAuthority(new Operation.SetPower("bank0", 12))));
        assertEquals(42, GenesisState.validators(ledger.members()).totalPower());

        Transaction oneOver = byAuthority(addBank4(4), new Operation.SetPower("bank1", 11), new Operation.RemoveMember("bank2"));
        BlockBuilder.Built refused = chain.build(List.of(oneOver));
        assertTrue(refused.block().transactions().isEmpty());
        assertEquals(new Rejection.PowerChangeTooLarge(15, 42), refused.skipped().get(0).reason());

        Transaction exact = byAuthority(addBank4(4), new Operation.RemoveMember("bank2"));
        BlockBuilder.Built accepted = chain.commitNext(List.of(exact));
        assertEquals(List.of(exact), accepted.block().transactions());
        assertEquals(42 - 10 + 4, ledger.validatorsAt(ledger.height() + 2).totalPower());
    }

    @Test
    void attack6_transactionsThatPassAloneButExceedTogetherInOneBlockAreRefused() {
        Transaction removeBank3 = byAuthority(new Operation.RemoveMember("bank3"));
        Transaction lowerBank2 = byAuthority(new Operation.SetPower("bank2", 6));
        Transaction addBank4 = byAuthority(addBank4(3));
        for (Transaction alone : List.of(removeBank3, lowerBank2, addBank4)) {
            assertEquals(List.of(alone), chain.build(List.of(alone)).block().transactions(), "each passes alone");
        }

        BlockBuilder.Built built = chain.build(List.of(removeBank3, lowerBank2, addBank4));
        assertEquals(List.of(removeBank3, addBank4), built.block().transactions(), "10 + 3 fit, 10 + 4 do not");
        assertEquals(new Rejection.PowerChangeTooLarge(14, 40), built.skipped().get(0).reason());

        // A dishonest proposer puts all three in its block anyway; every other node refuses it.
        Block forged = withTransactions(built.block(), List.of(removeBank3, lowerBank2, addBank4));
        try (Ledger node = Ledger.inMemory(fixture.genesis())) {
            Result<ValidatedBlock> result = node.validate(forged);
            Rejection.InvalidBlock invalid = assertInstanceOf(Rejection.InvalidBlock.class, result.rejection());
            assertEquals(5, invalid.step());
            assertTrue(invalid.reason().contains(new Rejection.PowerChangeTooLarge(14, 40).message()), invalid.reason());
            assertTrue(node.validate(built.block()).isOk(), "the honest block still validates");
        }
    }

    @Test
    void attack6_raisesAndRemovalsInSeparateTransactionsCountTogether() {
        Transaction raise = byAuthority(new Operation.SetPower("bank0", 17));
        Transaction remove = byAuthority(new Operation.RemoveMember("bank3"));
        BlockBuilder.Built built = chain.build(List.of(raise, remove));
        assertEquals(List.of(raise), built.block().transactions());
        assertEquals(new Rejection.PowerChangeTooLarge(17, 40), built.skipped().get(0).reason());
    }

    @Test
    void attack6_addMemberWithPower100BesideFourValidatorsOfPower1IsRefused() {
        List<Member> weakMembers = new ArrayList<>();
        for (Member member : fixture.genesis().members()) {
            weakMembers.add(new Member(member.id(), member.validatorKey(), 1, member.p2pAddress()));
        }
        Genesis original = fixture.genesis();
        Genesis weak = new Genesis(original.chainId(), original.genesisTimeMillis(), weakMembers,
                original.authorityAccount(), original.rootCaPem(), original.assets(), original.accounts(),
                original.maxTxTtlMillis());
        try (Ledger small = Ledger.inMemory(weak)) {
            TestChain smallChain = new TestChain(fixture, small);
            Transaction takeover = smallChain.sign(List.of(addBank4(100)), authority);
            BlockBuilder.Built built = smallChain.build(List.of(takeover));
            assertTrue(built.block().transactions().isEmpty(), "one new validator would hold 100 of 104");
            assertEquals(new Rejection.PowerChangeTooLarge(100, 4), built.skipped().get(0).reason());

            Transaction oneMore = smallChain.sign(List.of(addBank4(1)), authority);
            smallChain.commitNext(List.of(oneMore));
            assertEquals(5, small.validatorsAt(small.height() + 2).totalPower(), "a bank of power 1 still joins");
            assertFalse(small.validatorsAt(small.height() + 1).contains("bank4"));
        }
    }

    private static Block withTransactions(Block block, List<Transaction> transactions) {
        List<io.khata.core.crypto.Hash> hashes = new ArrayList<>();
        for (Transaction tx : transactions) {
            hashes.add(tx.hash());
        }
        return HeaderDraft.assemble(block, draft -> draft.txRoot = MerkleTree.rootOfHashes(hashes), transactions,
                block.lastCommit());
    }
}
