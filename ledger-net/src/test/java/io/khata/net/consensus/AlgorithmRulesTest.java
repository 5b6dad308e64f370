package io.khata.net.consensus;

import static io.khata.net.consensus.Harness.block;
import static io.khata.net.consensus.Harness.broadcastVotes;
import static io.khata.net.consensus.Harness.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.block.Block;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per rule of Algorithm 1 (line numbers of arXiv:1807.04938), seen from bank-0. */
class AlgorithmRulesTest {
    private final Block v = block(1, "v");
    private final Block w = block(1, "w");

    @Test
    void line22_validProposalWithoutLockIsPrevoted() {
        Harness h = new Harness("bank-0");
        List<Effect> effects = h.propose(1, 0, -1, v, true);
        assertEquals(v.hash(), broadcastVotes(effects, VoteType.PREVOTE).get(0).blockHash());
        assertEquals(Step.PREVOTE, h.consensus.step());
    }

    @Test
    void line22_invalidProposalIsPrevotedNil() {
        Harness h = new Harness("bank-0");
        assertTrue(broadcastVotes(h.propose(1, 0, -1, v, false), VoteType.PREVOTE).get(0).isNil());
    }

    @Test
    void line22_waitsForValidation() {
        Harness h = new Harness("bank-0");
        List<Effect> effects = h.on(new Event.Received(new Message.OfProposal(h.proposal(1, 0, -1, v))));
        assertEquals(v, of(effects, Effect.ValidateBlock.class).get(0).block());
        assertTrue(broadcastVotes(effects, VoteType.PREVOTE).isEmpty());
        assertEquals(Step.PROPOSE, h.consensus.step());
    }

    @Test
    void line57_timeoutProposePrevotesNil() {
        Harness h = new Harness("bank-0");
        assertTrue(broadcastVotes(h.on(new Event.TimeoutFired(1, 0, TimeoutKind.PROPOSE)), VoteType.PREVOTE).get(0).isNil());
        assertEquals(Step.PREVOTE, h.consensus.step());
        assertTrue(h.on(new Event.TimeoutFired(1, 0, TimeoutKind.PROPOSE)).stream()
                .noneMatch(e -> e instanceof Effect.Broadcast), "a stale timeout does nothing");
    }

    @Test
    void lines34and61_anyPrevoteQuorumStartsTimeoutPrevoteWhichPrecommitsNil() {
        Harness h = new Harness("bank-0");
        h.on(new Event.TimeoutFired(1, 0, TimeoutKind.PROPOSE));
        List<Effect> effects = h.votes(VoteType.PREVOTE, 1, 0, v.hash(), "bank-1", "bank-2");
        Effect.ScheduleTimeout timeout = of(effects, Effect.ScheduleTimeout.class).get(0);
        assertEquals(TimeoutKind.PREVOTE, timeout.kind());
        assertEquals(Harness.TIMEOUTS.delayMillis(TimeoutKind.PREVOTE, 0), timeout.delayMillis());
        assertTrue(broadcastVotes(h.on(new Event.TimeoutFired(1, 0, TimeoutKind.PREVOTE)), VoteType.PRECOMMIT).get(0).isNil());
        assertEquals(Step.PRECOMMIT, h.consensus.step());
    }

    @Test
    void line36_polkaLocksAndPrecommits_afterPersistingTheLock() {
        Harness h = new Harness("bank-0");
        h.propose(1, 0, -1, v, true);
        List<Effect> effects = h.votes(VoteType.PREVOTE, 1, 0, v.hash(), "bank-1", "bank-2");
        Vote precommit = broadcastVotes(effects, VoteType.PRECOMMIT).get(0);
        assertEquals(v.hash(), precommit.blockHash());
        assertEquals(0, h.consensus.lockedRound());
        assertEquals(v.hash(), h.consensus.lockedBlockHash());
        assertEquals(0, h.consensus.validRound());
        assertEquals(v, h.consensus.validBlock());
        int persisted = indexOf(effects, Effect.PersistSignState.class);
        int sent = indexOf(effects, Effect.Broadcast.class);
        assertTrue(persisted >= 0 && persisted < sent, "the sign-state is saved before the precommit leaves");
        SignState saved = ((Effect.PersistSignState) effects.get(persisted)).state();
        assertEquals(new SignState(1, 0, Step.PRECOMMIT, 0, v.hash(), precommit), new SignState(saved.height(),
                saved.round(), saved.step(), saved.lockedRound(), saved.lockedBlockHash(), saved.lastVote()));
        assertEquals(v, saved.lockedBlock());
        assertEquals(3, saved.lockProof().size());
    }

