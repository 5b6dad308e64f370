package io.khata.net.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.block.Block;
import io.khata.core.block.Validator;
import io.khata.core.block.ValidatorSet;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteType;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What one height remembers: proposals per round, blocks, validity, votes, round skipping and own messages. */
class HeightLogRulesTest {
    private static final Signature SIG = Signature.of(new byte[64]);
    private static final KeyPair KEY = KeyPair.fromSeed(new byte[32]);

    /** v0..v3 of power 1, 1, 1, 3 (total 6: more than 1/3 is 3 or more). */
    private static HeightLog log() {
        List<Validator> list = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] seed = new byte[32];
            Arrays.fill(seed, (byte) (i + 1));
            list.add(new Validator("v" + i, KeyPair.fromSeed(seed).publicKey(), i == 3 ? 3 : 1));
        }
        return new HeightLog(new ValidatorSet(list), QuorumRule.PROTOCOL);
    }

    private static Proposal proposal(int round, int validRound, Block block, String proposer) {
        return Proposal.sign("c", 1, round, validRound, block, proposer, KEY);
    }

    private static Vote vote(VoteType type, int round, Hash block, String validator) {
        return new Vote(type, 1, round, block, 0, validator, SIG);
    }

    @Test
    void aRoundHoldsTwoProposalsAndAProposalIsKnownByItsBlockAndValidRound() {
        HeightLog log = log();
        Block a = Harness.block(1, "a");
        Block b = Harness.block(1, "b");
        Proposal first = proposal(2, -1, a, "v1");
        assertFalse(log.holdsProposal(first));
        assertFalse(log.proposalsFull(2));
        log.addProposal(first);
        assertTrue(log.holdsProposal(first));
        assertTrue(log.holdsProposal(proposal(2, -1, a, "v2")), "the same block and valid round");
        assertFalse(log.holdsProposal(proposal(2, 0, a, "v1")), "another valid round");
        assertFalse(log.holdsProposal(proposal(2, -1, b, "v1")), "another block");
        assertFalse(log.holdsProposal(proposal(3, -1, a, "v1")), "another round");
        assertFalse(log.proposalsFull(2));
        log.addProposal(proposal(2, -1, b, "v1"));
        assertTrue(log.proposalsFull(2));
        assertFalse(log.proposalsFull(3));
        assertEquals(2, log.proposals(2).size());
        assertSame(a, log.block(a.hash()));
        assertEquals(2, log.blocks().size());
    }

    @Test
    void validationIsAskedForOnceAndNotAfterTheAnswer() {
        HeightLog log = log();
        Hash h = Harness.block(1, "a").hash();
        assertNull(log.validity(h));
        assertTrue(log.needsValidation(h));
        assertFalse(log.needsValidation(h));
        Hash other = Harness.block(1, "b").hash();
        log.setValidity(other, false);
        assertFalse(log.needsValidation(other), "answered already");
        assertEquals(Boolean.FALSE, log.validity(other));
    }

    @Test
    void votesForBlocksWithAProposalAreKeptBeyondAValidatorsFirstConflict() {
        HeightLog log = log();
        Block proposed = Harness.block(1, "p");
        log.addProposal(proposal(0, -1, proposed, "v1"));
        Hash x = Harness.block(1, "x").hash();
        Hash y = Harness.block(1, "y").hash();
        assertNull(log.addVote(vote(VoteType.PREVOTE, 0, x, "v0")));
        Vote first = log.votes(VoteType.PREVOTE, 0).all().get(0);
        assertSame(first, log.addVote(vote(VoteType.PREVOTE, 0, y, "v0")));
        log.addVote(vote(VoteType.PREVOTE, 0, null, "v0"));
        assertFalse(log.holds(vote(VoteType.PREVOTE, 0, null, "v0")), "a third value without a proposal is not kept");
        log.addVote(vote(VoteType.PREVOTE, 0, proposed.hash(), "v0"));
        assertTrue(log.holds(vote(VoteType.PREVOTE, 0, proposed.hash(), "v0")), "a third value with a proposal is kept");
        assertFalse(log.holds(vote(VoteType.PRECOMMIT, 0, x, "v0")), "prevotes and precommits are apart");
        assertFalse(log.holds(vote(VoteType.PREVOTE, 1, x, "v0")), "rounds are apart");
        log.addVote(vote(VoteType.PRECOMMIT, 3, x, "v1"));
        log.addVote(vote(VoteType.PRECOMMIT, 1, x, "v1"));
        assertTrue(log.holds(vote(VoteType.PRECOMMIT, 3, x, "v1")));
        assertEquals(List.of(1, 3), log.precommitRounds());
    }

    @Test
    void aRoundAboveIsSkippedToOnlyWhenMoreThanAThirdOfThePowerSentFromIt() {
        HeightLog log = log();
        Hash x = Harness.block(1, "x").hash();
        log.addVote(vote(VoteType.PREVOTE, 5, x, "v0"));
        log.addVote(vote(VoteType.PREVOTE, 5, x, "v1"));
        assertEquals(-1, log.highestRoundWithOneThirdAbove(0), "2 of 6 is not more than a third");
        log.addProposal(Proposal.sign("c", 1, 5, -1, Harness.block(1, "r5"), "v2", KEY));
        assertEquals(5, log.highestRoundWithOneThirdAbove(0), "3 of 6 is");
        assertEquals(5, log.highestRoundWithOneThirdAbove(4));
        assertEquals(-1, log.highestRoundWithOneThirdAbove(5), "only rounds above");
        log.addVote(vote(VoteType.PRECOMMIT, 7, x, "v3"));
        assertEquals(7, log.highestRoundWithOneThirdAbove(0), "the highest such round");
        log.addVote(vote(VoteType.PREVOTE, 9, x, "v0"));
        log.addVote(vote(VoteType.PRECOMMIT, 9, x, "v0"));
        log.addVote(vote(VoteType.PREVOTE, 9, x, "v1"));
        assertEquals(-1, log.highestRoundWithOneThirdAbove(7), "v0's two messages in round 9 count its power once: 2 of 6");
    }

    @Test
    void ownMessagesAreResentFromARoundOnAndAKeyKeepsTheLatest() {
        HeightLog log = log();
        Hash x = Harness.block(1, "x").hash();
        Message r1 = new Message.OfVote(vote(VoteType.PREVOTE, 1, x, "v0"));
        Message r2 = new Message.OfVote(vote(VoteType.PREVOTE, 2, x, "v0"));
        Message r2b = new Message.OfVote(vote(VoteType.PRECOMMIT, 2, x, "v0"));
        log.addSent(1, "prevote", r1);
        log.addSent(2, "precommit", r2b);
        assertEquals(List.of(r1, r2b), log.sentFrom(0));
        assertEquals(List.of(r1, r2b), log.sentFrom(1));
        assertEquals(List.of(r2b), log.sentFrom(2));
        assertEquals(List.of(), log.sentFrom(3));
        log.addSent(2, "prevote", r2);
        assertEquals(List.of(r2, r2b), log.sentFrom(2));
    }
}
