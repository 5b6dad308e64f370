package io.khata.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Rejection;
import io.khata.core.block.Block;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.Evidence;
import io.khata.core.block.ValidatorSet;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteType;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.Sha256;
import io.khata.core.genesis.GenesisLoader;
import io.khata.core.genesis.GenesisWriter;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.HeaderDraft;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.TestChain;
import io.khata.core.proof.ProofVerifier;
import io.khata.core.proof.TxProof;
import io.khata.core.proof.TxProofCodec;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.validate.BlockBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Membership changes: who may make them, the safety rules, activation at h + 2, and proofs across changes. */
class MembershipTest {
    private final TestGenesis fixture = TestGenesis.of(4);
    private final Ledger ledger = Ledger.inMemory(fixture.genesis());
    private final TestChain chain = new TestChain(fixture, ledger);
    private final KeyPair authority = fixture.accountKey(TestGenesis.AUTHORITY);
    private final KeyPair bank4 = TestGenesis.keyPair("bank4 validator");

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        ledger.close();
    }

    private Rejection rejectionOf(Transaction tx) {
        BlockBuilder.Built built = chain.build(List.of(tx));
        assertTrue(built.block().transactions().isEmpty(), "expected a rejection");
        return built.skipped().get(0).reason();
    }

    private Transaction addBank4(KeyPair... signers) {
        return chain.sign(List.of(new Operation.AddMember("bank4", bank4.publicKey(), TestGenesis.MEMBER_POWER,
                "127.0.0.1:26700")), signers);
    }

    @Test
    void anAddedMemberVotesFromTwoHeightsAfterItsBlockAndOwnsItsDomain() {
        chain.commitNext(List.of(addBank4(authority)));
        long h = ledger.height();
        assertFalse(ledger.validatorsAt(h + 1).contains("bank4"), "not yet at h + 1");
        ValidatorSet next = ledger.validatorsAt(h + 2);
        assertTrue(next.contains("bank4"));
        assertEquals(5 * TestGenesis.MEMBER_POWER, next.totalPower());
        assertEquals(next.hash(), ledger.block(h).orElseThrow().header().nextValidatorsHash());

        chain.addValidatorKey("bank4", bank4);
        chain.commitNext(List.of());
        BlockBuilder.Built third = chain.commitNext(List.of(chain.sign(List.of(new Operation.CreateAccount("alice@bank4",
                List.of(TestGenesis.keyPair("alice").publicKey()), 1)), bank4)));
        assertEquals(next.hash(), third.block().header().validatorsHash());
        assertTrue(ledger.commit(third.block().height()).orElseThrow().signatures().stream()
                .anyMatch(sig -> sig.validator().equals("bank4")), "the new member signs commits");
        assertTrue(ledger.account("alice@bank4") != null);
    }

    @Test
    void evidenceAgainstAValidatorRemovedSinceStillChecks() {
        KeyPair bank3 = fixture.validatorKey("bank3");
        Vote first = Vote.sign(VoteType.PRECOMMIT, ledger.chainId(), 1, 0, Sha256.hash(new byte[] {1}),
                ledger.headTimeMillis(), "bank3", bank3);
        Vote second = Vote.sign(VoteType.PRECOMMIT, ledger.chainId(), 1, 0, Sha256.hash(new byte[] {2}),
                ledger.headTimeMillis(), "bank3", bank3);
        try (Ledger other = Ledger.inMemory(fixture.genesis())) {
            for (Transaction tx : List.of(chain.sign(List.of(new Operation.RemoveMember("bank3")), authority))) {
                BlockBuilder.Built built = chain.commitNext(List.of(tx));
                other.commit(built.block(), ledger.commit(built.block().height()).orElseThrow());
            }
            BlockBuilder.Built empty = chain.commitNext(List.of());
            other.commit(empty.block(), ledger.commit(empty.block().height()).orElseThrow());
            assertFalse(ledger.validatorsAt(3).contains("bank3"));

            Block withEvidence = ledger.build(TestGenesis.bank(0), List.of(),
                    ledger.commit(2).orElseThrow(), List.of(new Evidence(first, second).normalized())).block();
            assertTrue(other.validate(withEvidence).isOk(), "evidence from before bank3's removal is still evidence");

            assertEquals(1, withEvidence.evidence().size());

            Vote forged = Vote.sign(VoteType.PRECOMMIT, ledger.chainId(), 1, 0, Sha256.hash(new byte[] {2}),
                    ledger.headTimeMillis(), "bank3", fixture.validatorKey("bank2"));
            List<Evidence> forgedEvidence = List.of(new Evidence(first, forged).normalized());
            Block built = ledger.build(TestGenesis.bank(0), List.of(),
                    ledger.commit(2).orElseThrow(), forgedEvidence).block();
            assertTrue(built.evidence().isEmpty(), "an honest builder leaves forged evidence out");
            HeaderDraft draft = new HeaderDraft(built.header());
            draft.evidenceHash = Evidence.hashOf(forgedEvidence);
            Block withForged = BlockCodec.assemble(draft.toHeader(), List.of(), built.lastCommit(), forgedEvidence);
            assertFalse(other.validate(withForged).isOk(), "a vote not signed with bank3's key is no evidence against it");
        }
    }

    @Test
    void onlyTheAuthorityChangesMembership() {
        assertInstanceOf(Rejection.NotAuthorized.class, rejectionOf(addBank4(fixture.validatorKey("bank0"))));
        assertInstanceOf(Rejection.NotAuthorized.class, rejectionOf(chain.sign(List.of(
                new Operation.RemoveMember("bank3")), fixture.validatorKey("bank3"))));
        assertInstanceOf(Rejection.NotAuthorized.class, rejectionOf(chain.sign(List.of(
                new Operation.SetPower("bank1", 100)), fixture.accountKey(TestGenesis.treasury(1)))));
    }

    @Test
    void duplicateIdsAndKeysAreRefused() {
        assertEquals(new Rejection.DuplicateMember("bank1"), rejectionOf(chain.sign(List.of(
                new Operation.AddMember("bank1", bank4.publicKey(), 1, "")), authority)));
        assertEquals(new Rejection.DuplicateMember("authority"), rejectionOf(chain.sign(List.of(
                new Operation.AddMember("authority", bank4.publicKey(), 1, "")), authority)));
        assertEquals(new Rejection.DuplicateValidatorKey(fixture.validatorKey("bank2").publicKey(), "bank2"),
                rejectionOf(chain.sign(List.of(new Operation.AddMember("bank9",
                        fixture.validatorKey("bank2").publicKey(), 1, "")), authority)));
        chain.commitNext(List.of(chain.sign(List.of(new Operation.RemoveMember("bank3")), authority)));
        assertEquals(new Rejection.DuplicateMember("bank3"), rejectionOf(chain.sign(List.of(
                new Operation.AddMember("bank3", bank4.publicKey(), 1, "")), authority)), "a removed id is not reused");
        assertInstanceOf(Rejection.InvalidField.class, rejectionOf(chain.sign(List.of(
                new Operation.AddMember("bank5", bank4.publicKey(), 0, "")), authority)));
    }

    @Test
    void oneTransactionMovesAtMostAThirdOfThePower() {
        assertEquals(new Rejection.PowerChangeTooLarge(20, 40), rejectionOf(chain.sign(List.of(
                new Operation.RemoveMember("bank2"), new Operation.RemoveMember("bank3")), authority)));
        assertEquals(new Rejection.PowerChangeTooLarge(16, 40), rejectionOf(chain.sign(List.of(
                new Operation.RemoveMember("bank3"), new Operation.SetPower("bank2", 4)), authority)));
        assertEquals(new Rejection.PowerChangeTooLarge(1_014, 40), rejectionOf(chain.sign(List.of(
                new Operation.AddMember("bank4", bank4.publicKey(), 1_000, ""), new Operation.RemoveMember("bank3"),
                new Operation.SetPower("bank2", 6)), authority)), "power added in the same transaction counts too");
        assertEquals(new Rejection.PowerChangeTooLarge(14, 40), rejectionOf(chain.sign(List.of(
                new Operation.SetPower("bank2", 24)), authority)), "so does a raise");
        chain.commitNext(List.of(chain.sign(List.of(new Operation.RemoveMember("bank3")), authority)));
        assertEquals(new Rejection.UnknownMember("bank3"), rejectionOf(chain.sign(List.of(
                new Operation.RemoveMember("bank3")), authority)));
        assertEquals(new Rejection.UnknownMember("bank7"), rejectionOf(chain.sign(List.of(
                new Operation.SetPower("bank7", 3)), authority)));
    }

    @Test
    void theSetNeverBecomesEmpty() {
        TestGenesis single = TestGenesis.of(1);
        try (Ledger one = Ledger.inMemory(single.genesis())) {
            TestChain small = new TestChain(single, one);
            Transaction removeLast = small.sign(List.of(new Operation.RemoveMember("bank0")),
                    single.accountKey(TestGenesis.AUTHORITY));
            BlockBuilder.Built built = small.build(List.of(removeLast));
            assertEquals(new Rejection.EmptyValidatorSet("bank0"), built.skipped().get(0).reason());
        }
    }

    @Test
    void aProofAfterAnAdditionAndARemovalVerifiesFromTheGenesisFileAlone() throws Exception {
        chain.commitNext(List.of(addBank4(authority)));
        chain.addValidatorKey("bank4", bank4);
        chain.commitNext(List.of());
        chain.commitNext(List.of(chain.sign(List.of(new Operation.RemoveMember("bank0")), authority)));
        chain.commitNext(List.of());
        chain.commitNext(List.of());
        assertFalse(ledger.validatorsAt(ledger.height() + 1).contains("bank0"));
        Transaction transfer = chain.transfer(TestGenesis.PKR, TestGenesis.treasury(1), TestGenesis.treasury(2), 42);
        chain.commitNext(List.of(transfer));
        TxProof proof = ledger.proof(transfer.hash()).orElseThrow();
        assertEquals(2, proof.validatorChanges().size());

        Path genesisFile = dir.resolve("genesis.json");
        Files.writeString(genesisFile, GenesisWriter.toJson(fixture.genesis()));
        var genesis = GenesisLoader.load(genesisFile).value();
        TxProof decoded = TxProofCodec.fromJson(TxProofCodec.toJson(proof)).value();
        assertEquals(java.util.Optional.empty(), ProofVerifier.verify(decoded, genesis));

        TxProof withoutChanges = new TxProof(proof.tx(), proof.header(), proof.index(), proof.treeSize(), proof.path(),
                proof.commit());
        assertTrue(ProofVerifier.verify(withoutChanges, genesis).isPresent(), "the changes are needed");
        TxProof oneChange = new TxProof(proof.tx(), proof.header(), proof.index(), proof.treeSize(), proof.path(),
                proof.commit(), proof.validatorChanges().subList(1, 2));
        assertTrue(ProofVerifier.verify(oneChange, genesis).isPresent(), "every change is needed, in order");
    }
}