    @Test
    void line44_nilPolkaPrecommitsNil() {
        Harness h = new Harness("bank-0");
        h.on(new Event.TimeoutFired(1, 0, TimeoutKind.PROPOSE));
        assertTrue(broadcastVotes(h.votes(VoteType.PREVOTE, 1, 0, null, "bank-1", "bank-2"), VoteType.PRECOMMIT)
                .get(0).isNil());
    }

    @Test
    void lines47and65_anyPrecommitQuorumStartsTimeoutPrecommitWhichStartsTheNextRound() {
        Harness h = new Harness("bank-0");
        h.on(new Event.TimeoutFired(1, 0, TimeoutKind.PROPOSE));
        h.on(new Event.TimeoutFired(1, 0, TimeoutKind.PREVOTE));
        List<Effect> effects = h.votes(VoteType.PRECOMMIT, 1, 0, v.hash(), "bank-1", "bank-2");
        assertTrue(of(effects, Effect.ScheduleTimeout.class).stream().anyMatch(t -> t.kind() == TimeoutKind.PRECOMMIT));
        h.on(new Event.TimeoutFired(1, 0, TimeoutKind.PRECOMMIT));
        assertEquals(1, h.consensus.round());
        assertEquals(Step.PROPOSE, h.consensus.step());
    }

    @Test
    void line49_proposalAndPrecommitQuorumDecideWithACommitCertificate() {
        Harness h = new Harness("bank-0");
        h.propose(1, 0, -1, v, true);
        List<Effect> effects = h.votes(VoteType.PRECOMMIT, 1, 0, v.hash(), "bank-1", "bank-2", "bank-3");
        Effect.Commit commit = of(effects, Effect.Commit.class).get(0);
        assertEquals(v, commit.block());
        assertEquals(3, commit.commit().signatures().size());
        assertEquals(2, h.consensus.height());
        assertEquals(0, h.consensus.round());
        assertEquals(-1, h.consensus.lockedRound(), "line 53 resets the lock");
    }

    @Test
    void line49_noDecisionBeforeTheBlockIsKnownValid() {
        Harness h = new Harness("bank-0");
        h.on(new Event.Received(new Message.OfProposal(h.proposal(1, 0, -1, v))));
        assertTrue(of(h.votes(VoteType.PRECOMMIT, 1, 0, v.hash(), "bank-1", "bank-2", "bank-3"), Effect.Commit.class).isEmpty());
        assertEquals(1, of(h.on(new Event.BlockValidated(1, v.hash(), true)), Effect.Commit.class).size());
    }

    @Test
    void line23_aLockedValidatorPrevotesNilForAnotherFreshProposal() {
        Harness h = lockedOnVThenRound1();
        assertTrue(broadcastVotes(h.propose(1, 1, -1, w, true), VoteType.PREVOTE).get(0).isNil());
    }

    @Test
    void line23_aLockedValidatorPrevotesItsLockedValueAgain() {
        Harness h = lockedOnVThenRound1();
        assertEquals(v.hash(), broadcastVotes(h.propose(1, 1, -1, v, true), VoteType.PREVOTE).get(0).blockHash());
    }

    @Test
    void line29_aLaterPolkaUnlocks() {
        Harness h = lockedOnVThenRound1();
        h.votes(VoteType.PREVOTE, 1, 1, w.hash(), "bank-1", "bank-2", "bank-3");
        h.votes(VoteType.PRECOMMIT, 1, 2, null, "bank-1", "bank-2");
        assertEquals(2, h.consensus.round());
        assertEquals(w.hash(), broadcastVotes(h.propose(1, 2, 1, w, true), VoteType.PREVOTE).get(0).blockHash());
    }

    @Test
    void line29_aPolkaOlderThanTheLockDoesNotUnlock() {
        Harness h = new Harness("bank-0");
        h.votes(VoteType.PREVOTE, 1, 1, w.hash(), "bank-1", "bank-2", "bank-3");
        h.votes(VoteType.PRECOMMIT, 1, 2, null, "bank-1", "bank-2"); // skip to round 2
        h.propose(1, 2, -1, v, true);
        h.votes(VoteType.PREVOTE, 1, 2, v.hash(), "bank-1", "bank-2"); // locked on v in round 2
        assertEquals(2, h.consensus.lockedRound());
        h.votes(VoteType.PRECOMMIT, 1, 3, null, "bank-1", "bank-2"); // skip to round 3, bank-0 proposes
        h.votes(VoteType.PRECOMMIT, 1, 4, null, "bank-1", "bank-2"); // skip to round 4, bank-1 proposes
        assertTrue(broadcastVotes(h.propose(1, 4, 1, w, true), VoteType.PREVOTE).get(0).isNil());
    }

