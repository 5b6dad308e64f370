package io.khata.net.consensus;

import static io.khata.net.consensus.Harness.block;
import static io.khata.net.consensus.Harness.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Limits;
import io.khata.core.Rejection;
import io.khata.core.block.Block;
import io.khata.core.block.Evidence;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteType;
import io.khata.core.crypto.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Evidence travels: whoever sees an equivocation forwards it once, and a forwarded copy is
 * checked (height, offender, conflict, both signatures) before it joins the pool that the
 * next proposal draws from. Without this only the validator that saw both votes could put
 * them in a block, and a validator that lags behind never gets its turn in time.
 */
class EvidenceGossipTest {
    private final Block v = block(1, "v");

    private static Evidence equivocation(Harness h, String validator, long height) {
        return new Evidence(h.vote(validator, VoteType.PREVOTE, height, 0, null),
                h.vote(validator, VoteType.PREVOTE, height, 0, block(height, "other").hash())).normalized();
    }

    private static List<Evidence> forwarded(List<Effect> effects) {
        return of(effects, Effect.Broadcast.class).stream()
                .filter(b -> b.message() instanceof Message.OfEvidence)
                .map(b -> ((Message.OfEvidence) b.message()).evidence())
                .toList();
    }

    private static List<Effect> deliver(Harness h, Evidence evidence) {
        return h.on(new Event.Received(new Message.OfEvidence(evidence)));
    }

    @Test
    void anEquivocationSeenHereIsForwardedToPeers() {
        Harness h = new Harness("bank-0");
        h.receive(h.vote("bank-3", VoteType.PREVOTE, 1, 0, v.hash()));
        List<Effect> effects = h.receive(h.vote("bank-3", VoteType.PREVOTE, 1, 0, null));
        Evidence found = of(effects, Effect.EvidenceFound.class).get(0).evidence();
        assertEquals(List.of(found), forwarded(effects));
    }

    @Test
    void forwardedEvidenceJoinsThePoolOnceAndIsForwardedOnce() {
        Harness h = new Harness("bank-0");
        Evidence evidence = equivocation(h, "bank-3", 1);
        List<Effect> effects = deliver(h, evidence);
        assertEquals(List.of(evidence), forwarded(effects));
        assertEquals(List.of(evidence), h.consensus.pendingEvidence());
        assertTrue(deliver(h, evidence).isEmpty(), "a second copy changes nothing and is not forwarded again");
    }

    @Test
    void forwardedEvidenceOfAnEarlierHeightIsOfferedToTheNextProposal() {
        Harness h = new Harness("bank-0");
        h.propose(1, 0, -1, v, true);
        h.votes(VoteType.PRECOMMIT, 1, 0, v.hash(), "bank-1", "bank-2", "bank-3");
        assertEquals(2, h.consensus.height());
        Evidence old = equivocation(h, "bank-2", 1);
        deliver(h, old);
        // height 2: the proposer of round r is bank-((2 + r) mod 4); bank-0 proposes in round 2
        h.votes(VoteType.PRECOMMIT, 2, 1, null, "bank-1", "bank-2");
        List<Effect> effects = h.on(new Event.TimeoutFired(2, 1, TimeoutKind.PRECOMMIT));
        assertEquals(List.of(old), of(effects, Effect.BuildProposal.class).get(0).evidence());
    }

    @Test
    void evidenceWithAForgedSignatureIsDroppedAndNotKept() {
        Harness h = new Harness("bank-0");
        KeyPair mallory = KeyPair.fromSeed(new byte[32]);
        Vote forged = Vote.sign(VoteType.PREVOTE, Harness.CHAIN, 1, 0, null, Harness.TIME_MILLIS, "bank-3", mallory);
        Evidence evidence = new Evidence(forged, h.vote("bank-3", VoteType.PREVOTE, 1, 0, v.hash()));
        List<Effect> effects = deliver(h, evidence);
        assertTrue(of(effects, Effect.Dropped.class).get(0).reason() instanceof Rejection.BadSignature);
        assertTrue(h.consensus.pendingEvidence().isEmpty());
        assertTrue(forwarded(effects).isEmpty());
    }

    @Test
    void evidenceAgainstANonValidatorIsDropped() {
        Harness h = new Harness("bank-0");
        KeyPair outsider = KeyPair.fromSeed(new byte[32]);
        Evidence evidence = new Evidence(Vote.sign(VoteType.PREVOTE, Harness.CHAIN, 1, 0, null, Harness.TIME_MILLIS, "outsider", outsider),
                Vote.sign(VoteType.PREVOTE, Harness.CHAIN, 1, 0, v.hash(), Harness.TIME_MILLIS, "outsider", outsider));
        List<Effect> effects = deliver(h, evidence);
        assertTrue(of(effects, Effect.Dropped.class).get(0).reason() instanceof Rejection.InvalidField);
        assertTrue(h.consensus.pendingEvidence().isEmpty());
    }

    @Test
    void votesThatDoNotConflictAreDropped() {
        Harness h = new Harness("bank-0");
        Vote prevote = h.vote("bank-3", VoteType.PREVOTE, 1, 0, v.hash());
        Vote precommit = h.vote("bank-3", VoteType.PRECOMMIT, 1, 0, null); // other type: no offence
        List<Effect> effects = deliver(h, new Evidence(prevote, precommit));
        assertTrue(of(effects, Effect.Dropped.class).get(0).reason() instanceof Rejection.Malformed);
        assertTrue(h.consensus.pendingEvidence().isEmpty());
    }

    @Test
    void evidenceOfALaterHeightIsLeftForLater() {
        Harness h = new Harness("bank-0");
        List<Effect> effects = deliver(h, equivocation(h, "bank-3", 3));
        assertTrue(effects.isEmpty(), "a node behind cannot check it yet, and it is no fault of the sender");
        assertTrue(h.consensus.pendingEvidence().isEmpty());
    }

    @Test
    void evidenceRoundTripsThroughTheCodec_andABrokenBodyIsRefused() {
        Harness h = new Harness("bank-0");
        Message message = new Message.OfEvidence(equivocation(h, "bank-1", 1));
        byte[] bytes = MessageCodec.encode(message);
        assertEquals(message, MessageCodec.decode(bytes, Limits.DEFAULT).value());
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        assertTrue(MessageCodec.decode(truncated, Limits.DEFAULT).rejection() instanceof Rejection.Malformed);
    }
}
