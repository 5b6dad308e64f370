package io.khata.net.consensus;

import static io.khata.net.consensus.Harness.block;
import static io.khata.net.consensus.Harness.broadcastVotes;
import static io.khata.net.consensus.Harness.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Limits;
import io.khata.core.block.Block;
import io.khata.core.block.Evidence;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteType;
import io.khata.core.crypto.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Never double-signing, equivocation evidence, bad input dropped as values, future messages buffered. */
class SafetyAndInputTest {
    private final Block v = block(1, "v");

    @Test
    void afterARestartItNeverSignsAtOrBelowItsSavedPosition_andResendsItsLastVote() {
        Harness before = new Harness("bank-0");
        before.propose(1, 0, -1, v, true);
        SignState saved = before.consensus.signState();
        assertEquals(Step.PREVOTE, saved.step());

        Harness after = new Harness("bank-0", saved, Consensus::new);
        assertEquals(saved.lastVote(), broadcastVotes(after.effects, VoteType.PREVOTE).get(0), "the same signed vote again");
        Block other = block(1, "other");
        assertTrue(broadcastVotes(after.propose(1, 0, -1, other, true), VoteType.PREVOTE).isEmpty(),
                "no second prevote for round 0");
        assertEquals(Step.PREVOTE, after.consensus.step());
    }

    @Test
    void aRestartRestoresTheLock() {
        Harness before = new Harness("bank-0");
        before.propose(1, 0, -1, v, true);
        before.votes(VoteType.PREVOTE, 1, 0, v.hash(), "bank-1", "bank-2");
        Harness after = new Harness("bank-0", before.consensus.signState(), Consensus::new);
        assertEquals(0, after.consensus.lockedRound());
        assertEquals(v.hash(), after.consensus.lockedBlockHash());
        assertEquals(v, after.consensus.validBlock(), "the locked block is its valid value again");
        List<Effect> effects = after.votes(VoteType.PRECOMMIT, 1, 3, null, "bank-1", "bank-2"); // round 3: bank-0 proposes
        Proposal proposal = ((Message.OfProposal) of(effects, Effect.Broadcast.class).get(0).message()).proposal();
        assertEquals(v, proposal.block());
        assertEquals(0, proposal.validRound());
        assertEquals(3, broadcastVotes(effects, VoteType.PREVOTE).stream().filter(p -> p.round() == 0).count(),
                "with the proof of lock it saved");
    }

    @Test
    void everySignedMessageFollowsTheSaveOfItsPosition() {
        Harness h = new Harness("bank-0");
        List<Effect> effects = new java.util.ArrayList<>(h.propose(1, 0, -1, v, true));
        effects.addAll(h.votes(VoteType.PREVOTE, 1, 0, v.hash(), "bank-1", "bank-2"));
        SignState lastSaved = null;
        for (Effect effect : effects) {
            if (effect instanceof Effect.PersistSignState persist) {
                lastSaved = persist.state();
            } else if (effect instanceof Effect.Broadcast broadcast && broadcast.message() instanceof Message.OfVote vote
                    && vote.vote().validator().equals("bank-0")) {
                assertEquals(vote.vote(), lastSaved.lastVote());
            }
        }
    }

    @Test
    void conflictingVotesBecomeEvidenceOfferedToALaterBlock() {
        Harness h = new Harness("bank-0");
        h.receive(h.vote("bank-3", VoteType.PREVOTE, 1, 0, v.hash()));
        List<Effect> effects = h.receive(h.vote("bank-3", VoteType.PREVOTE, 1, 0, null));
        Evidence evidence = of(effects, Effect.EvidenceFound.class).get(0).evidence();
        assertEquals("bank-3", evidence.validator());
        assertEquals(List.of(evidence), h.consensus.pendingEvidence());
        assertTrue(h.receive(h.vote("bank-3", VoteType.PREVOTE, 1, 0, null)).isEmpty(), "reported once");

        h.propose(1, 0, -1, v, true);
        h.votes(VoteType.PRECOMMIT, 1, 0, v.hash(), "bank-1", "bank-2", "bank-3"); // height 1 decided
        effects = h.votes(VoteType.PRECOMMIT, 2, 2, null, "bank-1", "bank-2"); // height 2, round 2: bank-0 proposes
        assertEquals(List.of(evidence), of(effects, Effect.BuildProposal.class).get(0).evidence());
    }

    @Test
    void anEquivocatorCountsTowardBothValues() {
        Harness h = new Harness("bank-0");
        h.propose(1, 0, -1, v, true); // bank-0 prevotes v
        h.receive(h.vote("bank-3", VoteType.PREVOTE, 1, 0, null));
        h.receive(h.vote("bank-1", VoteType.PREVOTE, 1, 0, v.hash()));
        List<Effect> effects = h.receive(h.vote("bank-3", VoteType.PREVOTE, 1, 0, v.hash()));
        assertEquals(v.hash(), broadcastVotes(effects, VoteType.PRECOMMIT).get(0).blockHash());
    }

