package io.khata.core.validate;

import static io.khata.core.genesis.TestGenesis.PKR;
import static io.khata.core.genesis.TestGenesis.treasury;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Limits;
import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.Commit;
import io.khata.core.block.CommitSig;
import io.khata.core.block.Vote;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.Sha256;
import io.khata.core.crypto.Signature;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.HeaderDraft;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.LedgerOptions;
import io.khata.core.ledger.TestChain;
import io.khata.core.merkle.MerkleTree;
import io.khata.core.state.GenesisState;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.core.tx.TxSignature;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node refuses a forged second block at the step DESIGN.md assigns to the defect, and keeps
 * its height, head and state root: afterwards it still accepts the honest block. The proposer
 * and the node are separate ledgers, so nothing the proposer cached helps the node.
 */
class BlockValidationTest {
    private static final TestGenesis FIXTURE = TestGenesis.of(4);
    private static final String CHAIN_ID = FIXTURE.genesis().chainId();

    private Ledger proposer;
    private Ledger node;
    private TestChain chain;
    private Block first;
    private Commit firstCommit;
    private Block honest;
    private List<Transaction> honestTxs;

    @BeforeEach
    void commitTheFirstBlockOnBothLedgersAndProposeTheSecond() {
        LedgerOptions options = LedgerOptions.defaults().withVerifierThreads(1);
        proposer = Ledger.inMemory(FIXTURE.genesis(), options);
        node = Ledger.inMemory(FIXTURE.genesis(), options);
        chain = new TestChain(FIXTURE, proposer);
        first = chain.commitNext(List.of(chain.transfer(PKR, treasury(0), treasury(1), 100))).block();
        firstCommit = proposer.commit(1).orElseThrow();
        node.commit(first, firstCommit);
        honestTxs = List.of(
                chain.transfer(PKR, treasury(0), treasury(1), 1),
                chain.transfer(PKR, treasury(1), treasury(2), 2),
                chain.transfer(PKR, treasury(2), treasury(3), 3));
        honest = chain.build(honestTxs).block();
        assertEquals(honestTxs, honest.transactions());
    }

    @AfterEach
    void close() {
        proposer.close();
        node.close();
    }

    private static Block edit(Block block, Consumer<HeaderDraft> edit) {
        return HeaderDraft.edit(block, edit);
    }

    /** {@code block} with other transactions, its header unchanged. */
    private static Block withTransactions(Block block, List<Transaction> transactions) {
        return HeaderDraft.assemble(block, draft -> { }, transactions, block.lastCommit());
    }

    /**
     * The honest block carrying {@code lastCommit}, its header naming that commit's hash and the
     * time that commit's precommits fix (so only the commit itself can be wrong).
     */
    private Block withLastCommit(Commit lastCommit) {
        Result<Long> time = io.khata.core.block.BlockTime.next(first.header().timeMillis(), lastCommit, node.validatorsAt(1));
        return HeaderDraft.assemble(honest, draft -> {
            draft.lastCommitHash = lastCommit == null ? Commit.NONE_HASH : lastCommit.hash();
            draft.timeMillis = time.value();
        }, honestTxs, lastCommit);
    }

    private Rejection.InvalidBlock assertRefused(Block block, int step, String because) {
        long height = node.height();
        Hash head = node.headHash();
        Hash stateRoot = node.stateRoot();

        Result<ValidatedBlock> result = node.validate(block);

        Rejection.InvalidBlock invalid = assertInstanceOf(Rejection.InvalidBlock.class, result.rejection());
        assertEquals(step, invalid.step(), invalid.message());
        assertEquals(block.height(), invalid.height());
        assertTrue(invalid.reason().contains(because), "expected '" + because + "' in: " + invalid.reason());
        assertThrows(IllegalArgumentException.class, () -> node.commit(block, chain.commitFor(block)));
        assertEquals(height, node.height());
        assertEquals(head, node.headHash());
        assertEquals(stateRoot, node.stateRoot());
        assertTrue(node.validate(honest).isOk(), "the refusal left a trace: the honest block no longer validates");
        return invalid;
    }

