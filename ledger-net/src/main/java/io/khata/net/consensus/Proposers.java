package io.khata.net.consensus;

import io.khata.core.block.ValidatorSet;

/**
 * {@code proposer(h, r)} of Algorithm 1: plain round-robin over the validators sorted by id,
 * {@code validators[(height + round) mod n]}. Every validator computes the same answer from
 * the validator set alone. Voting power does not weight the rotation (a consortium gives its
 * banks equal turns); it only counts toward quorums.
 */
public final class Proposers {
    private Proposers() {
    }

    public static String proposer(ValidatorSet validators, long height, int round) {
        int index = (int) Math.floorMod(height + round, (long) validators.size());
        return validators.validators().get(index).id();
    }
}
