package io.khata.net.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Rejection;
import io.khata.core.block.Block;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.BlockHeader;
import io.khata.core.block.Commit;
import io.khata.core.block.Evidence;
import io.khata.core.block.Validator;
import io.khata.core.block.ValidatorSet;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteType;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.Signature;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The buffer of messages for later heights: what each costs, its bounds per signer and in all, and what leaves it. */
class FutureMessagesBoundsTest {
    private static final Signature SIG = Signature.of(new byte[64]);
    private static final long VOTE = FutureMessages.VOTE_BYTES;

    private static Hash hash(int fill) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) fill);
        return Hash.of(b);
    }

    private static Message vote(String validator, long height, int round) {
        return new Message.OfVote(new Vote(VoteType.PREVOTE, height, round, hash(round + 1), 0, validator, SIG));
    }

    @Test
    void aVoteCostsAFixedAmountAndAProposalItsOverheadPlusTheVotesItCarries() {
        assertEquals(256, VOTE);
        assertEquals(VOTE, FutureMessages.bytesOf(vote("a", 5, 0)));
        Block bare = Harness.block(5, "bare");
        KeyPair key = KeyPair.fromSeed(new byte[32]);
        assertEquals(1024, FutureMessages.bytesOf(new Message.OfProposal(Proposal.sign("c", 5, 0, -1, bare, "a", key))));
        Hash prev = hash(7);
        Commit commit = Commit.of(4, 0, prev, List.of(
                new Vote(VoteType.PRECOMMIT, 4, 0, prev, 0, "a", SIG),
                new Vote(VoteType.PRECOMMIT, 4, 0, prev, 0, "b", SIG),
                new Vote(VoteType.PRECOMMIT, 4, 0, prev, 0, "c", SIG)));
        Evidence evidence = new Evidence(new Vote(VoteType.PREVOTE, 3, 0, hash(1), 0, "d", SIG),
                new Vote(VoteType.PREVOTE, 3, 0, hash(2), 0, "d", SIG));
        BlockHeader header = bare.header();
        Block loaded = BlockCodec.assemble(header, List.of(), commit, List.of(evidence));
        assertEquals(1024 + 3 * VOTE + 2 * VOTE,
                FutureMessages.bytesOf(new Message.OfProposal(Proposal.sign("c", 5, 0, -1, loaded, "a", key))));
    }

    @Test
    void aCopyIsHeldOnceAndCostsNothingMore() {
        FutureMessages future = new FutureMessages(10, 10 * VOTE, 100 * VOTE);
        assertFalse(future.holds(vote("a", 5, 0)));
        assertEquals(Optional.empty(), future.add(vote("a", 5, 0)));
        assertTrue(future.holds(vote("a", 5, 0)));
        assertEquals(Optional.empty(), future.add(vote("a", 5, 0)));
        assertEquals(1, future.size());
        assertEquals(VOTE, future.bytes());
    }

    @Test
    void aSignerMayFillItsShareExactlyAndNotOneMessageMore() {
        FutureMessages future = new FutureMessages(100, 2 * VOTE, 100 * VOTE);
        assertEquals(Optional.empty(), future.add(vote("a", 5, 0)));
        assertEquals(Optional.empty(), future.add(vote("a", 5, 1)));
        Rejection.TooLarge refused = assertInstanceOf(Rejection.TooLarge.class, future.add(vote("a", 5, 2)).orElseThrow());
        assertEquals(3 * VOTE, refused.bytes());
        assertEquals(2 * VOTE, refused.bytesMax());
        assertEquals(Optional.empty(), future.add(vote("b", 5, 0)), "another signer has a share of its own");
        assertEquals(3, future.size());
    }

    @Test
    void whenFullTheOldestMessageOfTheLargestOtherSignerMakesRoom() {
        FutureMessages future = new FutureMessages(3, 10 * VOTE, 100 * VOTE);
        future.add(vote("a", 5, 0));
        future.add(vote("a", 5, 1));
        future.add(vote("b", 5, 0));
        assertEquals(Optional.empty(), future.add(vote("c", 5, 0)));
        assertFalse(future.holds(vote("a", 5, 0)), "a's oldest went");
        assertTrue(future.holds(vote("a", 5, 1)));
        assertTrue(future.holds(vote("b", 5, 0)));
        assertTrue(future.holds(vote("c", 5, 0)));
        assertEquals(3, future.size());
        assertEquals(3 * VOTE, future.bytes());
    }

    @Test
    void noSignerIsEvictedForOneThatWouldHoldAsMuchOrMore() {
        FutureMessages future = new FutureMessages(2, 10 * VOTE, 100 * VOTE);
        future.add(vote("a", 5, 0));
        future.add(vote("b", 5, 0));
        // c would hold one vote, as much as a or b: nobody makes room for it.
        Rejection.TooMany refused = assertInstanceOf(Rejection.TooMany.class, future.add(vote("c", 5, 0)).orElseThrow());
        assertEquals(3, refused.count());
        assertEquals(2, refused.countMax());
        // Nor does anyone make room for a signer's own second message.
        assertTrue(future.add(vote("a", 5, 1)).isPresent());
        assertTrue(future.holds(vote("a", 5, 0)) && future.holds(vote("b", 5, 0)));
    }

    @Test
    void theByteTotalIsABoundOfItsOwn() {
        FutureMessages future = new FutureMessages(100, 10 * VOTE, 3 * VOTE);
        future.add(vote("a", 5, 0));
        future.add(vote("a", 5, 1));
        future.add(vote("b", 5, 0));
        assertEquals(Optional.empty(), future.add(vote("c", 5, 0)), "exactly the total after a's oldest leaves");
        assertFalse(future.holds(vote("a", 5, 0)));
        assertEquals(3 * VOTE, future.bytes());
    }

    @Test
    void takingAHeightGivesItsMessagesInArrivalOrderDropsEarlierOnesAndFreesTheirBytes() {
        FutureMessages future = new FutureMessages(100, 2 * VOTE, 100 * VOTE);
        future.add(vote("b", 6, 0));
        future.add(vote("a", 5, 1));
        future.add(vote("a", 4, 0));
        future.add(vote("b", 5, 0));
        assertEquals(List.of(vote("a", 5, 1), vote("b", 5, 0)), future.take(5));
        assertEquals(1, future.size());
        assertEquals(VOTE, future.bytes());
        assertTrue(future.holds(vote("b", 6, 0)));
        // a's share is free again: two more of its messages fit.
        assertEquals(Optional.empty(), future.add(vote("a", 7, 0)));
        assertEquals(Optional.empty(), future.add(vote("a", 7, 1)));
        // b holds one, so one more fits and a second does not.
        assertEquals(Optional.empty(), future.add(vote("b", 7, 0)));
        assertTrue(future.add(vote("b", 7, 1)).isPresent());
        assertEquals(List.of(), future.take(5));
    }

    @Test
    void thePowerSeenAboveAHeightCountsEachValidatorAtItsHighestAndIgnoresStrangers() {
        ValidatorSet validators = new ValidatorSet(List.of(
                new Validator("a", KeyPair.fromSeed(hash(1).toByteArray()).publicKey(), 1),
                new Validator("b", KeyPair.fromSeed(hash(2).toByteArray()).publicKey(), 2),
                new Validator("c", KeyPair.fromSeed(hash(3).toByteArray()).publicKey(), 4)));
        FutureMessages future = new FutureMessages(10, 10 * VOTE, 100 * VOTE);
        future.noteSeen("a", 9);
        future.noteSeen("a", 3);
        future.noteSeen("b", 5);
        future.noteSeen("c", 4);
        future.noteSeen("stranger", 100);
        assertEquals(1 + 2, future.powerAbove(4, validators), "a at 9 and b at 5; c at 4 is not above 4");
        assertEquals(1, future.powerAbove(5, validators));
        assertEquals(0, future.powerAbove(9, validators));
    }
}