    @Test
    void theHonestBlockIsAcceptedAndCommitsToTheProposersState() {
        assertTrue(node.validate(honest).isOk());
        node.commit(honest, chain.commitFor(honest));

        assertEquals(2, node.height());
        assertEquals(honest.header().stateRoot(), node.stateRoot());
    }

    // ------------------------------------------------------------------ step 1: header

    @Test
    void anotherChainIdIsStepOne() {
        assertRefused(edit(honest, draft -> draft.chainId = "khata-other"), 1, "chain_id");
    }

    @Test
    void aWrongHeightIsStepOne() {
        assertRefused(edit(honest, draft -> draft.height = 3), 1, "height is 3, expected 2");
        assertRefused(edit(honest, draft -> draft.height = 1), 1, "height is 1, expected 2");
    }

    @Test
    void aWrongPreviousHashIsStepOne() {
        assertRefused(edit(honest, draft -> draft.prevBlockHash = Hash.ZERO), 1, "prev_block_hash");
        assertRefused(edit(honest, draft -> draft.prevBlockHash = honest.hash()), 1, "prev_block_hash");
    }

    @Test
    void aProposerThatIsNotAValidatorIsStepOne() {
        assertRefused(edit(honest, draft -> draft.proposer = "bank9"), 1, "is not a validator");
        assertRefused(edit(honest, draft -> draft.proposer = ""), 1, "is not a validator");
    }

    @Test
    void aWrongValidatorsHashIsStepOne() {
        Hash fiveBanks = GenesisState.validators(TestGenesis.of(5).genesis()).hash();

        assertRefused(edit(honest, draft -> draft.validatorsHash = fiveBanks), 1, "validators_hash");
    }

    @Test
    void anEvidenceHashWithoutTheEvidenceIsStepOne() {
        assertRefused(edit(honest, draft -> draft.evidenceHash = Hash.ZERO), 1, "evidence_hash");
    }

    // ------------------------------------------------------------------ step 2: last commit

    @Test
    void aMissingLastCommitIsStepTwo() {
        assertRefused(withLastCommit(null), 2, "no commit for the previous block 1");
    }

    @Test
    void aLastCommitOtherThanTheHeaderNamesIsStepTwo() {
        Commit threeOfFour = Forgery.commitBy(FIXTURE, 1, first.hash(), "bank0", "bank1", "bank2");

        assertRefused(HeaderDraft.assemble(honest, draft -> { }, honestTxs, threeOfFour), 2,
                "last_commit_hash does not match");
    }

    @Test
    void aLastCommitOfTwoOfFourValidatorsIsStepTwo() {
        Commit twoOfFour = Forgery.commitBy(FIXTURE, 1, first.hash(), "bank0", "bank3");

        assertRefused(withLastCommit(twoOfFour), 2, "needs more than 2/3 of total power 40");
    }

    @Test
    void aLastCommitOfThreeOfFourValidatorsIsEnough() {
        Commit threeOfFour = Forgery.commitBy(FIXTURE, 1, first.hash(), "bank1", "bank2", "bank3");

        assertTrue(node.validate(withLastCommit(threeOfFour)).isOk());
    }

    @Test
    void aLastCommitForAnotherBlockIsStepTwo() {
        Hash elsewhere = Sha256.hash(new byte[] {1});

        assertRefused(withLastCommit(Forgery.commitBy(FIXTURE, 1, elsewhere, "bank0", "bank1", "bank2", "bank3")),
                2, "commit.block_hash");
        assertRefused(withLastCommit(Forgery.commitBy(FIXTURE, 1, honest.hash(), "bank0", "bank1", "bank2", "bank3")),
                2, "commit.block_hash");
    }

    // ------------------------------------------------------------------ step 2: BFT time

