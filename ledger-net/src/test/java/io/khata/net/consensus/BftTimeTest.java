package io.khata.net.consensus;

import static io.khata.net.consensus.Harness.block;
import static io.khata.net.consensus.Harness.broadcastVotes;
import static io.khata.net.consensus.Harness.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.block.Block;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The state machine's part of BFT time: it stamps its votes with the clock reading the shell
 * hands in with each event (it reads no clock itself), and a vote re-sent with another time is
 * the same vote: never evidence, never counted twice.
 */
class BftTimeTest {
    private final Block v = block(1, "v");

    @Test
    void votesCarryTheClockReadingHandedInWithTheEvent() {
        Harness h = new Harness("bank-0");
        h.nowMillis = Harness.TIME_MILLIS + 1_234;
        Vote prevote = broadcastVotes(h.propose(1, 0, -1, v, true), VoteType.PREVOTE).get(0);
        assertEquals(Harness.TIME_MILLIS + 1_234, prevote.timeMillis());

        h.nowMillis = Harness.TIME_MILLIS + 5_678;
        Vote precommit = broadcastVotes(h.votes(VoteType.PREVOTE, 1, 0, v.hash(), "bank-1", "bank-2"),
                VoteType.PRECOMMIT).get(0);
        assertEquals(Harness.TIME_MILLIS + 5_678, precommit.timeMillis());
        assertTrue(precommit.verify(Harness.CHAIN, h.keys.get("bank-0").publicKey()), "the time is signed");
    }

    @Test
    void anAbsurdClockIsStampedAsItIs() {
        for (long clock : new long[] {0, Long.MAX_VALUE}) {
            Harness h = new Harness("bank-0");
            h.nowMillis = clock;
            assertEquals(clock, broadcastVotes(h.propose(1, 0, -1, v, true), VoteType.PREVOTE).get(0).timeMillis());
        }
    }

    @Test
    void votesThatDifferOnlyInTimeAreNotEvidenceAndCountOnce() {
        Harness h = new Harness("bank-0");
        h.propose(1, 0, -1, v, true);
        h.votes(VoteType.PREVOTE, 1, 0, v.hash(), "bank-1", "bank-2"); // bank-0 precommits v
        Vote early = Vote.sign(VoteType.PRECOMMIT, Harness.CHAIN, 1, 0, v.hash(), Harness.TIME_MILLIS, "bank-1",
                h.keys.get("bank-1"));
        Vote late = Vote.sign(VoteType.PRECOMMIT, Harness.CHAIN, 1, 0, v.hash(), Long.MAX_VALUE, "bank-1",
                h.keys.get("bank-1"));

        List<Effect> effects = new java.util.ArrayList<>(h.receive(early));
        effects.addAll(h.receive(late));

        assertTrue(of(effects, Effect.EvidenceFound.class).isEmpty(), "not an equivocation");
        assertTrue(of(effects, Effect.Dropped.class).isEmpty(), "a copy is ignored, not refused");
        assertTrue(h.consensus.pendingEvidence().isEmpty());
        assertTrue(of(effects, Effect.Commit.class).isEmpty(), "bank-0 and bank-1 are 2 of 4, however often bank-1 sends");

        List<Effect> third = h.receive(h.vote("bank-2", VoteType.PRECOMMIT, 1, 0, v.hash()));
        Effect.Commit commit = of(third, Effect.Commit.class).get(0);
        assertEquals(3, commit.commit().signatures().size());
        assertEquals(Harness.TIME_MILLIS, commit.commit().signatures().stream()
                .filter(sig -> sig.validator().equals("bank-1")).findFirst().orElseThrow().timeMillis(),
                "the commit keeps the first copy");
    }

    @Test
    void votesForDifferentBlocksAreStillEvidenceWhateverTheirTimes() {
        Harness h = new Harness("bank-0");
        Vote forV = Vote.sign(VoteType.PREVOTE, Harness.CHAIN, 1, 0, v.hash(), Harness.TIME_MILLIS, "bank-3",
                h.keys.get("bank-3"));
        Vote forNil = Vote.sign(VoteType.PREVOTE, Harness.CHAIN, 1, 0, null, Harness.TIME_MILLIS + 1, "bank-3",
                h.keys.get("bank-3"));
        h.receive(forV);
        assertEquals(1, of(h.receive(forNil), Effect.EvidenceFound.class).size());
    }
}
