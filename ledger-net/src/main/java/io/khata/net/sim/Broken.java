package io.khata.net.sim;

import io.khata.core.block.Block;
import io.khata.core.block.Validator;
import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Hash;
import io.khata.net.consensus.Consensus;
import io.khata.net.consensus.ConsensusConfig;
import io.khata.net.consensus.QuorumRule;
import io.khata.net.consensus.SignState;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * Deliberately broken nodes, swapped into a run ({@code khata simulate --broken NAME}) to show
 * that the checker catches them: every node of the run, honest or Byzantine, runs the broken
 * piece. {@link #NONE} is the node that ships. Each variant breaks one rule the protocol's
 * safety rests on; a variant the simulator cannot catch would mean its fault model is too weak.
 */
public enum Broken {
    /** The node that ships. */
    NONE,
    /** Ignores its lock (lines 23 and 29 of Algorithm 1): prevotes any valid proposal. */
    IGNORES_LOCK,
    /** Counts votes instead of voting power: more than 2/3 of the validators is a quorum. Needs unequal powers. */
    COUNTS_VOTES,
    /** Takes more than half of the power as a quorum instead of more than 2/3. */
    HALF_QUORUM,
    /** Skips the sign-state write: the file's writes never reach the disk, yet the node signs and sends. Needs crashes. */
    SKIPS_SIGN_STATE,
    /** Decides a block it holds when more than 2/3 precommitted another it does not hold. */
    DECIDES_WITHOUT_BLOCK;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Broken parse(String label) {
        for (Broken variant : values()) {
            if (variant.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                return variant;
            }
        }
        throw new IllegalArgumentException("unknown broken variant '" + label + "'; known: " + labels());
    }

    public static String labels() {
        StringBuilder text = new StringBuilder();
        for (Broken variant : values()) {
            text.append(text.length() == 0 ? "" : ", ").append(variant.label());
        }
        return text.toString();
    }

    /** The state machine every node of the run gets: {@code honest} but for the consensus variants. */
    Simulation.ConsensusFactory factory(Simulation.ConsensusFactory honest) {
        switch (this) {
            case IGNORES_LOCK:
                return (config, validatorsAt, committed, restored) -> new Consensus(config, validatorsAt, committed, restored) {
                    @Override
                    protected boolean lockPermits(Hash blockHash, int proposalValidRound) {
                        return true;
                    }
                };
            case COUNTS_VOTES:
                return withRule(honest, new QuorumRule() {
                    @Override
                    public long weight(Validator validator) {
                        return 1;
                    }

                    @Override
                    public boolean isQuorum(long weight, ValidatorSet validators) {
                        return 3 * weight > 2L * validators.validators().size();
                    }
                });
            case HALF_QUORUM:
                return withRule(honest, new QuorumRule() {
                    @Override
                    public long weight(Validator validator) {
                        return validator.power();
                    }

                    @Override
                    public boolean isQuorum(long weight, ValidatorSet validators) {
                        return 2 * weight > validators.totalPower();
                    }
                });
            case DECIDES_WITHOUT_BLOCK:
                return (config, validatorsAt, committed, restored) -> new Consensus(config, validatorsAt, committed, restored) {
                    @Override
                    protected Block decidedWithoutTheBlock(Hash decided, Collection<Block> held) {
                        return held.stream().min(Comparator.comparing(block -> block.hash().toHex())).orElse(null);
                    }
                };
            default:
                return honest;
        }
    }

    private static Simulation.ConsensusFactory withRule(Simulation.ConsensusFactory honest, QuorumRule rule) {
        return (ConsensusConfig config, LongFunction<ValidatorSet> validatorsAt, long committed, SignState restored) ->
                honest.create(config.withQuorumRule(rule), validatorsAt, committed, restored);
    }
}