    /**
     * Attack 1 of issue 13, at validation: a proposer stamps its block {@code Long.MAX_VALUE}.
     * Before BFT time any time after the previous block's passed, the block was committed, and
     * {@code prev + 1} overflowed for every later block. Now the time must be the one the last
     * commit fixes; the block is refused and the chain goes on.
     */
    @Test
    void attack1ABlockStampedLongMaxValueIsRefusedAndTheChainGoesOn() {
        long expected = honest.header().timeMillis();
        assertEquals(first.header().timeMillis() + TestChain.BLOCK_INTERVAL_MILLIS, expected,
                "the median of four precommits stamped one interval after block 1");

        assertRefused(edit(honest, draft -> draft.timeMillis = Long.MAX_VALUE), 2,
                "time is " + Long.MAX_VALUE + ", the last commit gives " + expected);

        node.commit(honest, chain.commitFor(honest));
        proposer.commit(honest, node.commit(2).orElseThrow());
        Block third = chain.build(List.of(chain.transfer(PKR, treasury(0), treasury(1), 5))).block();
        assertTrue(node.validate(third).isOk());
        assertEquals(expected + TestChain.BLOCK_INTERVAL_MILLIS, third.header().timeMillis());
    }

    @Test
    void anyTimeOtherThanTheOneTheLastCommitFixesIsStepTwo() {
        long previous = first.header().timeMillis();
        long expected = honest.header().timeMillis();
        for (long time : new long[] {expected - 1, expected + 1, previous, previous + 1, previous - 1, 0, -1,
            Long.MIN_VALUE, Long.MAX_VALUE - 1}) {
            assertRefused(edit(honest, draft -> draft.timeMillis = time), 2, "the last commit gives " + expected);
        }
    }

    /** A Byzantine validator's precommit stamped {@code Long.MAX_VALUE} moves the next block's time only between honest clocks. */
    @Test
    void aPrecommitStampedLongMaxValueDoesNotReachTheNextBlocksTime() {
        long base = first.header().timeMillis();
        List<Vote> precommits = new ArrayList<>();
        long[] times = {base + 10, base + 20, base + 30, Long.MAX_VALUE};
        for (int i = 0; i < 4; i++) {
            precommits.add(Vote.sign(io.khata.core.block.VoteType.PRECOMMIT, CHAIN_ID, 1, 0, first.hash(), times[i],
                    TestGenesis.bank(i), FIXTURE.validatorKey(TestGenesis.bank(i))));
        }
        Commit hostile = Commit.of(1, 0, first.hash(), precommits);

        Block built = proposer.build(TestGenesis.bank(1), honestTxs, hostile, List.of()).block();

        assertEquals(base + 30, built.header().timeMillis(), "the weighted median of 4 equal powers: the third time");
        assertTrue(node.validate(built).isOk());
    }

    @Test
    void aTimeAfterLongMaxValueMinusOneIsLongMaxValueAndAfterItThereIsNoneAsAValue() {
        ChainTip tip = node.tip();
        BlockValidator validator = new BlockValidator(
                new io.khata.core.state.Transition(GenesisState.rules(FIXTURE.genesis(), Limits.DEFAULT)),
                node.verifier(), node.signatureCache());
        // Without transactions: at that time every transaction of the test chain has long expired.
        Block atMax = edit(chain.build(List.of()).block(), draft -> draft.timeMillis = Long.MAX_VALUE);

        assertTrue(validator.validate(atMax, tipAtTime(tip, Long.MAX_VALUE - 1)).isOk(), "prev + 1 = Long.MAX_VALUE");
        Rejection.InvalidBlock expired = assertInstanceOf(Rejection.InvalidBlock.class, validator.validate(
                edit(honest, draft -> draft.timeMillis = Long.MAX_VALUE), tipAtTime(tip, Long.MAX_VALUE - 1)).rejection());
        assertEquals(5, expired.step(), expired.reason());
        assertTrue(expired.reason().contains("the block time is " + Long.MAX_VALUE), expired.reason());
        Result<ValidatedBlock> afterMax = validator.validate(atMax, tipAtTime(tip, Long.MAX_VALUE));
        Rejection.InvalidBlock invalid = assertInstanceOf(Rejection.InvalidBlock.class, afterMax.rejection());
        assertEquals(2, invalid.step());
        assertTrue(invalid.reason().contains("no later block time exists"), invalid.reason());
        assertInstanceOf(Rejection.InvalidBlock.class,
                validator.validate(honest, tipAtTime(tip, Long.MAX_VALUE)).rejection());
    }

