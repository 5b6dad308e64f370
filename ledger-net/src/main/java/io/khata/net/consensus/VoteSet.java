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
 * <p>Bound: the first vote and the first conflicting vote of each validator; a third
 * different vote is only reported as a conflict. So at most two votes per validator.
 */
final class VoteSet {
    private final ValidatorSet validators;
    private final Map<String, Vote> byValidator = new LinkedHashMap<>();
    private final Map<String, Vote> conflicting = new LinkedHashMap<>();
    /** Power per block hash; the null key holds the power behind nil. */
    private final Map<Hash, Long> powerByBlock = new HashMap<>();
    private long totalPower;

    VoteSet(ValidatorSet validators) {
        this.validators = validators;
    }

    /** True if exactly this vote (same signature) is already held. */
    boolean contains(Vote vote) {
        return vote.equals(byValidator.get(vote.validator())) || vote.equals(conflicting.get(vote.validator()));
    }

    /**
     * Adds a vote whose signature has been checked. Returns null when it was added or was a
     * duplicate, and the earlier vote when the two conflict.
     */
    Vote add(Vote vote) {
        Validator validator = validators.get(vote.validator());
        if (validator == null) {
            throw new IllegalStateException("vote of a non-validator reached the vote set: " + vote.validator());
        }
        Vote earlier = byValidator.get(vote.validator());
        if (earlier == null) {
            byValidator.put(vote.validator(), vote);
            powerByBlock.merge(vote.blockHash(), validator.power(), Long::sum);
            totalPower += validator.power();
            return null;
        }
        if (!earlier.conflictsWith(vote)) {
            return null;
        }
        Vote second = conflicting.get(vote.validator());
        if (second == null) {
            conflicting.put(vote.validator(), vote);
            powerByBlock.merge(vote.blockHash(), validator.power(), Long::sum);
        }
        return earlier;
    }

    /** {@code 2f+1 ⟨*, h, r, *⟩}: more than 2/3 of the power voted, for anything. */
    boolean hasQuorumAny() {
        return validators.isQuorum(totalPower);
    }

    /** {@code 2f+1 ⟨*, h, r, id(v)⟩}; a null hash asks about nil. */
    boolean hasQuorumFor(Hash blockHash) {
        return validators.isQuorum(powerByBlock.getOrDefault(blockHash, 0L));
    }

    /** The block (never nil) that more than 2/3 of the power voted for, or null. With at most f equivocating, at most one can. */
    Hash quorumBlock() {
        for (Map.Entry<Hash, Long> entry : powerByBlock.entrySet()) {
            if (entry.getKey() != null && validators.isQuorum(entry.getValue())) {
                return entry.getKey();
            }
        }
        return null;
    }

    List<Vote> votesFor(Hash blockHash) {
        List<Vote> votes = new ArrayList<>();
        for (Vote vote : byValidator.values()) {
            if (blockHash.equals(vote.blockHash())) {
                votes.add(vote);
            }
        }
        for (Vote vote : conflicting.values()) {
            if (blockHash.equals(vote.blockHash())) {
                votes.add(vote);
            }
        }
        return votes;
    }
}
