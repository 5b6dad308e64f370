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
 * The prevotes or the precommits of one round: at most one vote per validator (the first
 * that arrived), the voting power behind each block hash and behind nil, and the total. A
 * second, different vote of a validator is not counted; it is returned as the conflict it is.
 * Bounded by the number of validators.
 */
final class VoteSet {
    private final ValidatorSet validators;
    private final Map<String, Vote> byValidator = new LinkedHashMap<>();
    /** Power per block hash; the null key holds the power behind nil. */
    private final Map<Hash, Long> powerByBlock = new HashMap<>();
    private long totalPower;

    VoteSet(ValidatorSet validators) {
        this.validators = validators;
    }

    /** True if exactly this vote (same signature) is already held. */
    boolean contains(Vote vote) {
        return vote.equals(byValidator.get(vote.validator()));
    }

    /**
     * Adds a vote whose signature has been checked. Returns null when it was added or was a
     * duplicate, and the earlier vote when the two conflict.
     */
    Vote add(Vote vote) {
        Vote earlier = byValidator.get(vote.validator());
        if (earlier != null) {
            return earlier.conflictsWith(vote) ? earlier : null;
        }
        Validator validator = validators.get(vote.validator());
        if (validator == null) {
            throw new IllegalStateException("vote of a non-validator reached the vote set: " + vote.validator());
        }
        byValidator.put(vote.validator(), vote);
        powerByBlock.merge(vote.blockHash(), validator.power(), Long::sum);
        totalPower += validator.power();
        return null;
    }

    /** {@code 2f+1 ⟨*, h, r, *⟩}: more than 2/3 of the power voted, for anything. */
    boolean hasQuorumAny() {
        return validators.isQuorum(totalPower);
    }

    /** {@code 2f+1 ⟨*, h, r, id(v)⟩}; a null hash asks about nil. */
    boolean hasQuorumFor(Hash blockHash) {
        return validators.isQuorum(powerByBlock.getOrDefault(blockHash, 0L));
    }

    /** The block (never nil) that more than 2/3 of the power voted for, or null. At most one can. */
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
        return votes;
    }

    Vote voteOf(String validator) {
        return byValidator.get(validator);
    }
}