    @Test
    void badMessagesAreDroppedAsValues() {
        Harness h = new Harness("bank-0");
        KeyPair stranger = KeyPair.fromSeed(new byte[32]);
        Vote outsider = Vote.sign(VoteType.PREVOTE, Harness.CHAIN, 1, 0, null, Harness.TIME_MILLIS, "outsider", stranger);
        Vote forged = Vote.sign(VoteType.PREVOTE, Harness.CHAIN, 1, 0, null, Harness.TIME_MILLIS, "bank-1", h.keys.get("bank-2"));
        Vote wrongChain = Vote.sign(VoteType.PREVOTE, "other-chain", 1, 0, null, Harness.TIME_MILLIS, "bank-1", h.keys.get("bank-1"));
        Vote farAhead = h.vote("bank-1", VoteType.PREVOTE, 1, 1_000, null);
        Proposal outOfTurn = Proposal.sign(Harness.CHAIN, 1, 0, -1, v, "bank-2", h.keys.get("bank-2"));
        for (Message bad : List.of(new Message.OfVote(outsider), new Message.OfVote(forged), new Message.OfVote(wrongChain),
                new Message.OfVote(farAhead), new Message.OfProposal(outOfTurn))) {
            List<Effect> effects = h.on(new Event.Received(bad));
            assertEquals(1, of(effects, Effect.Dropped.class).size(), bad.toString());
        }
        assertEquals(0, h.consensus.round());
        assertEquals(Step.PROPOSE, h.consensus.step());
        assertFalse(MessageCodec.decode(new byte[] {1, 2, 3}, Limits.DEFAULT).isOk());
        assertFalse(MessageCodec.decode(new byte[0], Limits.DEFAULT).isOk());
    }

    @Test
    void codecRoundTrips() {
        Harness h = new Harness("bank-0");
        Message proposal = new Message.OfProposal(h.proposal(1, 2, 1, v));
        Message vote = new Message.OfVote(h.vote("bank-1", VoteType.PRECOMMIT, 1, 2, v.hash()));
        assertEquals(proposal, MessageCodec.decode(MessageCodec.encode(proposal), Limits.DEFAULT).value());
        assertEquals(vote, MessageCodec.decode(MessageCodec.encode(vote), Limits.DEFAULT).value());
    }

    @Test
    void messagesOfTheNextHeightAreBufferedAndReplayed() {
        Harness h = new Harness("bank-0");
        h.receive(h.vote("bank-1", VoteType.PREVOTE, 2, 0, null));
        h.receive(h.vote("bank-2", VoteType.PREVOTE, 2, 0, null));
        assertEquals(2, h.consensus.bufferedFutureMessages());
        h.propose(1, 0, -1, v, true);
        h.votes(VoteType.PRECOMMIT, 1, 0, v.hash(), "bank-1", "bank-2", "bank-3");
        assertEquals(2, h.consensus.height());
        assertEquals(0, h.consensus.bufferedFutureMessages());
        List<Effect> effects = h.on(new Event.TimeoutFired(2, 0, TimeoutKind.PROPOSE));
        assertEquals(1, broadcastVotes(effects, VoteType.PRECOMMIT).size(), "the replayed nil prevotes make a nil polka");
    }

    @Test
    void whenMoreThanOneThirdIsAheadItAsksForBlockSync() {
        Harness h = new Harness("bank-0");
        h.receive(h.vote("bank-1", VoteType.PREVOTE, 5, 0, null));
        List<Effect> effects = h.receive(h.vote("bank-2", VoteType.PREVOTE, 5, 0, null));
        Effect.ScheduleTimeout sync = of(effects, Effect.ScheduleTimeout.class).get(0);
        assertEquals(TimeoutKind.SYNC, sync.kind());
        effects = h.on(new Event.TimeoutFired(sync.height(), sync.round(), TimeoutKind.SYNC));
        assertEquals(1, of(effects, Effect.RequestSync.class).get(0).fromHeight());
        h.on(new Event.Synced(4, List.of()));
        assertEquals(5, h.consensus.height());
    }

