package io.khata.net.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

/** How votes of one round are counted and bounded, and the order in which a validator may sign. */
class VoteSetAndSignStateTest {
    private static final Signature SIG = Signature.of(new byte[64]);

    private static Hash hash(int fill) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) fill);
        return Hash.of(b);
    }

    /** Validators v0..v3 of power 1, 1, 1, 2 (total 5: a quorum is 4 or more). */
    private static ValidatorSet validators() {
        List<Validator> list = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            list.add(new Validator("v" + i, KeyPair.fromSeed(hash(i + 1).toByteArray()).publicKey(), i == 3 ? 2 : 1));
        }
        return new ValidatorSet(list);
    }

    private static Vote prevote(String validator, Hash block) {
        return new Vote(VoteType.PREVOTE, 1, 0, block, 0, validator, SIG);
    }

    @Test
    void aQuorumIsMoreThanTwoThirdsOfThePowerBehindOneValueOrBehindAnything() {
        VoteSet votes = new VoteSet(validators(), QuorumRule.PROTOCOL);
        assertNull(votes.add(prevote("v3", hash(9)), true));
        assertNull(votes.add(prevote("v0", hash(9)), true));
        assertFalse(votes.hasQuorumFor(hash(9)), "3 of 5");
        assertFalse(votes.hasQuorumAny());
        assertNull(votes.quorumBlock());
        assertNull(votes.add(prevote("v1", null), true));
        assertTrue(votes.hasQuorumAny(), "4 of 5 voted, for anything");
        assertFalse(votes.hasQuorumFor(hash(9)));
        assertFalse(votes.hasQuorumFor(null));
        assertNull(votes.add(prevote("v2", hash(9)), true));
        assertTrue(votes.hasQuorumFor(hash(9)), "4 of 5 for one block");
        assertEquals(hash(9), votes.quorumBlock());
        assertEquals(List.of("v3", "v0", "v2"), votes.votesFor(hash(9)).stream().map(Vote::validator).toList());
        assertEquals(List.of("v1"), votes.votesFor(null).stream().map(Vote::validator).toList());
        assertEquals(4, votes.all().size());
    }

    @Test
    void nilNeverNamesTheQuorumBlock() {
        VoteSet votes = new VoteSet(validators(), QuorumRule.PROTOCOL);
        for (String v : List.of("v0", "v1", "v2", "v3")) {
            votes.add(prevote(v, null), false);
        }
        assertTrue(votes.hasQuorumFor(null));
        assertNull(votes.quorumBlock());
    }

    @Test
    void aCopyIsHeldOnceAndAConflictingVoteReturnsTheFirstAndCountsTowardBothValues() {
        VoteSet votes = new VoteSet(validators(), QuorumRule.PROTOCOL);
        Vote first = prevote("v3", hash(1));
        assertNull(votes.add(first, false));
        assertTrue(votes.contains(new Vote(VoteType.PREVOTE, 1, 0, hash(1), 77, "v3", SIG)), "another time is the same vote");
        assertFalse(votes.contains(prevote("v3", hash(2))));
        assertFalse(votes.contains(prevote("v0", hash(1))));
        assertNull(votes.add(new Vote(VoteType.PREVOTE, 1, 0, hash(1), 77, "v3", SIG), false), "a copy");
        assertSame(first, votes.add(prevote("v3", hash(2)), false));
        assertTrue(votes.contains(prevote("v3", hash(2))));
        votes.add(prevote("v0", hash(2)), false);
        votes.add(prevote("v1", hash(2)), false);
        assertTrue(votes.hasQuorumFor(hash(2)), "the equivocator's 2 count for its second value too");
        // The total counts each validator once: v3 (2) + v0 + v1 = 4 of 5.
        assertTrue(votes.hasQuorumAny());
        VoteSet fewer = new VoteSet(validators(), QuorumRule.PROTOCOL);
        fewer.add(prevote("v3", hash(1)), false);
        fewer.add(prevote("v3", hash(2)), false);
        fewer.add(prevote("v3", null), false);
        assertFalse(fewer.hasQuorumAny(), "2 of 5, however many votes v3 signed");
    }

    @Test
    void beyondItsFirstConflictAValidatorsVotesAreKeptOnlyForProposedBlocks() {
        VoteSet votes = new VoteSet(validators(), QuorumRule.PROTOCOL);
        votes.add(prevote("v0", hash(1)), false);
        votes.add(prevote("v0", hash(2)), false);
        votes.add(prevote("v0", hash(3)), false);
        assertFalse(votes.contains(prevote("v0", hash(3))), "a third value, not proposed: dropped");
        assertTrue(votes.votesFor(hash(3)).isEmpty());
        votes.add(prevote("v0", hash(4)), true);
        assertTrue(votes.contains(prevote("v0", hash(4))), "a third value that was proposed: kept");
        assertEquals(3, votes.all().size());
    }

    @Test
    void aVoteOfANonValidatorNeverReachesTheCount() {
        VoteSet votes = new VoteSet(validators(), QuorumRule.PROTOCOL);
        assertThrows(IllegalStateException.class, () -> votes.add(prevote("stranger", hash(1)), true));
    }

    @Test
    void signingMovesStrictlyForwardByHeightThenRoundThenStep() {
        SignState at = new SignState(5, 2, Step.PREVOTE, -1, null);
        assertTrue(at.permits(6, 0, Step.PROPOSE), "a later height");
        assertFalse(at.permits(4, 9, Step.PRECOMMIT), "an earlier height");
        assertTrue(at.permits(5, 3, Step.PROPOSE), "a later round");
        assertFalse(at.permits(5, 1, Step.PRECOMMIT), "an earlier round");
        assertTrue(at.permits(5, 2, Step.PRECOMMIT), "a later step");
        assertFalse(at.permits(5, 2, Step.PREVOTE), "the same step: never sign twice");
        assertFalse(at.permits(5, 2, Step.PROPOSE));
        assertTrue(SignState.NONE.permits(1, 0, Step.PROPOSE));
    }

    @Test
    void aSignStateHoldsTogetherOnlyWhatBelongsTogether() {
        assertThrows(IllegalArgumentException.class, () -> new SignState(1, 0, Step.PRECOMMIT, 0, null));
        assertThrows(IllegalArgumentException.class, () -> new SignState(1, 0, Step.PRECOMMIT, -1, hash(1)));
        Block block = Harness.block(1, "locked");
        assertThrows(IllegalArgumentException.class, () -> new SignState(1, 0, Step.PRECOMMIT, 0, hash(1), null, block, List.of()));
        new SignState(1, 0, Step.PRECOMMIT, 0, block.hash(), null, block, List.of());
        Vote precommit = new Vote(VoteType.PRECOMMIT, 1, 0, block.hash(), 0, "v0", SIG);
        Vote prevote = new Vote(VoteType.PREVOTE, 1, 0, block.hash(), 0, "v0", SIG);
        new SignState(1, 0, Step.PRECOMMIT, 0, block.hash(), precommit, block, List.of(), prevote);
        assertThrows(IllegalArgumentException.class,
                () -> new SignState(1, 0, Step.PRECOMMIT, 0, block.hash(), null, block, List.of(), prevote), "no last vote");
        assertThrows(IllegalArgumentException.class,
                () -> new SignState(1, 0, Step.PREVOTE, 0, block.hash(), prevote, block, List.of(), prevote), "last vote not a precommit");
        assertThrows(IllegalArgumentException.class,
                () -> new SignState(1, 0, Step.PRECOMMIT, 0, block.hash(), precommit, block, List.of(), precommit), "not a prevote");
        Vote otherHeight = new Vote(VoteType.PREVOTE, 2, 0, block.hash(), 0, "v0", SIG);
        assertThrows(IllegalArgumentException.class,
                () -> new SignState(1, 0, Step.PRECOMMIT, 0, block.hash(), precommit, block, List.of(), otherHeight), "another height");
        Vote otherRound = new Vote(VoteType.PREVOTE, 1, 1, block.hash(), 0, "v0", SIG);
        assertThrows(IllegalArgumentException.class,
                () -> new SignState(1, 0, Step.PRECOMMIT, 0, block.hash(), precommit, block, List.of(), otherRound), "another round");
    }
}
