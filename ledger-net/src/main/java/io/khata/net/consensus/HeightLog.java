package io.khata.net.consensus;

import io.khata.core.block.Block;
import io.khata.core.block.Validator;
import io.khata.core.block.ValidatorSet;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteType;
import io.khata.core.crypto.Hash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The message log of one height (Algorithm 1 keeps "the message log", emptied at line 53):
 * proposals and votes of every round, which blocks are known valid, which "for the first
 * time" rules have fired, and this validator's own signed messages for re-sending.
 *
 * <p>Bounds: at most {@link #PROPOSALS_PER_ROUND_MAX} proposals per round (an honest proposer
 * sends one; a second lets a node follow an equivocating proposer's other half), one vote of
 * each type per validator per round, rounds limited by {@link ConsensusConfig#roundsAheadMax()}.
 */
final class HeightLog {
    static final int PROPOSALS_PER_ROUND_MAX = 2;

    private final ValidatorSet validators;
    private final QuorumRule rule;
    private final Map<Integer, List<Proposal>> proposals = new HashMap<>();
    private final Map<Hash, Block> blocks = new HashMap<>();
    private final Map<Hash, Boolean> validity = new HashMap<>();
    private final Set<Hash> validationRequested = new HashSet<>();
    private final TreeMap<Integer, VoteSet> prevotes = new TreeMap<>();
    private final TreeMap<Integer, VoteSet> precommits = new TreeMap<>();
    private final TreeMap<Integer, Map<String, Long>> sendersByRound = new TreeMap<>();
    /** "For the first time" of lines 34, 36 and 47: the rounds in which each has fired. */
    final Set<Integer> prevoteTimeoutScheduled = new HashSet<>();
    final Set<Integer> polkaHandled = new HashSet<>();
    final Set<Integer> precommitTimeoutScheduled = new HashSet<>();
    private record Sent(int round, Message message) {
    }

    private final Map<String, Sent> ownMessages = new LinkedHashMap<>();

    HeightLog(ValidatorSet validators, QuorumRule rule) {
        this.validators = validators;
        this.rule = rule;
    }

    // ------------------------------------------------------------------ proposals and blocks

    List<Proposal> proposals(int round) {
        return proposals.getOrDefault(round, List.of());
    }

    boolean holdsProposal(Proposal proposal) {
        for (Proposal held : proposals(proposal.round())) {
            if (held.blockHash().equals(proposal.blockHash()) && held.validRound() == proposal.validRound()) {
                return true;
            }
        }
        return false;
    }

    boolean proposalsFull(int round) {
        return proposals(round).size() >= PROPOSALS_PER_ROUND_MAX;
    }

    void addProposal(Proposal proposal) {
        proposals.computeIfAbsent(proposal.round(), r -> new ArrayList<>()).add(proposal);
        blocks.putIfAbsent(proposal.blockHash(), proposal.block());
        noteSender(proposal.round(), proposal.proposer());
    }

    /** A block known without its proposal (the locked block restored after a restart). */
    void addBlock(Block block) {
        blocks.putIfAbsent(block.hash(), block);
    }

    /** A block of this height by hash, from any round's proposal ({@code id(v)} determines {@code v}). */
    Block block(Hash blockHash) {
        return blocks.get(blockHash);
    }

    /** Every block of this height this node holds, in no particular order. */
    java.util.Collection<Block> blocks() {
        return java.util.Collections.unmodifiableCollection(blocks.values());
    }

    /** {@code valid(v)}: TRUE, FALSE, or null while the ledger has not answered. */
    Boolean validity(Hash blockHash) {
        return validity.get(blockHash);
    }

    void setValidity(Hash blockHash, boolean valid) {
        validity.put(blockHash, valid);
    }

    /** True the first time it is asked for this block: the caller then requests validation. */
    boolean needsValidation(Hash blockHash) {
        return !validity.containsKey(blockHash) && validationRequested.add(blockHash);
    }

    // ------------------------------------------------------------------ votes

    VoteSet votes(VoteType type, int round) {
        TreeMap<Integer, VoteSet> byRound = type == VoteType.PREVOTE ? prevotes : precommits;
        return byRound.computeIfAbsent(round, r -> new VoteSet(validators, rule));
    }

    /** True if this validator's vote of this type, round and value is held (its time aside: see {@link VoteSet#contains}). */
    boolean holds(Vote vote) {
        TreeMap<Integer, VoteSet> byRound = vote.type() == VoteType.PREVOTE ? prevotes : precommits;
        VoteSet set = byRound.get(vote.round());
        return set != null && set.contains(vote);
    }

    /** Adds a checked vote; returns the earlier conflicting vote of the same validator, or null. */
    Vote addVote(Vote vote) {
        noteSender(vote.round(), vote.validator());
        return votes(vote.type(), vote.round()).add(vote, vote.blockHash() != null && blocks.containsKey(vote.blockHash()));
    }

    /** Rounds that hold precommits, in order. */
    List<Integer> precommitRounds() {
        return new ArrayList<>(precommits.keySet());
    }

    // ------------------------------------------------------------------ round skipping (line 55)

    private void noteSender(int round, String validator) {
        Validator member = validators.get(validator);
        sendersByRound.computeIfAbsent(round, r -> new LinkedHashMap<>()).put(validator, member.power());
    }

    /** The highest round above {@code round} from which validators with more than 1/3 of the power sent messages, or -1. */
    int highestRoundWithOneThirdAbove(int round) {
        for (Map.Entry<Integer, Map<String, Long>> entry : sendersByRound.descendingMap().entrySet()) {
            if (entry.getKey() <= round) {
                break;
            }
            long power = 0;
            for (long each : entry.getValue().values()) {
                power += each;
            }
            if (validators.isOneThirdPlus(power)) {
                return entry.getKey();
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ own messages

    /** Remembers a message this validator sent in {@code round} (its own, or a proof of lock it forwarded). */
    void addSent(int round, String key, Message message) {
        ownMessages.put(key, new Sent(round, message));
    }

    /** The messages this validator sent in rounds at or after {@code fromRound}, for re-sending. */
    List<Message> sentFrom(int fromRound) {
        List<Message> recent = new ArrayList<>();
        for (Sent sent : ownMessages.values()) {
            if (sent.round() >= fromRound) {
                recent.add(sent.message());
            }
        }
        return recent;
    }
}
