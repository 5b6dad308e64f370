package io.khata.net.consensus;

import io.khata.core.Rejection;
import io.khata.core.block.Block;
import io.khata.core.block.Commit;
import io.khata.core.block.Evidence;
import io.khata.core.block.Validator;
import io.khata.core.block.ValidatorSet;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteType;
import io.khata.core.crypto.Hash;
import io.khata.core.validate.CommitVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tendermint consensus for one validator, as Algorithm 1 of "The latest gossip on BFT
 * consensus" (Buchman, Kwon, Milosevic, arXiv:1807.04938), as a step function: {@link #on}
 * takes one {@link Event} and returns the {@link Effect}s the shell must perform, in order.
 * Line numbers in comments are the lines of Algorithm 1.
 *
 * <p>After every event the upon-rules are evaluated until none fires, which is how the paper
 * executes them ("upon rules are executed atomically"). {@code valid(v)} is the ledger's
 * answer to {@link Effect.ValidateBlock}; a rule that needs it waits until it has arrived.
 *
 * <p>Deviations from the paper, each harmless to safety: {@code timeoutPropose} is also
 * scheduled by the proposer (a shell that never answers {@link Effect.BuildProposal} cannot
 * stall the round); the decision rule (line 49) and the polka rule (line 36) find the block
 * by hash among all proposals of the height, since {@code id(v)} determines {@code v}; after
 * a restart the first round is the one of the persisted sign-state, not 0.
 *
 * <p>Not final only so that the simulator's deliberately broken variants
 * ({@code io.khata.net.sim.Broken}) can drop the locking rule or decide without the block and
 * show that its checker catches them: see {@link #lockPermits} and
 * {@link #decidedWithoutTheBlock}. Their quorum variants go through {@link QuorumRule}.
 */
public class Consensus {
    private final ConsensusConfig config;
    private final java.util.function.LongFunction<ValidatorSet> validatorsAt;
    /** The validators of the current height. */
    private ValidatorSet validators;
    private final EvidencePool evidence;
    /** The evidence offered to the last block this validator asked its ledger to build, at {@link #height}. */
    private List<Evidence> evidenceOffered = List.of();
    private final FutureMessages future;
    private SignState signed;

    private long height;
    private int round;
    private Step step;
    private int lockedRound = -1;
    private Hash lockedBlockHash;
    private int validRound = -1;
    private Block validBlock;
    private HeightLog log;
    private boolean syncArmed;
    /** The precommits that decided the previous height, re-sent so that a node still there can decide too. */
    private List<Vote> lastCommitVotes = List.of();
    private List<Effect> out = new ArrayList<>();
    /**
     * The shell's clock when it handed in the current event (or started this state machine),
     * milliseconds since the Unix epoch: the time stamped on every vote signed while handling it.
     * Read nowhere else; nothing here depends on it but those stamps (BFT time).
     */
    private long nowMillis;

    /**
     * @param committedHeight the ledger's height: consensus runs for the next one
     * @param restored        the sign-state saved before a crash, or {@link SignState#NONE}
     */
    public Consensus(ConsensusConfig config, ValidatorSet validators, long committedHeight, SignState restored) {
        this(config, height -> validators, committedHeight, restored);
    }

    /**
     * A validator whose set may change with the height: {@code validatorsAt} answers from the
     * committed chain (a change committed at h takes effect at h + 2, so the set of the next
     * height is known before the current one is committed). It must be a pure function of the
     * chain, the same on every node.
     */
    public Consensus(ConsensusConfig config, java.util.function.LongFunction<ValidatorSet> validatorsAt,
                     long committedHeight, SignState restored) {
        this.config = config;
        this.validatorsAt = validatorsAt;
        this.validators = validatorsAt.apply(committedHeight + 1);
        this.evidence = new EvidencePool(config.evidencePendingMax(), 10 * config.evidencePendingMax());
        this.future = new FutureMessages(config.futureMessagesMax(), config.futureBytesPerSenderMax(),
                config.futureBytesMax());
        this.signed = restored;
        this.height = committedHeight + 1;
        this.log = new HeightLog(validators, config.quorumRule());
        reapplySignedLock();
    }

    /**
     * Entering the height the sign-state was saved at, at start-up or later by block sync (a
     * node restored from an old backup, or restarted far behind): its lock holds again, with
     * the locked block when it was saved. Without this a validator that precommitted v could,
     * reaching that height by sync, prevote another value and help it to a quorum.
     */
    private void reapplySignedLock() {
        if (signed.height() != height) {
            return;
        }
        lockedRound = signed.lockedRound();
        lockedBlockHash = signed.lockedBlockHash();
        restoreLockedBlock(signed);
    }

    /**
     * The locked block had a polka in the lock's round and was valid at this height, which the
     * ledger has not left: it is again this validator's valid value (lines 42-43), with its proof.
     */
    private void restoreLockedBlock(SignState restored) {
        if (restored.lockedBlock() == null) {
            return;
        }
        log.addBlock(restored.lockedBlock());
        log.setValidity(restored.lockedBlockHash(), true);
        for (Vote prevote : restored.lockProof()) {
            if (validators.contains(prevote.validator()) && prevote.height() == height
                    && prevote.round() == restored.lockedRound() && restored.lockedBlockHash().equals(prevote.blockHash())) {
                log.addVote(prevote);
            }
        }
        validBlock = restored.lockedBlock();
        validRound = restored.lockedRound();
    }

    // ------------------------------------------------------------------ entry points

    /**
     * Line 10, "upon start do StartRound(0)"; after a restart, the round of the sign-state.
     * {@code lastCommit} is the commit certificate of the ledger's last block (null at height 0).
     * It is re-sent with this validator's messages, as after a decision: a peer still at that
     * height, which may have missed the precommits while this node was down, can decide too (or
     * learn that it must fetch the block). A commit for another height is ignored.
     *
     * @param nowMillis the shell's clock, milliseconds since the Unix epoch (see {@link #on})
     */
    public List<Effect> start(Commit lastCommit, long nowMillis) {
        out = new ArrayList<>();
        this.nowMillis = nowMillis;
        if (lastCommit != null && lastCommit.height() == height - 1) {
            lastCommitVotes = lastCommit.votes();
        }
        schedule(TimeoutKind.GOSSIP, 0);
        startRound(signed.height() == height ? Math.max(0, signed.round()) : 0);
        resendLastVote();
        evaluateRules();
        return out;
    }

    /**
     * After a restart: the vote signed last at this height, and the prevote before it when it
     * is a precommit, go out again exactly as signed (and keep being re-sent with this
     * validator's other messages).
     */
    private void resendLastVote() {
        for (Vote vote : java.util.Arrays.asList(signed.roundPrevote(), signed.lastVote())) {
            if (vote == null || vote.height() != height) {
                continue;
            }
            Message message = new Message.OfVote(vote);
            log.addVote(vote);
            log.addSent(vote.round(), vote.type() + "/" + vote.round(), message);
            out.add(new Effect.Broadcast(message));
        }
    }

    /**
     * Handles one event.
     *
     * @param nowMillis the shell's clock when it hands in the event, milliseconds since the Unix
     *                  epoch; stamped on the votes signed in this step, whose precommits fix the
     *                  next block's time. Not checked: an absurd clock only makes this validator's
     *                  own stamps absurd, and the power-weighted median ignores a minority of those.
     */
    public List<Effect> on(Event event, long nowMillis) {
        out = new ArrayList<>();
        this.nowMillis = nowMillis;
        if (event instanceof Event.Received received) {
            receive(received.message());
        } else if (event instanceof Event.TimeoutFired timeout) {
            timeout(timeout);
        } else if (event instanceof Event.ProposalBuilt built) {
            proposalBuilt(built);
        } else if (event instanceof Event.BlockValidated validated) {
            if (validated.height() == height) {
                log.setValidity(validated.blockHash(), validated.valid());
            }
        } else if (event instanceof Event.CommitSeen seen) {
            commitSeen(seen.commit());
        } else if (event instanceof Event.Synced synced) {
            synced(synced);
        }
        evaluateRules();
        return out;
    }

    // ------------------------------------------------------------------ observers

    public long height() {
        return height;
    }

    public int round() {
        return round;
    }

    public Step step() {
        return step;
    }

    public int lockedRound() {
        return lockedRound;
    }

    public Hash lockedBlockHash() {
        return lockedBlockHash;
    }

    public int validRound() {
        return validRound;
    }

    public Block validBlock() {
        return validBlock;
    }

    /**
     * The votes of {@code type} this node holds for {@code round} of the current height, for
     * the shell's status exchange: a read, nothing changes. An empty list for a round not seen.
     */
    public List<Vote> heldVotes(VoteType type, int round) {
        return log.votes(type, round).all();
    }

    /** The proposals this node holds for {@code round} of the current height. */
    public List<Proposal> heldProposals(int round) {
        return log.proposals(round);
    }

    /** The validators of the current height, in id order. */
    public ValidatorSet currentValidators() {
        return validators;
    }

    public SignState signState() {
        return signed;
    }

    /** Equivocations found and not yet seen committed. */
    public List<Evidence> pendingEvidence() {
        return evidence.pending();
    }

    public int bufferedFutureMessages() {
        return future.size();
    }

    // ------------------------------------------------------------------ receiving messages

    /** Checks cheapest first: membership, height and round window, proposer, duplicate, signature. */
    private void receive(Message message) {
        if (message instanceof Message.OfEvidence forwarded) {
            receiveEvidence(forwarded);
            return;
        }
        if (message.height() < height) {
            return; // a decided height: nothing to do with it
        }
        Validator sender = validators.get(message.sender());
        if (sender == null) {
            drop(message, new Rejection.InvalidField("sender", message.sender(), "not a validator"));
            return;
        }
        if (message.height() == height && message.round() > round + config.roundsAheadMax()) {
            drop(message, new Rejection.InvalidField("round", Integer.toString(message.round()),
                    "more than " + config.roundsAheadMax() + " rounds ahead of " + round));
            return;
        }
        if (message instanceof Message.OfProposal proposal) {
            receiveProposal(proposal, sender);
        } else if (message instanceof Message.OfVote vote) {
            receiveVote(vote, sender);
        }
    }

    private void receiveProposal(Message.OfProposal message, Validator sender) {
        Proposal proposal = message.proposal();
        String expected = Proposers.proposer(validators, proposal.height(), proposal.round());
        if (!expected.equals(proposal.proposer())) {
            drop(message, new Rejection.InvalidField("proposal.proposer", proposal.proposer(), "the proposer is " + expected));
            return;
        }
        if (proposal.validRound() < -1 || proposal.validRound() >= proposal.round()
                || proposal.block().height() != proposal.height()) {
            drop(message, new Rejection.Malformed("proposal", "valid round or block height out of place"));
            return;
        }
        if (proposal.height() == height && (log.holdsProposal(proposal))) {
            return;
        }
        if (proposal.height() > height && future.holds(message)) {
            return; // a copy of a buffered proposal: dropped before its signature costs anything
        }
        if (proposal.height() == height && log.proposalsFull(proposal.round())) {
            drop(message, new Rejection.TooMany("proposals in round " + proposal.round(),
                    HeightLog.PROPOSALS_PER_ROUND_MAX + 1, HeightLog.PROPOSALS_PER_ROUND_MAX));
            return;
        }
        byte[] signedBytes = Proposal.signedBytes(config.chainId(), proposal.height(), proposal.round(),
                proposal.validRound(), proposal.blockHash());
        if (!config.verifier().verify(sender.key(), signedBytes, proposal.signature())) {
            drop(message, new Rejection.BadSignature(sender.key()));
            return;
        }
        if (proposal.height() > height) {
            keepForLater(message);
            return;
        }
        log.addProposal(proposal);
        requestValidation(proposal.block());
    }

    private void receiveVote(Message.OfVote message, Validator sender) {
        Vote vote = message.vote();
        if (vote.height() == height ? log.holds(vote) : future.holds(message)) {
            return;
        }
        if (!config.verifier().verify(sender.key(), vote.signedBytes(config.chainId()), vote.signature())) {
            drop(message, new Rejection.BadSignature(sender.key()));
            return;
        }
        if (vote.height() > height) {
            keepForLater(message);
            return;
        }
        Vote earlier = log.addVote(vote);
        if (earlier != null) {
            keepEvidence(new Evidence(earlier, vote).normalized());
        }
    }

    /**
     * Evidence forwarded by a peer, of this height or an earlier one: the two votes must be of
     * a validator of that height and carry its signatures. Known offences are not checked again.
     * The pool, not the message log, holds it, so it reaches a block whoever proposes next.
     */
    private void receiveEvidence(Message.OfEvidence message) {
        Evidence forwarded = message.evidence();
        if (forwarded.height() > height) {
            return; // this node is behind; the offence reaches it in a block, or again once it is there
        }
        if (!forwarded.first().conflictsWith(forwarded.second())) {
            drop(message, new Rejection.Malformed("evidence", "the two votes do not conflict"));
            return;
        }
        ValidatorSet then = forwarded.height() == height ? validators : validatorsAt.apply(forwarded.height());
        Validator offender = then.get(forwarded.validator());
        if (offender == null) {
            drop(message, new Rejection.InvalidField("evidence.validator", forwarded.validator(),
                    "not a validator at height " + forwarded.height()));
            return;
        }
        if (evidence.knows(forwarded)) {
            return;
        }
        for (Vote vote : List.of(forwarded.first(), forwarded.second())) {
            if (!config.verifier().verify(offender.key(), vote.signedBytes(config.chainId()), vote.signature())) {
                drop(message, new Rejection.BadSignature(offender.key()));
                return;
            }
        }
        keepEvidence(forwarded.normalized());
    }

    /** A new offence is pending for the next proposal and forwarded to every peer, once. */
    private void keepEvidence(Evidence found) {
        if (evidence.add(found)) {
            out.add(new Effect.EvidenceFound(found));
            out.add(new Effect.Broadcast(new Message.OfEvidence(found)));
        }
    }

    /** A checked message for a later height: buffered, and counted toward "this node is behind". */
    private void keepForLater(Message message) {
        future.noteSeen(message.sender(), message.height());
        armSyncIfBehind();
        if (message.height() > height + config.heightsAheadMax()) {
            return;
        }
        future.add(message).ifPresent(refused -> drop(message, refused));
    }

    private void armSyncIfBehind() {
        if (behind()) {
            armSync();
        }
    }

    private void armSync() {
        if (!syncArmed) {
            syncArmed = true;
            schedule(TimeoutKind.SYNC, round);
        }
    }

    /**
     * This node is behind when validators with more than 1/3 of the power (so at least one
     * honest one) were seen at later heights, or when more than 2/3 precommitted, in some round
     * of this height, a block this node does not hold.
     */
    private boolean behind() {
        if (validators.isOneThirdPlus(future.powerAbove(height, validators))) {
            return true;
        }
        for (int r : log.precommitRounds()) {
            Hash decided = log.votes(VoteType.PRECOMMIT, r).quorumBlock();
            if (decided != null && log.block(decided) == null) {
                return true;
            }
        }
        return false;
    }

    private void requestValidation(Block block) {
        if (log.needsValidation(block.hash())) {
            out.add(new Effect.ValidateBlock(block));
        }
    }

    private void drop(Message message, Rejection reason) {
        String kind = message instanceof Message.OfVote vote ? vote.vote().type().name().toLowerCase(java.util.Locale.ROOT)
                : message instanceof Message.OfEvidence ? "evidence" : "proposal";
        out.add(new Effect.Dropped(kind + " h=" + message.height() + " r=" + message.round() + " from "
                + message.sender(), reason));
    }

    // ------------------------------------------------------------------ the upon rules

    private void evaluateRules() {
        boolean fired = true;
        while (fired) {
            fired = decide() || skipRound() || proposeStep() || prevoteTimeoutRule() || polka()
                    || polkaForNil() || precommitTimeoutRule();
        }
    }

    /**
     * What to decide when more than 2/3 precommitted {@code decided} and this node does not
     * hold that block: nothing (it fetches the block by sync). A seam for the simulator's
     * deliberately broken variants only, which decide some other block they hold instead.
     */
    protected Block decidedWithoutTheBlock(Hash decided, java.util.Collection<Block> held) {
        return null;
    }

    /** Lines 49-54: a block of this height with 2f+1 precommits in some round, and valid(v), is decided. */
    private boolean decide() {
        for (int r : log.precommitRounds()) {
            Hash decided = log.votes(VoteType.PRECOMMIT, r).quorumBlock();
            if (decided == null) {
                continue;
            }
            Block block = log.block(decided);
            if (block == null) {
                block = decidedWithoutTheBlock(decided, log.blocks());
            } else if (!Boolean.TRUE.equals(log.validity(decided))) {
                continue; // line 50: wait for valid(v); an invalid v is never decided
            }
            if (block == null) {
                armSync(); // decided by the others, but this node never got the block: fetch it
                continue;
            }
            Commit commit = Commit.of(height, r, decided, log.votes(VoteType.PRECOMMIT, r).votesFor(decided));
            out.add(new Effect.Commit(block, commit)); // line 51
            evidence.markCommitted(block.evidence());
            lastCommitVotes = commit.votes();
            enterHeight(height + 1); // lines 52-54
            return true;
        }
        return false;
    }

    /** Lines 55-56: f+1 of the power sent messages of a higher round of this height: go there. */
    private boolean skipRound() {
        int higher = log.highestRoundWithOneThirdAbove(round);
        if (higher < 0) {
            return false;
        }
        startRound(higher);
        return true;
    }

    /** Lines 22-27 (a fresh proposal) and 28-33 (a proposal carrying a polka of round vr). */
    private boolean proposeStep() {
        if (step != Step.PROPOSE) {
            return false;
        }
        for (Proposal proposal : log.proposals(round)) {
            Boolean valid = log.validity(proposal.blockHash());
            if (valid == null) {
                continue;
            }
            int vr = proposal.validRound();
            if (vr >= 0 && !log.votes(VoteType.PREVOTE, vr).hasQuorumFor(proposal.blockHash())) {
                continue; // line 28 needs 2f+1 ⟨PREVOTE, h, vr, id(v)⟩ first
            }
            // line 23 (vr = -1: lockedRound = -1 ∨ lockedValue = v) and line 29 (lockedRound ≤ vr ∨ lockedValue = v)
            boolean accept = valid && lockPermits(proposal.blockHash(), vr);
            vote(VoteType.PREVOTE, accept ? proposal.blockHash() : null); // lines 24/26, 30/32
            step = Step.PREVOTE; // lines 27, 33
            return true;
        }
        return false;
    }

    /**
     * The locking rule of lines 23 and 29: a validator locked on a value prevotes another one
     * only if the proposal shows a polka from a round at or after its lock. With vr = -1,
     * {@code lockedRound <= vr} is {@code lockedRound = -1}, so one test serves both lines.
     * Overridden only by the simulator's deliberately broken variants.
     */
    protected boolean lockPermits(Hash blockHash, int proposalValidRound) {
        return lockedRound <= proposalValidRound || blockHash.equals(lockedBlockHash);
    }

    /** Lines 34-35: 2f+1 prevotes of any kind in this round, for the first time: start timeoutPrevote. */
    private boolean prevoteTimeoutRule() {
        if (step != Step.PREVOTE || !log.votes(VoteType.PREVOTE, round).hasQuorumAny()
                || !log.prevoteTimeoutScheduled.add(round)) {
            return false;
        }
        schedule(TimeoutKind.PREVOTE, round);
        return true;
    }

    /** Lines 36-43: a proposal of this round, valid, with 2f+1 prevotes: lock and precommit it; it is the valid value. */
    private boolean polka() {
        if (!step.atLeast(Step.PREVOTE)) {
            return false;
        }
        Hash polka = log.votes(VoteType.PREVOTE, round).quorumBlock();
        if (polka == null || log.block(polka) == null || !Boolean.TRUE.equals(log.validity(polka))
                || log.polkaHandled.contains(round)) {
            return false;
        }
        log.polkaHandled.add(round);
        if (step == Step.PREVOTE) {
            lockedBlockHash = polka; // line 38
            lockedRound = round; // line 39
            vote(VoteType.PRECOMMIT, polka); // line 40
            step = Step.PRECOMMIT; // line 41
        }
        validBlock = log.block(polka); // line 42
        validRound = round; // line 43
        return true;
    }

    /** Lines 44-46: 2f+1 prevotes for nil in this round: precommit nil. */
    private boolean polkaForNil() {
        if (step != Step.PREVOTE || !log.votes(VoteType.PREVOTE, round).hasQuorumFor(null)) {
            return false;
        }
        vote(VoteType.PRECOMMIT, null); // line 45
        step = Step.PRECOMMIT; // line 46
        return true;
    }

    /** Lines 47-48: 2f+1 precommits of any kind in this round, for the first time: start timeoutPrecommit. */
    private boolean precommitTimeoutRule() {
        if (!log.votes(VoteType.PRECOMMIT, round).hasQuorumAny() || !log.precommitTimeoutScheduled.add(round)) {
            return false;
        }
        schedule(TimeoutKind.PRECOMMIT, round);
        return true;
    }

    // ------------------------------------------------------------------ rounds and heights

    /** Lines 11-21, StartRound. */
    private void startRound(int newRound) {
        round = newRound; // line 12
        step = Step.PROPOSE; // line 13
        if (isProposer()) { // line 14
            if (validBlock != null) { // line 15
                propose(validBlock, validRound); // lines 16, 19
            } else {
                evidenceOffered = evidence.pendingBefore(height);
                out.add(new Effect.BuildProposal(height, round, evidenceOffered)); // line 18, getValue()
            }
        }
        schedule(TimeoutKind.PROPOSE, round); // line 21 (also for the proposer; see the class comment)
    }

    /**
     * Lines 52-54: the next height starts with no lock, no valid value and an empty message log;
     * unless this validator signed at that height before a restart (reached again by sync): then
     * its lock, its round and its last votes are those of the sign-state.
     */
    private void enterHeight(long newHeight) {
        height = newHeight;
        lockedRound = -1;
        lockedBlockHash = null;
        validRound = -1;
        validBlock = null;
        validators = validatorsAt.apply(newHeight);
        log = new HeightLog(validators, config.quorumRule());
        syncArmed = false;
        reapplySignedLock();
        startRound(signed.height() == height ? Math.max(0, signed.round()) : 0);
        resendLastVote();
        for (Message message : future.take(height)) {
            receive(message);
        }
        armSyncIfBehind();
    }

    private boolean isProposer() {
        return config.validatorId() != null
                && Proposers.proposer(validators, height, round).equals(config.validatorId());
    }

    private void proposalBuilt(Event.ProposalBuilt built) {
        if (built.height() == height && built.block().height() == height) {
            evidence.settleOffered(evidenceOffered, built.block().evidence());
            evidenceOffered = List.of();
        }
        if (built.height() != height || built.round() != round || step != Step.PROPOSE || !isProposer()
                || built.block().height() != height || !log.proposals(round).isEmpty()) {
            return; // a late answer for a round already left
        }
        log.setValidity(built.block().hash(), true); // built by this node's own ledger
        propose(built.block(), -1);
    }

    /** Line 19: sign and broadcast the proposal, after persisting that it was signed. */
    private void propose(Block block, int proposalValidRound) {
        if (!signed.permits(height, round, Step.PROPOSE)) {
            return; // signed here before a restart: never sign a second proposal for this round
        }
        Proposal proposal = Proposal.sign(config.chainId(), height, round, proposalValidRound, block,
                config.validatorId(), config.key());
        persist(Step.PROPOSE, null);
        Message message = new Message.OfProposal(proposal);
        out.add(new Effect.Broadcast(message));
        log.addSent(round, "proposal/" + round, message);
        log.addProposal(proposal);
        if (proposalValidRound >= 0) {
            relayProofOfLock(block.hash(), proposalValidRound);
        }
    }

    /**
     * Line 28 accepts a proposal only with 2f+1 prevotes of round vr for it. The paper's gossip
     * delivers them to everyone eventually; here the proposer forwards them with its proposal
     * (and re-sends them with its own messages), so a node that missed them, or restarted and
     * forgot them, can still follow. They are forwarded as signed, never re-signed.
     */
    private void relayProofOfLock(Hash blockHash, int proofRound) {
        for (Vote prevote : log.votes(VoteType.PREVOTE, proofRound).votesFor(blockHash)) {
            Message relayed = new Message.OfVote(prevote);
            out.add(new Effect.Broadcast(relayed));
            log.addSent(round, "proof-of-lock/" + round + "/" + prevote.validator() + "/" + prevote.blockHash(), relayed);
        }
    }

    private void vote(VoteType type, Hash blockHash) {
        Step voteStep = type == VoteType.PREVOTE ? Step.PREVOTE : Step.PRECOMMIT;
        if (config.validatorId() == null || !validators.contains(config.validatorId())
                || !signed.permits(height, round, voteStep)) {
            return; // a follower, or already signed here before a restart
        }
        Vote vote = Vote.sign(type, config.chainId(), height, round, blockHash, nowMillis, config.validatorId(),
                config.key());
        persist(voteStep, vote);
        Message message = new Message.OfVote(vote);
        out.add(new Effect.Broadcast(message));
        log.addSent(round, type + "/" + round, message);
        log.addVote(vote);
    }

    private void persist(Step signedStep, Vote vote) {
        Block lockedBlock = lockedBlockHash == null ? null : log.block(lockedBlockHash);
        List<Vote> proof = lockedBlock == null ? List.of()
                : log.votes(VoteType.PREVOTE, lockedRound).votesFor(lockedBlockHash);
        Vote roundPrevote = vote != null && vote.type() == VoteType.PRECOMMIT && signed.height() == height
                && signed.round() == round && signed.lastVote() != null && signed.lastVote().type() == VoteType.PREVOTE
                ? signed.lastVote() : null;
        signed = new SignState(height, round, signedStep, lockedRound, lockedBlockHash, vote, lockedBlock, proof,
                roundPrevote);
        out.add(new Effect.PersistSignState(signed));
    }

    private void schedule(TimeoutKind kind, int timeoutRound) {
        out.add(new Effect.ScheduleTimeout(height, timeoutRound, kind, config.timeouts().delayMillis(kind, timeoutRound)));
    }

    // ------------------------------------------------------------------ timeouts

    private void timeout(Event.TimeoutFired fired) {
        boolean current = fired.height() == height && fired.round() == round;
        switch (fired.kind()) {
            case PROPOSE: // lines 57-60
                if (current && step == Step.PROPOSE) {
                    vote(VoteType.PREVOTE, null);
                    step = Step.PREVOTE;
                }
                break;
            case PREVOTE: // lines 61-64
                if (current && step == Step.PREVOTE) {
                    vote(VoteType.PRECOMMIT, null);
                    step = Step.PRECOMMIT;
                }
                break;
            case PRECOMMIT: // lines 65-67
                if (current) {
                    startRound(round + 1);
                }
                break;
            case GOSSIP:
                for (Message message : log.sentFrom(round - 1)) {
                    out.add(new Effect.Broadcast(message));
                }
                for (Vote precommit : lastCommitVotes) {
                    out.add(new Effect.Broadcast(new Message.OfVote(precommit)));
                }
                schedule(TimeoutKind.GOSSIP, round);
                break;
            case SYNC:
                syncTimeout(fired.height());
                break;
            default:
                throw new IllegalStateException("unknown timeout " + fired.kind());
        }
    }

    private void syncTimeout(long firedHeight) {
        if (firedHeight != height) {
            return; // moved on since; enterHeight re-arms if still behind
        }
        syncArmed = false;
        if (behind()) {
            out.add(new Effect.RequestSync(height));
            syncArmed = true;
            schedule(TimeoutKind.SYNC, round); // ask again if the answer is lost
        }
    }

    // ------------------------------------------------------------------ block sync

    private void commitSeen(Commit commit) {
        if (commit.height() < height) {
            return;
        }
        Optional<Rejection> problem = CommitVerifier.verify(commit, config.chainId(), commit.height(),
                commit.blockHash(), validators);
        if (problem.isPresent()) {
            out.add(new Effect.Dropped("commit h=" + commit.height(), problem.get()));
            return;
        }
        out.add(new Effect.RequestSync(height));
    }

    private void synced(Event.Synced synced) {
        for (Block block : synced.committedBlocks()) {
            evidence.markCommitted(block.evidence());
        }
        if (synced.committedHeight() >= height) {
            lastCommitVotes = List.of();
            enterHeight(synced.committedHeight() + 1);
            if (behind()) {
                out.add(new Effect.RequestSync(height)); // still behind: keep fetching without waiting
            }
        }
    }
}