    @Test
    void noBlockIsBuiltAfterABlockAtLongMaxValueAndTheBuilderSaysWhichHeight() {
        BlockBuilder builder = new BlockBuilder(
                new io.khata.core.state.Transition(GenesisState.rules(FIXTURE.genesis(), Limits.DEFAULT)),
                node.verifier(), node.signatureCache(), Limits.DEFAULT);
        ChainTip atMax = tipAtTime(node.tip(), Long.MAX_VALUE);

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> builder.build(atMax, TestGenesis.bank(0), List.of(), firstCommit, List.of()));
        assertTrue(refused.getMessage().startsWith("cannot build block 2: "), refused.getMessage());
    }

    private static ChainTip tipAtTime(ChainTip tip, long headTimeMillis) {
        return new ChainTip(tip.chainId(), tip.height(), tip.headHash(), headTimeMillis, tip.stateRoot(), tip.state(),
                tip.validators(), tip.previousValidators(), tip.history());
    }

    @Test
    void aLastCommitForAnotherHeightIsStepTwo() {
        assertRefused(withLastCommit(Forgery.commitBy(FIXTURE, 2, first.hash(), "bank0", "bank1", "bank2")),
                2, "commit.height");
    }

    @Test
    void aLastCommitSignatureByANonValidatorIsStepTwo() {
        Commit threeOfFour = Forgery.commitBy(FIXTURE, 1, first.hash(), "bank0", "bank1", "bank2");
        List<CommitSig> signatures = new ArrayList<>(threeOfFour.signatures());
        Vote outsider = Forgery.impersonate(CHAIN_ID, first, "bank9", TestGenesis.keyPair("validator/bank9"));
        signatures.add(new CommitSig("bank9", outsider.timeMillis(), outsider.signature()));

        assertRefused(withLastCommit(new Commit(1, 0, first.hash(), signatures)), 2, "not a validator at height 1");
    }

    @Test
    void aLastCommitSignatureUnderAValidatorsNameButAnotherKeyIsStepTwo() {
        Commit threeOfFour = Forgery.commitBy(FIXTURE, 1, first.hash(), "bank0", "bank1", "bank2");
        List<CommitSig> signatures = new ArrayList<>(threeOfFour.signatures());
        Vote forged = Forgery.impersonate(CHAIN_ID, first, "bank3", TestGenesis.keyPair("mallory"));
        signatures.add(new CommitSig("bank3", forged.timeMillis(), forged.signature()));

        assertRefused(withLastCommit(new Commit(1, 0, first.hash(), signatures)), 2,
                "signature by " + FIXTURE.validatorKey("bank3").publicKey() + " does not verify");
    }

    @Test
    void aLastCommitSignedUnderAnotherChainIdIsStepTwo() {
        List<CommitSig> signatures = new ArrayList<>();
        for (String validator : List.of("bank0", "bank1", "bank2", "bank3")) {
            Vote vote = Forgery.impersonate("khata-other", first, validator, FIXTURE.validatorKey(validator));
            signatures.add(new CommitSig(validator, vote.timeMillis(), vote.signature()));
        }

        assertRefused(withLastCommit(new Commit(1, 0, first.hash(), signatures)), 2, "does not verify");
    }

    @Test
    void aValidatorCountedTwiceInTheLastCommitIsStepTwo() {
        Commit twoOfFour = Forgery.commitBy(FIXTURE, 1, first.hash(), "bank0", "bank1");
        List<CommitSig> signatures = new ArrayList<>(twoOfFour.signatures());
        signatures.add(twoOfFour.signatures().get(0));

        assertRefused(withLastCommit(new Commit(1, 0, first.hash(), signatures)), 2, "signed twice");
    }

    @Test
    void theFirstBlockCarriesNoLastCommit() {
        try (Ledger fresh = Ledger.inMemory(FIXTURE.genesis(), LedgerOptions.defaults().withVerifierThreads(1))) {
            Block withCommit = HeaderDraft.assemble(first, draft -> draft.lastCommitHash = firstCommit.hash(),
                    first.transactions(), firstCommit);

            Rejection.InvalidBlock invalid = assertInstanceOf(Rejection.InvalidBlock.class,
                    fresh.validate(withCommit).rejection());
            assertEquals(2, invalid.step());
            assertTrue(invalid.reason().contains("the first block carries no last commit"), invalid.reason());
            assertTrue(fresh.validate(first).isOk());
        }
    }

    // ------------------------------------------------------------------ step 3: tx_root

    @Test
    void transactionsReorderedUnderTheHeaderAreStepThree() {
        List<Transaction> swapped = List.of(honestTxs.get(1), honestTxs.get(0), honestTxs.get(2));

        assertRefused(withTransactions(honest, swapped), 3, "tx_root");
    }

    @Test
    void aTransactionDroppedOrAddedUnderTheHeaderIsStepThree() {
        List<Transaction> added = new ArrayList<>(honestTxs);
        added.add(chain.transfer(PKR, treasury(3), treasury(0), 4));

        assertRefused(withTransactions(honest, honestTxs.subList(0, 2)), 3, "tx_root");
        assertRefused(withTransactions(honest, added), 3, "tx_root");
        assertRefused(withTransactions(honest, List.of()), 3, "tx_root");
    }

    @Test
    void aTxRootThatIsNotTheTransactionsIsStepThree() {
        assertRefused(edit(honest, draft -> draft.txRoot = MerkleTree.EMPTY_ROOT), 3, "tx_root");
    }

    // ------------------------------------------------------------------ step 4: signatures

    @Test
    void aSignatureByTheRightKeyOverAnotherTransactionIsStepFour() {
        Transaction other = chain.transfer(PKR, treasury(0), treasury(3), 999);
        Transaction borrowed = Forgery.withSignatures(honestTxs.get(0), other.signatures());
        List<Transaction> txs = List.of(borrowed, honestTxs.get(1), honestTxs.get(2));
        Block forged = withTransactions(honest, txs);

        // The body is unchanged, so is the tx hash, the tx_root and the block hash: only step 4 can tell,
        // even after the node validated (and cached) the honest block with that very hash.
        assertEquals(honest.hash(), forged.hash());
        assertTrue(node.validate(honest).isOk());
        assertRefused(forged, 4, "tx 0 (" + borrowed.hash() + ") has a signature that does not verify");
    }

    @Test
    void aSignatureWithOneBitFlippedIsStepFour() {
        Transaction tx = honestTxs.get(2);
        byte[] signature = tx.signatures().get(0).signature().toByteArray();
        signature[5] ^= 1;
        Transaction flipped = Forgery.withSignatures(tx,
                List.of(new TxSignature(tx.signatures().get(0).publicKey(), Signature.of(signature))));

        assertRefused(withTransactions(honest, List.of(honestTxs.get(0), honestTxs.get(1), flipped)), 4, "tx 2");
    }

    @Test
    void theBuilderLeavesOutATransactionWithABorrowedSignatureAndNamesTheKey() {
        Transaction other = chain.sign(List.of(new Operation.Transfer(PKR, treasury(1), treasury(3), 5)),
                FIXTURE.accountKey(treasury(1)));
        Transaction dvp = chain.sign(List.of(
                        new Operation.Transfer(PKR, treasury(0), treasury(1), 10),
                        new Operation.Transfer(PKR, treasury(1), treasury(0), 20)),
                FIXTURE.accountKey(treasury(0)), FIXTURE.accountKey(treasury(1)));
        Transaction borrowed = Forgery.withSignatures(dvp,
                List.of(dvp.signatures().get(0), other.signatures().get(0)));

        BlockBuilder.Built built = chain.build(List.of(borrowed, honestTxs.get(0)));

        assertEquals(List.of(honestTxs.get(0)), built.block().transactions());
        assertEquals(List.of(new BlockBuilder.Skipped(borrowed,
                new Rejection.BadSignature(FIXTURE.accountKey(treasury(1)).publicKey()))), built.skipped());
        assertRefused(withTransactions(
                HeaderDraft.edit(honest, draft -> draft.txRoot = MerkleTree.rootOfHashes(List.of(borrowed.hash()))),
                List.of(borrowed)), 4, "does not verify");
    }

    @Test
    void aTransactionForAnotherChainIsStepFour() {
        Transaction foreign = TxCodec.sign(new TxBody("khata-other",
                        List.of(new Operation.Transfer(PKR, treasury(0), treasury(1), 1)), 10, 1, ""),
                List.of(FIXTURE.accountKey(treasury(0))));
        Block forged = HeaderDraft.assemble(honest,
                draft -> draft.txRoot = MerkleTree.rootOfHashes(List.of(foreign.hash())), List.of(foreign),
                honest.lastCommit());

        assertRefused(forged, 4, "chain_id is 'khata-other'");
    }

    // ------------------------------------------------------------------ step 5: state

    @Test
    void aWrongStateRootIsStepFive() {
        assertRefused(edit(honest, draft -> draft.stateRoot = first.header().stateRoot()), 5, "state_root");
        assertRefused(edit(honest, draft -> draft.stateRoot = Hash.ZERO), 5, "state_root");
    }

    @Test
    void aNextValidatorsHashOtherThanExecutionGivesIsStepFive() {
        assertRefused(edit(honest, draft -> draft.nextValidatorsHash = Hash.ZERO), 5,
                "next_validators_hash");
    }

    @Test
    void theSameTransactionTwiceInOneBlockIsStepFive() {
        Transaction twice = honestTxs.get(0);
        Block forged = HeaderDraft.assemble(honest,
                draft -> draft.txRoot = MerkleTree.rootOfHashes(List.of(twice.hash(), twice.hash())),
                List.of(twice, twice), honest.lastCommit());

        assertRefused(forged, 5, "tx 1 (" + twice.hash() + "): transaction " + twice.hash() + " is already committed");
    }

    @Test
    void aTransactionTheStateRefusesIsStepFive() {
        Transaction overdraft = chain.transfer(PKR, treasury(3), treasury(0), TestGenesis.TREASURY_PKR + 1);
        List<Transaction> txs = List.of(honestTxs.get(0), overdraft);
        Block forged = HeaderDraft.assemble(honest,
                draft -> draft.txRoot = MerkleTree.rootOfHashes(List.of(txs.get(0).hash(), overdraft.hash())),
                txs, honest.lastCommit());

        assertRefused(forged, 5, "tx 1 (" + overdraft.hash() + "): " + treasury(3) + " holds");
    }

    @Test
    void aTransactionAlreadyCommittedIsStepFive() {
        Transaction replayed = first.transactions().get(0);
        Block forged = HeaderDraft.assemble(honest,
                draft -> draft.txRoot = MerkleTree.rootOfHashes(List.of(replayed.hash())), List.of(replayed),
                honest.lastCommit());

        assertRefused(forged, 5,
                "tx 0 (" + replayed.hash() + "): transaction " + replayed.hash() + " is already committed");
    }

    @Test
    void aBlockThatDecodesAfterTheWireIsTheSameBlock() {
        Block decoded = BlockCodec.decode(BlockCodec.encode(honest), Limits.DEFAULT).value();

        assertEquals(honest, decoded);
        assertTrue(node.validate(decoded).isOk());
    }
}