    @Test
    void afterARestartItResendsTheCommitOfItsLastBlock_andIgnoresOneOfAnotherHeight() {
        Harness h = new Harness("bank-0");
        List<Vote> precommits = List.of(h.vote("bank-1", VoteType.PRECOMMIT, 1, 0, v.hash()),
                h.vote("bank-2", VoteType.PRECOMMIT, 1, 0, v.hash()), h.vote("bank-3", VoteType.PRECOMMIT, 1, 0, v.hash()));
        io.khata.core.block.Commit lastCommit = io.khata.core.block.Commit.of(1, 0, v.hash(), precommits);
        ConsensusConfig config = ConsensusConfig.of(Harness.CHAIN, "bank-0", h.keys.get("bank-0"), Harness.TIMEOUTS);

        Consensus restarted = new Consensus(config, h.validators, 1, SignState.NONE);
        restarted.start(lastCommit, Harness.TIME_MILLIS);
        List<Effect> gossip = restarted.on(new Event.TimeoutFired(2, 0, TimeoutKind.GOSSIP), Harness.TIME_MILLIS);
        assertEquals(precommits, broadcastVotes(gossip, VoteType.PRECOMMIT), "a peer still at height 1 can decide");

        Consensus wrongHeight = new Consensus(config, h.validators, 2, SignState.NONE);
        wrongHeight.start(lastCommit, Harness.TIME_MILLIS);
        gossip = wrongHeight.on(new Event.TimeoutFired(3, 0, TimeoutKind.GOSSIP), Harness.TIME_MILLIS);
        assertTrue(broadcastVotes(gossip, VoteType.PRECOMMIT).isEmpty(), "a commit of height 1 is not the last of height 2");
    }

    @Test
    void afterARestartPastAPrecommitItResendsThePrevoteOfThatRoundToo() {
        Harness before = new Harness("bank-0");
        before.propose(1, 0, -1, v, true);
        before.votes(VoteType.PREVOTE, 1, 0, v.hash(), "bank-1", "bank-2");
        SignState saved = before.consensus.signState();
        assertEquals(Step.PRECOMMIT, saved.step());

        Harness after = new Harness("bank-0", saved, Consensus::new);
        assertEquals(List.of(saved.roundPrevote()), broadcastVotes(after.effects, VoteType.PREVOTE));
        assertEquals(v.hash(), saved.roundPrevote().blockHash());
        assertEquals(List.of(saved.lastVote()), broadcastVotes(after.effects, VoteType.PRECOMMIT));
        List<Effect> gossip = after.on(new Event.TimeoutFired(1, 0, TimeoutKind.GOSSIP));
        assertEquals(List.of(saved.roundPrevote()), broadcastVotes(gossip, VoteType.PREVOTE), "and keeps re-sending it");
    }

    /** A node restored from a backup: its ledger is at 0, its sign-state holds a lock at height 3, round 0. */
    private static Harness restoredWithLockAtHeight3(Block locked) {
        Harness keys = new Harness("bank-0");
        Vote prevote = keys.vote("bank-0", VoteType.PREVOTE, 3, 0, locked.hash());
        Vote precommit = keys.vote("bank-0", VoteType.PRECOMMIT, 3, 0, locked.hash());
        SignState saved = new SignState(3, 0, Step.PRECOMMIT, 0, locked.hash(), precommit, null, List.of(), prevote);
        Harness restored = new Harness("bank-0", saved, Consensus::new);
        assertEquals(-1, restored.consensus.lockedRound(), "height 1 is not the height it locked at");
        List<Effect> effects = restored.on(new Event.Synced(2, List.of()));
        assertEquals(3, restored.consensus.height());
        assertEquals(0, restored.consensus.lockedRound(), "the lock holds again once sync reaches its height");
        assertEquals(locked.hash(), restored.consensus.lockedBlockHash());
        assertEquals(List.of(precommit), broadcastVotes(effects, VoteType.PRECOMMIT), "and its precommit goes out again");
        return restored;
    }

    /** A round after the lock's in which bank-0 does not propose, entered on f+1 nil prevotes of it. */
    private static int enterLaterRound(Harness h) {
        int round = 1;
        while (Proposers.proposer(h.validators, 3, round).equals("bank-0")) {
            round++;
        }
        h.votes(VoteType.PREVOTE, 3, round, null, "bank-1", "bank-2");
        assertEquals(round, h.consensus.round());
        return round;
    }

    @Test
    void restartsThatForget_aLockIsReappliedWhenBlockSyncReachesItsHeight() {
        Block locked = block(3, "locked");
        Harness h = restoredWithLockAtHeight3(locked);
        int round = enterLaterRound(h);
        List<Effect> effects = h.propose(3, round, -1, block(3, "other"), true);
        List<Vote> prevotes = broadcastVotes(effects, VoteType.PREVOTE);
        assertEquals(1, prevotes.size());
        assertEquals(null, prevotes.get(0).blockHash(), "locked on another block: prevote nil (line 26)");

        Harness again = restoredWithLockAtHeight3(locked);
        round = enterLaterRound(again);
        prevotes = broadcastVotes(again.propose(3, round, -1, locked, true), VoteType.PREVOTE);
        assertEquals(locked.hash(), prevotes.get(0).blockHash(), "its locked block it prevotes (line 24)");
    }
}
