package io.khata.core.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Rejection;
import io.khata.core.block.Block;
import io.khata.core.block.Commit;
import io.khata.core.block.CommitSig;
import io.khata.core.block.Validator;
import io.khata.core.block.ValidatorSet;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteType;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.Signature;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.TestChain;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A proof that crosses validator set changes is only as good as every link: each change's
 * header, commit and new set, their order, and after them the proven transaction, header, path
 * and commit, checked against the set in force at the proven height. Tampering with any one
 * part of a proof that otherwise verifies must fail it.
 *
 * <p>The chain: four banks; block 1 adds bank4 (in force from 3), block 3 removes bank0 (in
 * force from 5), block 6 holds the proven transfer, so its proof carries two changes.
 */
class ProofAcrossValidatorChangesTest {
    private static final int[] FLIPS = {0x01, 0x80};

    private final TestGenesis fixture = TestGenesis.of(4);
    private final KeyPair authority = fixture.accountKey(TestGenesis.AUTHORITY);
    private final KeyPair bank4 = TestGenesis.keyPair("bank4 validator");
    private Ledger ledger;
    private TestChain chain;
    private TxProof proof;

    @BeforeEach
    void commitTwoChangesThenATransfer() {
        ledger = Ledger.inMemory(fixture.genesis());
        chain = new TestChain(fixture, ledger);
        chain.commitNext(List.of(chain.sign(List.of(new Operation.AddMember("bank4", bank4.publicKey(),
                TestGenesis.MEMBER_POWER, "127.0.0.1:26700")), authority)));
        chain.addValidatorKey("bank4", bank4);
        chain.commitNext(List.of());
        chain.commitNext(List.of(chain.sign(List.of(new Operation.RemoveMember("bank0")), authority)));
        chain.commitNext(List.of());
        chain.commitNext(List.of());
        Transaction transfer = chain.transfer(TestGenesis.PKR, TestGenesis.treasury(1), TestGenesis.treasury(2), 42);
        chain.commitNext(List.of(transfer));
        proof = ledger.proof(transfer.hash()).orElseThrow();
        assertEquals(2, proof.validatorChanges().size());
        assertEquals(Optional.empty(), verify(proof));
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private Optional<Rejection> verify(TxProof candidate) {
        return ProofVerifier.verify(candidate, fixture.genesis());
    }

    private static String fieldOf(Optional<Rejection> rejection) {
        return assertInstanceOf(Rejection.InvalidField.class, rejection.orElseThrow()).field();
    }

    private TxProof withChanges(List<ValidatorChange> changes) {
        return new TxProof(proof.tx(), proof.header(), proof.index(), proof.treeSize(), proof.path(), proof.commit(),
                changes);
    }

    private TxProof withChange(int which, UnaryOperator<ValidatorChange> tamper) {
        List<ValidatorChange> changes = new ArrayList<>(proof.validatorChanges());
        changes.set(which, tamper.apply(changes.get(which)));
        return withChanges(changes);
    }

    private static ValidatorChange withValidators(ValidatorChange change, List<Validator> validators) {
        return new ValidatorChange(change.header(), change.commit(), new ValidatorSet(validators));
    }

    private static ValidatorChange withSignatures(ValidatorChange change, List<CommitSig> signatures) {
        Commit commit = change.commit();
        return new ValidatorChange(change.header(),
                new Commit(commit.height(), commit.round(), commit.blockHash(), signatures), change.validators());
    }

    private static Signature flipped(Signature signature, int position, int flip) {
        byte[] bytes = signature.toByteArray();
        bytes[position] ^= (byte) flip;
        return Signature.of(bytes);
    }

    @Test
    void checkedUnderAnotherChainIdTheFirstChangeIsFromTheWrongChain() {
        ValidatorSet genesisSet = io.khata.core.state.GenesisState.validators(fixture.genesis());

        assertEquals(Optional.of(new Rejection.WrongChain("khata-other", fixture.genesis().chainId())),
                ProofVerifier.verify(proof, "khata-other", genesisSet));
    }

    @Test
    void twoChangesAreEqualOnlyWhenHeaderCommitAndSetAre() {
        ValidatorChange change = proof.validatorChanges().get(0);
        ValidatorChange later = proof.validatorChanges().get(1);
        ValidatorChange copy = new ValidatorChange(change.header(), change.commit(), change.validators());
        assertEquals(change, copy);
        assertEquals(change.hashCode(), copy.hashCode());

        assertTrue(!change.equals(new ValidatorChange(later.header(), change.commit(), change.validators())));
        assertTrue(!change.equals(new ValidatorChange(change.header(), later.commit(), change.validators())));
        assertTrue(!change.equals(new ValidatorChange(change.header(), change.commit(), later.validators())));
        assertTrue(!change.equals(change.header()));
    }

    @Test
    void changingAnyByteOfAnyChangesHeaderFails() {
        for (int which = 0; which < 2; which++) {
            byte[] header = proof.validatorChanges().get(which).header();
            for (int position = 0; position < header.length; position++) {
                for (int flip : FLIPS) {
                    byte[] changed = header.clone();
                    changed[position] ^= (byte) flip;
                    TxProof tampered = withChange(which, change -> new ValidatorChange(changed, change.commit(),
                            change.validators()));
                    assertTrue(verify(tampered).isPresent(),
                            "change " + which + " header byte " + position + " xor " + flip + " still verifies");
                }
            }
        }
    }

    @Test
    void everySignatureOfEveryChangesCommitIsChecked() {
        for (int which = 0; which < 2; which++) {
            List<CommitSig> signatures = proof.validatorChanges().get(which).commit().signatures();
            for (int signer = 0; signer < signatures.size(); signer++) {
                for (int position : new int[] {0, Signature.BYTES - 1}) {
                    List<CommitSig> changed = new ArrayList<>(signatures);
                    CommitSig sig = signatures.get(signer);
                    changed.set(signer, new CommitSig(sig.validator(), sig.timeMillis(), flipped(sig.signature(), position, 1)));
                    int at = which;
                    assertInstanceOf(Rejection.BadSignature.class,
                            verify(withChange(at, change -> withSignatures(change, changed))).orElseThrow(),
                            "change " + which + " signer " + signer + " byte " + position);
                }
            }
        }
    }

    @Test
    void aChangesCommitNeedsMoreThanTwoThirdsOfTheSetInForceAtItsHeight() {
        // Block 1 is committed by the four genesis banks: three of them are enough, two are not.
        List<CommitSig> first = proof.validatorChanges().get(0).commit().signatures();
        assertEquals(4, first.size());
        assertEquals(Optional.empty(), verify(withChange(0, change -> withSignatures(change, first.subList(0, 3)))));
        assertEquals("commit.signatures", fieldOf(verify(withChange(0, change -> withSignatures(change,
                first.subList(0, 2))))));
        // Block 3 is committed by five (bank4 included, bank0 not yet removed): four are needed.
        List<CommitSig> second = proof.validatorChanges().get(1).commit().signatures();
        assertEquals(5, second.size());
        assertEquals(Optional.empty(), verify(withChange(1, change -> withSignatures(change, second.subList(0, 4)))));
        assertEquals("commit.signatures", fieldOf(verify(withChange(1, change -> withSignatures(change,
                second.subList(0, 3))))));
    }

    @Test
    void aChangeCarryingTheCommitOfAnotherBlockFails() {
        Commit other = ledger.commit(2).orElseThrow();

        assertEquals("commit.height", fieldOf(verify(withChange(0, change ->
                new ValidatorChange(change.header(), other, change.validators())))));
        Commit sameHeightOtherHash = new Commit(1, 0, other.blockHash(), proof.validatorChanges().get(0).commit().signatures());
        assertEquals("commit.block_hash", fieldOf(verify(withChange(0, change ->
                new ValidatorChange(change.header(), sameHeightOtherHash, change.validators())))));
    }

    @Test
    void aChangesNewSetMustBeTheOneItsHeaderCommitsTo() {
        for (int which = 0; which < 2; which++) {
            List<Validator> validators = proof.validatorChanges().get(which).validators().validators();
            List<List<Validator>> tampered = new ArrayList<>();
            List<Validator> repowered = new ArrayList<>(validators);
            Validator firstValidator = validators.get(0);
            repowered.set(0, new Validator(firstValidator.id(), firstValidator.key(), firstValidator.power() + 1));
            tampered.add(repowered);
            tampered.add(validators.subList(1, validators.size()));
            List<Validator> rekeyed = new ArrayList<>(validators);
            rekeyed.set(0, new Validator(firstValidator.id(), TestGenesis.keyPair("another key").publicKey(),
                    firstValidator.power()));
            tampered.add(rekeyed);
            List<Validator> extended = new ArrayList<>(validators);
            extended.add(new Validator("bank9", TestGenesis.keyPair("bank9").publicKey(), 1));
            tampered.add(extended);
            for (List<Validator> set : tampered) {
                int at = which;
                assertEquals("validator_changes.validators",
                        fieldOf(verify(withChange(at, change -> withValidators(change, set)))),
                        "change " + which + " with set " + set);
            }
        }
    }

    @Test
    void changesMustComeOnceEachInHeightOrderWithNoneLeftOut() {
        List<ValidatorChange> changes = proof.validatorChanges();

        assertTrue(verify(withChanges(List.of(changes.get(1), changes.get(0)))).isPresent());
        assertEquals("validator_changes", fieldOf(verify(withChanges(List.of(changes.get(0), changes.get(1), changes.get(0))))));
        assertEquals("validator_changes", fieldOf(verify(withChanges(List.of(changes.get(0), changes.get(0), changes.get(1))))));
        assertEquals("validator_changes.header.validators_hash", fieldOf(verify(withChanges(List.of(changes.get(1))))));
        assertEquals("header.validators_hash", fieldOf(verify(withChanges(List.of(changes.get(0))))));
        assertEquals("header.validators_hash", fieldOf(verify(withChanges(List.of()))));
    }

    /** With every change intact, each later part of the proof is still checked. */
    @Test
    void afterValidChangesEachLaterPartIsStillChecked() {
        byte[] tx = proof.tx();
        tx[tx.length - 1] ^= 1;
        assertTrue(verify(new TxProof(tx, proof.header(), proof.index(), proof.treeSize(), proof.path(), proof.commit(),
                proof.validatorChanges())).isPresent(), "transaction");

        byte[] header = proof.header();
        header[header.length - 1] ^= 1;
        assertTrue(verify(new TxProof(proof.tx(), header, proof.index(), proof.treeSize(), proof.path(), proof.commit(),
                proof.validatorChanges())).isPresent(), "header");

        List<Hash> path = new ArrayList<>(proof.path());
        path.add(Hash.ZERO);
        assertEquals("path", fieldOf(verify(new TxProof(proof.tx(), proof.header(), proof.index(), proof.treeSize(), path,
                proof.commit(), proof.validatorChanges()))));
        assertEquals("path", fieldOf(verify(new TxProof(proof.tx(), proof.header(), proof.index() + 1, proof.treeSize(),
                proof.path(), proof.commit(), proof.validatorChanges()))));

        Commit commit = proof.commit();
        List<CommitSig> signatures = new ArrayList<>(commit.signatures());
        CommitSig sig = signatures.get(0);
        signatures.set(0, new CommitSig(sig.validator(), sig.timeMillis(), flipped(sig.signature(), 5, 0x80)));
        assertInstanceOf(Rejection.BadSignature.class, verify(new TxProof(proof.tx(), proof.header(), proof.index(),
                proof.treeSize(), proof.path(), new Commit(commit.height(), commit.round(), commit.blockHash(), signatures),
                proof.validatorChanges())).orElseThrow(), "commit");
        assertEquals("commit.signatures", fieldOf(verify(new TxProof(proof.tx(), proof.header(), proof.index(),
                proof.treeSize(), proof.path(), new Commit(commit.height(), commit.round(), commit.blockHash(),
                        commit.signatures().subList(0, 2)), proof.validatorChanges()))), "commit below 2/3");
    }

    /**
     * The proven block's commit is checked with the set in force at its height: bank0, removed
     * before it, no longer counts, even beside two current validators whose power would have been
     * a quorum of the genesis set.
     */
    @Test
    void theProvenCommitIsCheckedAgainstTheSetInForceAtItsHeight() {
        Block block = ledger.block(proof.commit().height()).orElseThrow();
        List<Vote> precommits = new ArrayList<>();
        for (String signer : List.of("bank0", "bank1", "bank2")) {
            precommits.add(Vote.sign(VoteType.PRECOMMIT, ledger.chainId(), block.height(), 0, block.hash(),
                    block.header().timeMillis() + 1, signer, fixture.validatorKey(signer)));
        }
        TxProof signedByTheOldSet = new TxProof(proof.tx(), proof.header(), proof.index(), proof.treeSize(), proof.path(),
                Commit.of(block.height(), 0, block.hash(), precommits), proof.validatorChanges());

        assertEquals("commit.signatures.validator", fieldOf(verify(signedByTheOldSet)));
    }

    /**
     * A change's new set is in force from its height + 2, not before: a proof of block 2 may carry
     * the change of block 1, and block 2 is still checked with the genesis set.
     */
    @Test
    void aChangeTakesEffectTwoHeightsAfterItsBlock() {
        Transaction early;
        try (Ledger other = Ledger.inMemory(fixture.genesis())) {
            TestChain otherChain = new TestChain(fixture, other);
            otherChain.commitNext(List.of(otherChain.sign(List.of(new Operation.AddMember("bank4", bank4.publicKey(),
                    TestGenesis.MEMBER_POWER, "127.0.0.1:26700")), authority)));
            early = otherChain.transfer(TestGenesis.PKR, TestGenesis.treasury(1), TestGenesis.treasury(2), 5);
            otherChain.commitNext(List.of(early));
            TxProof atTwo = other.proof(early.hash()).orElseThrow();
            assertEquals(List.of(), atTwo.validatorChanges(), "block 2 is still under the genesis set");
            TxProof carryingTheChange = new TxProof(atTwo.tx(), atTwo.header(), atTwo.index(), atTwo.treeSize(),
                    atTwo.path(), atTwo.commit(), List.of(proof.validatorChanges().get(0)));

            assertEquals(Optional.empty(), verify(carryingTheChange));
        }
    }
}
