package io.khata.net.consensus;

import io.khata.core.block.Validator;
import io.khata.core.block.ValidatorSet;
import io.khata.core.block.Vote;
import io.khata.core.crypto.Hash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prevotes or the precommits of one round, with the voting power behind each block hash,
 * behind nil, and in all.
 *
 * <p>Algorithm 1 counts messages: "2f+1 ⟨PREVOTE, h, r, id(v)⟩" holds when the senders of such
 * messages have that much power, so a validator that signed two different votes counts toward
 * both values (it is Byzantine, and could as well have sent each half of the network one of
 * them). Safety does not suffer: two values can both reach more than 2/3 only if more than 1/3
 * equivocated. Liveness needs it: an honest node that first heard an equivocator's nil must
 * still be able to count the same equivocator's vote for a block that others saw reach a polka.
 * The total ("2f+1 ⟨*, h, r, *⟩") counts each validator once.
 *
 * <p>Bound: per validator, its first vote and its first conflicting vote, and beyond those
 * only votes for blocks this node holds a proposal of (the caller says which): a Byzantine
 * validator cannot make it store votes for made-up hashes, while a vote that completes a
 * polka for a proposed block, forwarded as a proof of lock, is never lost. So at most
 * 2 + (proposals held) votes per validator.
 */
final class VoteSet {
    private final ValidatorSet validators;
    private final QuorumRule rule;
    /** Each validator's votes by value (block hash; the null key is nil), first vote first. */
    private final Map<String, Map<Hash, Vote>> byValidator = new LinkedHashMap<>();
    /** Power per block hash; the null key holds the power behind nil. */
    private final Map<Hash, Long> powerByBlock = new HashMap<>();
    private long totalPower;

    VoteSet(ValidatorSet validators, QuorumRule rule) {
        this.validators = validators;
        this.rule = rule;
    }

    /** Every vote held, each validator's in the order they came. */
    List<Vote> all() {
        List<Vote> votes = new java.util.ArrayList<>();
        for (Map<Hash, Vote> byValue : byValidator.values()) {
            votes.addAll(byValue.values());
        }
        return votes;
    }

    /**
     * True if a vote of this validator for this value is already held, whatever its time and
     * signature: a copy re-stamped with another time says nothing new (it is no equivocation),
     * so it is dropped before its signature costs a verification.
     */
    boolean contains(Vote vote) {
        Map<Hash, Vote> votes = byValidator.get(vote.validator());
        return votes != null && votes.containsKey(vote.blockHash());
    }

    /**
     * Adds a vote whose signature has been checked. Returns null when it was the validator's
     * first vote or a duplicate, and the validator's first vote when the two conflict.
     *
     * @param proposedBlock true if the vote is for a block this node holds a proposal of
     */
    Vote add(Vote vote, boolean proposedBlock) {
        Validator validator = validators.get(vote.validator());
        if (validator == null) {
            throw new IllegalStateException("vote of a non-validator reached the vote set: " + vote.validator());
        }
        Map<Hash, Vote> votes = byValidator.computeIfAbsent(vote.validator(), v -> new LinkedHashMap<>());
        if (votes.isEmpty()) {
            votes.put(vote.blockHash(), vote);
            powerByBlock.merge(vote.blockHash(), rule.weight(validator), Long::sum);
            totalPower += rule.weight(validator);
            return null;
        }
        if (votes.containsKey(vote.blockHash())) {
            return null;
        }
        if (votes.size() < 2 || proposedBlock) {
            votes.put(vote.blockHash(), vote);
            powerByBlock.merge(vote.blockHash(), rule.weight(validator), Long::sum);
        }
        return votes.values().iterator().next();
    }

    /** {@code 2f+1 ⟨*, h, r, *⟩}: more than 2/3 of the power voted, for anything. */
    boolean hasQuorumAny() {
        return rule.isQuorum(totalPower, validators);
    }

    /** {@code 2f+1 ⟨*, h, r, id(v)⟩}; a null hash asks about nil. */
    boolean hasQuorumFor(Hash blockHash) {
        return rule.isQuorum(powerByBlock.getOrDefault(blockHash, 0L), validators);
    }

    /** The block (never nil) that more than 2/3 of the power voted for, or null. With at most f equivocating, at most one can. */
    Hash quorumBlock() {
        for (Map.Entry<Hash, Long> entry : powerByBlock.entrySet()) {
            if (entry.getKey() != null && rule.isQuorum(entry.getValue(), validators)) {
                return entry.getKey();
            }
        }
        return null;
    }

    List<Vote> votesFor(Hash blockHash) {
        List<Vote> votes = new ArrayList<>();
        for (Map<Hash, Vote> each : byValidator.values()) {
            Vote vote = each.get(blockHash);
            if (vote != null) {
                votes.add(vote);
            }
        }
        return votes;
    }
}