    @Test
    void line42_aPolkaSeenAfterPrecommittingNilUpdatesTheValidValueButNotTheLock() {
        Harness h = new Harness("bank-0");
        h.on(new Event.TimeoutFired(1, 0, TimeoutKind.PROPOSE));
        h.on(new Event.TimeoutFired(1, 0, TimeoutKind.PREVOTE));
        assertEquals(Step.PRECOMMIT, h.consensus.step());
        h.propose(1, 0, -1, v, true);
        List<Effect> effects = h.votes(VoteType.PREVOTE, 1, 0, v.hash(), "bank-1", "bank-2", "bank-3");
        assertTrue(broadcastVotes(effects, VoteType.PRECOMMIT).isEmpty());
        assertEquals(0, h.consensus.validRound());
        assertEquals(v, h.consensus.validBlock());
        assertEquals(-1, h.consensus.lockedRound());
    }

    @Test
    void lines15to19_theProposerReproposesItsValidValueWithItsProofOfLock() {
        Harness h = new Harness("bank-0");
        h.propose(1, 0, -1, v, true);
        h.votes(VoteType.PREVOTE, 1, 0, v.hash(), "bank-1", "bank-2");
        List<Effect> effects = h.votes(VoteType.PRECOMMIT, 1, 3, null, "bank-1", "bank-2"); // skip to round 3
        Effect.Broadcast first = of(effects, Effect.Broadcast.class).get(0);
        Proposal proposal = ((Message.OfProposal) first.message()).proposal();
        assertEquals(3, proposal.round());
        assertEquals(0, proposal.validRound());
        assertEquals(v, proposal.block());
        assertEquals(3, broadcastVotes(effects, VoteType.PREVOTE).stream().filter(p -> p.round() == 0).count(),
                "the 2f+1 prevotes of round 0 are forwarded with the proposal");
    }

    @Test
    void line18_aProposerWithoutValidValueAsksForABlockAndProposesIt() {
        Harness h = new Harness("bank-0");
        List<Effect> effects = h.votes(VoteType.PRECOMMIT, 1, 3, null, "bank-1", "bank-2");
        Effect.BuildProposal build = of(effects, Effect.BuildProposal.class).get(0);
        assertEquals(3, build.round());
        effects = h.on(new Event.ProposalBuilt(1, 3, v));
        Proposal proposal = ((Message.OfProposal) of(effects, Effect.Broadcast.class).get(0).message()).proposal();
        assertEquals(-1, proposal.validRound());
        assertEquals(v.hash(), broadcastVotes(effects, VoteType.PREVOTE).get(0).blockHash(), "and prevotes its own block");
    }

    @Test
    void line55_messagesOfAHigherRoundFromMoreThanOneThirdSkipToIt() {
        Harness h = new Harness("bank-0");
        h.receive(h.vote("bank-1", VoteType.PREVOTE, 1, 5, null));
        assertEquals(0, h.consensus.round(), "one validator is not more than 1/3");
        h.receive(h.vote("bank-2", VoteType.PRECOMMIT, 1, 5, null));
        assertEquals(5, h.consensus.round());
        assertEquals(Step.PROPOSE, h.consensus.step());
    }

    private Harness lockedOnVThenRound1() {
        Harness h = new Harness("bank-0");
        h.propose(1, 0, -1, v, true);
        h.votes(VoteType.PREVOTE, 1, 0, v.hash(), "bank-1", "bank-2");
        h.votes(VoteType.PRECOMMIT, 1, 0, null, "bank-1", "bank-2");
        h.on(new Event.TimeoutFired(1, 0, TimeoutKind.PRECOMMIT));
        assertEquals(1, h.consensus.round());
        assertEquals(0, h.consensus.lockedRound());
        return h;
    }

    static int indexOf(List<Effect> effects, Class<? extends Effect> kind) {
        for (int i = 0; i < effects.size(); i++) {
            if (kind.isInstance(effects.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void timeoutsGrowLinearlyUpToTheCap() {
        Timeouts timeouts = Harness.TIMEOUTS;
        assertEquals(300, timeouts.delayMillis(TimeoutKind.PROPOSE, 0));
        assertEquals(800, timeouts.delayMillis(TimeoutKind.PROPOSE, 5));
        assertEquals(1_000, timeouts.delayMillis(TimeoutKind.PROPOSE, 1_000_000));
    }

    @Test
    void theProposerRotatesByHeightPlusRound() {
        Harness h = new Harness("bank-0");
        assertEquals("bank-1", Proposers.proposer(h.validators, 1, 0));
        assertEquals("bank-0", Proposers.proposer(h.validators, 1, 3));
        assertEquals("bank-2", Proposers.proposer(h.validators, 2, 0));
        assertNull(h.consensus.lockedBlockHash());
    }
}
