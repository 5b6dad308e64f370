package io.khata.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Rejection;
import io.khata.core.block.Block;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.Evidence;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteType;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.Sha256;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.HeaderDraft;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.TestChain;
import io.khata.core.tx.Operation;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Attack 3, evidence inside a proposed block: evidence is checked against the validator set of
 * its own height (not the tip's), must be at most {@link EvidenceCheck#AGE_HEIGHTS_MAX} heights
 * old, and one offence is committed once: not twice in a block, not again in a later block. A
 * dishonest proposer's block carrying such evidence is refused; an honest builder offered the
 * same evidence leaves it out, so a stale evidence pool never makes an honest proposal invalid.
 */
class EvidenceInBlockTest {
    private final TestGenesis fixture = TestGenesis.of(4);
    private final Ledger ledger = Ledger.inMemory(fixture.genesis());
    private final TestChain chain = new TestChain(fixture, ledger);

    @AfterEach
    void close() {
        ledger.close();
    }

    private Evidence equivocation(String validator, KeyPair key, long height, int round, byte second) {
        Vote a = Vote.sign(VoteType.PRECOMMIT, ledger.chainId(), height, round, Sha256.hash(new byte[] {1}), 0, validator, key);
        Vote b = Vote.sign(VoteType.PRECOMMIT, ledger.chainId(), height, round, Sha256.hash(new byte[] {second}),
                0, validator, key);
        return new Evidence(a, b).normalized();
    }

    private Evidence equivocation(String validator, long height, int round) {
        return equivocation(validator, fixture.validatorKey(validator), height, round, (byte) 2);
    }

    /** The next block as an honest builder offered {@code evidence} makes it. */
    private Block honestWith(List<Evidence> evidence) {
        long height = ledger.height() + 1;
        return ledger.build(TestGenesis.bank(0), List.of(),
                height == 1 ? null : ledger.commit(height - 1).orElseThrow(), evidence).block();
    }

    /** The next block as a dishonest proposer makes it: carrying exactly {@code evidence}. */
    private Block forcedWith(List<Evidence> evidence) {
        Block honest = honestWith(List.of());
        HeaderDraft draft = new HeaderDraft(honest.header());
        draft.evidenceHash = Evidence.hashOf(evidence);
        return BlockCodec.assemble(draft.toHeader(), honest.transactions(), honest.lastCommit(), evidence);
    }

    private String refusal(Block block) {
        Rejection.InvalidBlock invalid = assertInstanceOf(Rejection.InvalidBlock.class, ledger.validate(block).rejection());
        assertEquals(1, invalid.step());
        return invalid.reason();
    }

    private void commitEmptyBlocks(int count) {
        for (int i = 0; i < count; i++) {
            chain.commitNext(List.of());
        }
    }

    @Test
    void attack3_evidenceIsJudgedByTheValidatorSetOfItsOwnHeight() {
        KeyPair bank4 = TestGenesis.keyPair("bank4 validator");
        chain.commitNext(List.of(chain.sign(List.of(new Operation.AddMember("bank4", bank4.publicKey(), 1, "")),
                fixture.accountKey(TestGenesis.AUTHORITY))));
        chain.addValidatorKey("bank4", bank4);
        commitEmptyBlocks(3);
        assertTrue(ledger.validatorsAt(ledger.height() + 1).contains("bank4"), "bank4 votes at the tip");
        assertFalse(ledger.validatorsAt(2).contains("bank4"), "not at height 2");

        // Votes bank4 signed for height 2, when it was no validator: no one counted them, they prove nothing.
        Evidence framed = equivocation("bank4", bank4, 2, 0, (byte) 2);
        assertTrue(refusal(forcedWith(List.of(framed))).contains("not a validator at height 2"));
        assertTrue(honestWith(List.of(framed)).evidence().isEmpty());

        Evidence genuine = equivocation("bank4", bank4, 3, 0, (byte) 2);
        Block carrying = honestWith(List.of(genuine));
        assertEquals(List.of(genuine), carrying.evidence());
        assertTrue(ledger.validate(carrying).isOk());
    }

    @Test
    void attack3_evidenceOlderThanTheAgeBoundIsRefused() {
        commitEmptyBlocks((int) EvidenceCheck.AGE_HEIGHTS_MAX + 1);
        long next = ledger.height() + 1;
        Evidence tooOld = equivocation("bank2", next - EvidenceCheck.AGE_HEIGHTS_MAX - 1, 0);
        Evidence oldest = equivocation("bank2", next - EvidenceCheck.AGE_HEIGHTS_MAX, 0);

        assertTrue(refusal(forcedWith(List.of(tooOld))).contains("older than " + EvidenceCheck.AGE_HEIGHTS_MAX));
        assertTrue(honestWith(List.of(tooOld)).evidence().isEmpty());
        Block atTheBound = forcedWith(List.of(oldest));
        assertTrue(ledger.validate(atTheBound).isOk(), () -> ledger.validate(atTheBound).rejection().message());
        assertEquals(List.of(oldest), honestWith(List.of(tooOld, oldest)).evidence());
    }

    @Test
    void attack3_anOffenceCommittedInAnEarlierBlockIsRefusedInALaterOne() {
        commitEmptyBlocks(2);
        Evidence first = equivocation("bank1", 1, 0);
        Block carrying = honestWith(List.of(first));
        assertEquals(List.of(first), carrying.evidence());
        ledger.commit(carrying, chain.commitFor(carrying));
        assertTrue(ledger.evidenceCommitted(first.offence()));

        // The same votes again, and the same offence proven with another conflicting vote.
        Evidence sameOffence = equivocation("bank1", fixture.validatorKey("bank1"), 1, 0, (byte) 3);
        assertEquals(first.offence(), sameOffence.offence());
        for (Evidence again : List.of(first, sameOffence)) {
            assertTrue(refusal(forcedWith(List.of(again))).contains("already committed"));
        }
        assertTrue(honestWith(List.of(first, sameOffence)).evidence().isEmpty(), "the builder leaves both out");
        Evidence anotherRound = equivocation("bank1", 1, 1);
        assertEquals(List.of(anotherRound), honestWith(List.of(first, anotherRound)).evidence(),
                "another round is another offence");
    }

    @Test
    void attack3_anOffenceListedTwiceInOneBlockIsRefused() {
        commitEmptyBlocks(2);
        Evidence first = equivocation("bank1", 1, 0);
        Evidence sameOffence = equivocation("bank1", fixture.validatorKey("bank1"), 1, 0, (byte) 3);
        assertTrue(refusal(forcedWith(List.of(first, sameOffence))).contains("listed twice"));
        assertTrue(refusal(forcedWith(List.of(first, first))).contains("listed twice"));
        assertEquals(List.of(first), honestWith(List.of(first, sameOffence, first)).evidence());
    }

    @Test
    void twoVotesForTheSameBlockAreNoEvidenceAndAreRefusedFromABlock() {
        commitEmptyBlocks(2);
        Vote vote = equivocation("bank1", 2, 0).first();
        Evidence same = new Evidence(vote, vote);

        assertEquals(java.util.Optional.of(new Rejection.Malformed("evidence", "the votes of bank1 do not conflict")),
                EvidenceCheck.check(same, 3, ledger.chainId(), ledger::validatorsAt));
        assertEquals(List.of(), honestWith(List.of(same)).evidence(), "an honest builder leaves it out");
        assertTrue(refusal(forcedWith(List.of(same))).contains("do not conflict"));
    }

    @Test
    void theGossipPathCanUseTheSameRuleWithItsOwnVerifier() {
        commitEmptyBlocks(2);
        Evidence evidence = equivocation("bank1", 2, 0);
        assertEquals(java.util.Optional.empty(), EvidenceCheck.check(evidence, 3, ledger::validatorsAt,
                (key, vote) -> vote.verify(ledger.chainId(), key)));
        assertEquals(java.util.Optional.of(new Rejection.BadSignature(fixture.validatorKey("bank1").publicKey())),
                EvidenceCheck.check(evidence, 3, ledger::validatorsAt, (key, vote) -> false));
        assertTrue(EvidenceCheck.check(evidence, 2, ledger.chainId(), ledger::validatorsAt).isPresent(),
                "a node deciding height 2 keeps it for block 3, not 2");
    }

    @Test
    void attack3_evidenceOfTheBlocksOwnHeightOrLaterIsRefused() {
        commitEmptyBlocks(2);
        Evidence current = equivocation("bank1", 3, 0);
        assertTrue(refusal(forcedWith(List.of(current))).contains("earlier height"));
        assertTrue(honestWith(List.of(current)).evidence().isEmpty());
    }
}
