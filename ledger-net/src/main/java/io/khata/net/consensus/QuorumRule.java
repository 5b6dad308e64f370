package io.khata.net.consensus;

import io.khata.core.block.Validator;
import io.khata.core.block.ValidatorSet;

/**
 * How votes become a quorum ("2f+1" of Algorithm 1): each validator's vote weighs its voting
 * power, and a quorum is more than 2/3 of the set's power. {@link #PROTOCOL} is the only rule a
 * node uses; the seam exists so that the simulator can run deliberately broken rules (counting
 * votes instead of power, half the power) and show that its checker catches them.
 */
public interface QuorumRule {
    /** What a validator's vote weighs. */
    long weight(Validator validator);

    /** True if votes of {@code weight} in all are a quorum of {@code validators}. */
    boolean isQuorum(long weight, ValidatorSet validators);

    /** The protocol's rule: power, more than 2/3 of the total. */
    QuorumRule PROTOCOL = new QuorumRule() {
        @Override
        public long weight(Validator validator) {
            return validator.power();
        }

        @Override
        public boolean isQuorum(long weight, ValidatorSet validators) {
            return validators.isQuorum(weight);
        }

        @Override
        public String toString() {
            return "more than 2/3 of the power";
        }
    };
}
