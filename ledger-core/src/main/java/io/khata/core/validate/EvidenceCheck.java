package io.khata.core.validate;

import io.khata.core.Rejection;
import io.khata.core.block.Evidence;
import io.khata.core.block.Validator;
import io.khata.core.block.ValidatorSet;
import io.khata.core.block.Vote;
import io.khata.core.crypto.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The one rule that says whether an evidence item may go into a block at a given height: its
 * two votes conflict, it is from an earlier height and at most {@link #AGE_HEIGHTS_MAX} heights
 * older than the block, the offender was a validator <em>at the evidence's own height</em>,
 * and both votes carry that validator's signature. A block additionally never repeats an
 * offence, within itself or of an earlier block ({@link BlockValidator}).
 *
 * <p>Judging the offender by the set of its own height, not the tip's, matters both ways: a
 * validator the authority removed since it equivocated is still accountable, and a member that
 * was not a validator at that height cannot be framed with votes no one had to count.
 *
 * <p>The gossip path can check forwarded evidence by the same rule: a node deciding at height
 * {@code h} may keep for a later block exactly the items for which {@code check(evidence, h + 1,
 * validatorsAt, its verifier)} is empty (evidence of {@code h} itself goes into {@code h + 1} at
 * the earliest), which also drops offences too old to be committed.
 */
public final class EvidenceCheck {
    /**
     * Evidence more than this many heights older than the block carrying it is refused. A
     * proposer includes evidence at its next proposal (the gossip forwards it to every node at
     * once), so 100 heights leave ample time; the bound keeps a validator from digging up
     * offences from the whole history, and keeps the set of offences a proposer must weigh
     * proportional to recent heights.
     */
    public static final long AGE_HEIGHTS_MAX = 100;

    private EvidenceCheck() {
    }

    /** How a vote's signature is verified: Ed25519 here; a caller may pass its own verifier seam. */
    @FunctionalInterface
    public interface VoteSignatures {
        boolean verify(PublicKey key, Vote vote);
    }

    /** Empty if {@code evidence} may go into a block at {@code blockHeight}; otherwise why not. */
    public static Optional<Rejection> check(Evidence evidence, long blockHeight, String chainId,
                                            LongFunction<ValidatorSet> validatorsAt) {
        return check(evidence, blockHeight, validatorsAt, (key, vote) -> vote.verify(chainId, key));
    }

    /** As {@link #check(Evidence, long, String, LongFunction)}, verifying signatures with {@code signatures}. */
    public static Optional<Rejection> check(Evidence evidence, long blockHeight, LongFunction<ValidatorSet> validatorsAt,
                                            VoteSignatures signatures) {
        if (!evidence.first().conflictsWith(evidence.second())) {
            return Optional.of(new Rejection.Malformed("evidence", "the votes of " + evidence.validator()
                    + " do not conflict"));
        }
        long height = evidence.height();
        if (height < 1 || height >= blockHeight) {
            return Optional.of(new Rejection.InvalidField("evidence.height", Long.toString(height),
                    "must be of an earlier height than the block's " + blockHeight));
        }
        if (blockHeight - height > AGE_HEIGHTS_MAX) {
            return Optional.of(new Rejection.InvalidField("evidence.height", Long.toString(height),
                    "older than " + AGE_HEIGHTS_MAX + " heights before the block's " + blockHeight));
        }
        Validator offender = validatorsAt.apply(height).get(evidence.validator());
        if (offender == null) {
            return Optional.of(new Rejection.InvalidField("evidence.validator", evidence.validator(),
                    "not a validator at height " + height));
        }
        for (Vote vote : List.of(evidence.first(), evidence.second())) {
            if (!signatures.verify(offender.key(), vote)) {
                return Optional.of(new Rejection.BadSignature(offender.key()));
            }
        }
        return Optional.empty();
    }
}
