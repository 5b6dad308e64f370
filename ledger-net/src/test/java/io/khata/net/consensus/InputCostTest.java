package io.khata.net.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Rejection;
import io.khata.core.block.Block;
import io.khata.core.block.Evidence;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteType;
import io.khata.core.crypto.KeyPair;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What a peer's message costs this validator before it is believed: messages that cannot matter
 * (a decided height, a non-member, too many rounds ahead, the wrong proposer, a copy of one held)
 * are dropped before their signature is verified, and a bad signature is dropped after. Each
 * case counts the verifications it caused.
 */
class InputCostTest {
    private final AtomicInteger verifications = new AtomicInteger();

    private Harness harness() {
        return new Harness("bank-0", SignState.NONE, (config, validators, committed, restored) -> new Consensus(
                config.withVerifier((key, message, signature) -> {
                    verifications.incrementAndGet();
                    return io.khata.core.crypto.Ed25519.verify(key, message, signature);
                }), validators, committed, restored));
    }

    private static String proposerOf(Harness h, long height, int round) {
        return Proposers.proposer(h.validators, height, round);
    }

    private static String notProposerOf(Harness h, long height, int round) {
        String proposer = proposerOf(h, height, round);
        return h.keys.keySet().stream().filter(id -> !id.equals(proposer)).findFirst().orElseThrow();
    }

    private static Rejection dropped(List<Effect> effects) {
        List<Effect.Dropped> drops = Harness.of(effects, Effect.Dropped.class);
        assertEquals(1, drops.size(), effects.toString());
        return drops.get(0).reason();
    }

    private List<Effect> deliver(Harness h, Message message) {
        return h.on(new Event.Received(message));
    }

    @Test
    void aProposalFromAnyoneButTheRoundsProposerIsDroppedUnverified() {
        Harness h = harness();
        String impostor = notProposerOf(h, 1, 0);
        Proposal forged = Proposal.sign(Harness.CHAIN, 1, 0, -1, Harness.block(1, "x"), impostor, h.keys.get(impostor));
        Rejection reason = dropped(deliver(h, new Message.OfProposal(forged)));
        assertTrue(reason.toString().contains("the proposer is " + proposerOf(h, 1, 0)), reason.toString());
        assertEquals(0, verifications.get());
    }

    @Test
    void aProposalOfABlockOfAnotherHeightOrAnImpossibleValidRoundIsDroppedUnverified() {
        Harness h = harness();
        String proposer = proposerOf(h, 1, 0);
        Proposal wrongHeight = new Proposal(1, 0, -1, Harness.block(2, "x"), proposer,
                h.keys.get(proposer).sign(new byte[] {1}));
        assertInstanceOf(Rejection.Malformed.class, dropped(deliver(h, new Message.OfProposal(wrongHeight))));
        String proposer1 = proposerOf(h, 1, 1);
        Proposal validRoundTooHigh = Proposal.sign(Harness.CHAIN, 1, 1, 1, Harness.block(1, "y"), proposer1, h.keys.get(proposer1));
        assertInstanceOf(Rejection.Malformed.class, dropped(deliver(h, new Message.OfProposal(validRoundTooHigh))));
        assertEquals(0, verifications.get());
    }

    @Test
    void aCopyOfAHeldProposalCostsNothingAndAThirdBlockInARoundIsRefused() {
        Harness h = harness();
        Proposal first = h.proposal(1, 0, -1, Harness.block(1, "a"));
        deliver(h, new Message.OfProposal(first));
        assertEquals(1, verifications.get());
        assertEquals(List.of(), deliver(h, new Message.OfProposal(first)));
        assertEquals(1, verifications.get(), "a copy is recognised before its signature is checked");
        deliver(h, new Message.OfProposal(h.proposal(1, 0, -1, Harness.block(1, "b"))));
        assertEquals(2, verifications.get(), "an equivocating proposer's second block is held");
        Rejection third = dropped(deliver(h, new Message.OfProposal(h.proposal(1, 0, -1, Harness.block(1, "c")))));
        assertInstanceOf(Rejection.TooMany.class, third);
        assertEquals(2, verifications.get());
    }

