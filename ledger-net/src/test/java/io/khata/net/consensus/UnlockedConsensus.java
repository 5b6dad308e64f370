package io.khata.net.consensus;

import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Hash;

/**
 * A deliberately broken validator for tests: it ignores its lock (lines 23 and 29 of
 * Algorithm 1) and prevotes any valid proposal. The simulator must catch it.
 */
public final class UnlockedConsensus extends Consensus {
    public UnlockedConsensus(ConsensusConfig config, ValidatorSet validators, long committedHeight, SignState restored) {
        super(config, validators, committedHeight, restored);
    }

    @Override
    protected boolean lockPermits(Hash blockHash, int proposalValidRound) {
        return true;
    }
}