    @Test
    void aProposalWithABadSignatureIsDroppedAfterOneVerification() {
        Harness h = harness();
        String proposer = proposerOf(h, 1, 0);
        KeyPair wrongKey = KeyPair.fromSeed(new byte[32]);
        Proposal badlySigned = Proposal.sign(Harness.CHAIN, 1, 0, -1, Harness.block(1, "a"), proposer, wrongKey);
        assertInstanceOf(Rejection.BadSignature.class, dropped(deliver(h, new Message.OfProposal(badlySigned))));
        assertEquals(1, verifications.get());
        assertTrue(Harness.of(h.effects, Effect.ValidateBlock.class).isEmpty(), "nothing asks the ledger about it");
    }

    @Test
    void aVoteIsVerifiedOnceHoweverOftenItArrives() {
        Harness h = harness();
        Vote vote = h.vote("bank-1", VoteType.PREVOTE, 1, 0, Harness.block(1, "a").hash());
        h.receive(vote);
        h.receive(vote);
        h.receive(vote);
        assertEquals(1, verifications.get());
        Vote badlySigned = new Vote(VoteType.PREVOTE, 1, 0, null, vote.timeMillis(), "bank-2", vote.signature());
        assertInstanceOf(Rejection.BadSignature.class, dropped(h.receive(badlySigned)));
        assertEquals(2, verifications.get());
    }

    @Test
    void votesOfStrangersOfDecidedHeightsOrTooManyRoundsAheadAreDroppedUnverified() {
        Harness h = harness();
        KeyPair stranger = KeyPair.fromSeed(new byte[32]);
        Vote fromStranger = Vote.sign(VoteType.PREVOTE, Harness.CHAIN, 1, 0, null, h.nowMillis, "bank-9", stranger);
        assertTrue(dropped(h.receive(fromStranger)).toString().contains("not a validator"));
        Vote decided = h.vote("bank-1", VoteType.PREVOTE, 0, 0, null);
        assertEquals(List.of(), h.receive(decided), "height 0 is decided: ignored");
        int ahead = ConsensusConfig.of(Harness.CHAIN, "bank-0", h.keys.get("bank-0"), Harness.TIMEOUTS).roundsAheadMax();
        Rejection tooFar = dropped(h.receive(h.vote("bank-1", VoteType.PREVOTE, 1, ahead + 1, null)));
        assertTrue(tooFar.toString().contains("rounds ahead"), tooFar.toString());
        assertEquals(0, verifications.get());
        h.receive(h.vote("bank-1", VoteType.PREVOTE, 1, ahead, null));
        assertEquals(1, verifications.get(), "exactly the furthest round allowed is checked");
    }

    @Test
    void aCopyOfABufferedFutureVoteCostsNothing() {
        Harness h = harness();
        Vote future = h.vote("bank-1", VoteType.PREVOTE, 2, 0, null);
        h.receive(future);
        h.receive(future);
        assertEquals(1, verifications.get());
    }

    @Test
    void forwardedEvidenceIsCheckedOnceAndOnlyWhenItCanMatter() {
        Harness h = harness();
        Block a = Harness.block(1, "a");
        Block b = Harness.block(1, "b");
        Evidence real = new Evidence(h.vote("bank-2", VoteType.PREVOTE, 1, 0, a.hash()),
                h.vote("bank-2", VoteType.PREVOTE, 1, 0, b.hash()));
        List<Effect> first = deliver(h, new Message.OfEvidence(real));
        assertEquals(2, verifications.get(), "both votes");
        assertEquals(1, Harness.of(first, Effect.EvidenceFound.class).size());
        assertEquals(1, Harness.of(first, Effect.Broadcast.class).size(), "forwarded once");
        assertEquals(List.of(), deliver(h, new Message.OfEvidence(real)));
        assertEquals(2, verifications.get(), "a known offence is not checked again");

        Evidence ahead = new Evidence(h.vote("bank-3", VoteType.PREVOTE, 5, 0, a.hash()),
                h.vote("bank-3", VoteType.PREVOTE, 5, 0, b.hash()));
        assertEquals(List.of(), deliver(h, new Message.OfEvidence(ahead)), "a later height: this node is behind");
        KeyPair stranger = KeyPair.fromSeed(new byte[32]);
        Evidence ofStranger = new Evidence(Vote.sign(VoteType.PREVOTE, Harness.CHAIN, 1, 0, a.hash(), 0, "bank-9", stranger),
                Vote.sign(VoteType.PREVOTE, Harness.CHAIN, 1, 0, b.hash(), 0, "bank-9", stranger));
        assertTrue(dropped(deliver(h, new Message.OfEvidence(ofStranger))).toString().contains("not a validator"));
        assertEquals(2, verifications.get());
        Evidence forged = new Evidence(real.first(), new Vote(VoteType.PREVOTE, 1, 0, null, 0, "bank-2", real.first().signature()));
        Evidence otherRound = new Evidence(h.vote("bank-2", VoteType.PREVOTE, 1, 1, a.hash()), forged.second());
        assertInstanceOf(Rejection.Malformed.class, dropped(deliver(h, new Message.OfEvidence(otherRound))),
                "votes of two rounds do not conflict");
        assertEquals(2, verifications.get());
    }

    @Test
    void aDropSaysWhatWasDroppedWhereAndFromWhom() {
        Harness h = harness();
        KeyPair stranger = KeyPair.fromSeed(new byte[32]);
        Vote vote = Vote.sign(VoteType.PRECOMMIT, Harness.CHAIN, 1, 3, null, h.nowMillis, "bank-9", stranger);
        assertEquals("precommit h=1 r=3 from bank-9", Harness.of(h.receive(vote), Effect.Dropped.class).get(0).what());
        String impostor = notProposerOf(h, 1, 2);
        Proposal forged = Proposal.sign(Harness.CHAIN, 1, 2, -1, Harness.block(1, "x"), impostor, h.keys.get(impostor));
        assertEquals("proposal h=1 r=2 from " + impostor,
                Harness.of(deliver(h, new Message.OfProposal(forged)), Effect.Dropped.class).get(0).what());
        Block a = Harness.block(1, "a");
        Evidence notConflicting = new Evidence(h.vote("bank-2", VoteType.PREVOTE, 1, 4, a.hash()),
                h.vote("bank-2", VoteType.PREVOTE, 1, 5, Harness.block(1, "b").hash()));
        assertEquals("evidence h=1 r=4 from bank-2",
                Harness.of(deliver(h, new Message.OfEvidence(notConflicting)), Effect.Dropped.class).get(0).what());
    }

    @Test
    void aProposalVerifiesUnderItsProposersKeyOnlyAndStepsAreOrdered() {
        Harness h = harness();
        Proposal p = h.proposal(1, 0, -1, Harness.block(1, "a"));
        assertTrue(p.verify(Harness.CHAIN, h.keys.get(p.proposer()).publicKey()));
        String other = notProposerOf(h, 1, 0);
        assertTrue(!p.verify(Harness.CHAIN, h.keys.get(other).publicKey()));
        assertTrue(!p.verify("another-chain", h.keys.get(p.proposer()).publicKey()));
        assertEquals(0, new Message.OfProposal(p).round());
        assertEquals(2, new Message.OfProposal(h.proposal(1, 2, -1, Harness.block(1, "a"))).round());
        assertTrue(Step.PRECOMMIT.atLeast(Step.PREVOTE));
        assertTrue(Step.PREVOTE.atLeast(Step.PREVOTE));
        assertTrue(!Step.PROPOSE.atLeast(Step.PREVOTE));
    }
}
