package io.khata.net.node;

import io.khata.core.block.Validator;
import io.khata.core.block.ValidatorSet;
import java.util.Collection;
import java.util.Map;

/**
 * Decides {@link Readiness} from what the node knows; pure, so each rule is tested on its own.
 *
 * <ul>
 *   <li>Connected to a quorum: the validators this node is connected to, itself included when it is
 *       one, hold more than two thirds of the voting power in force at the next height.</li>
 *   <li>Caught up: peers report the consensus height they work on (the one above their last block).
 *       The node counts as behind when connected validators holding more than a third of the power
 *       report a height more than {@link #LAG_BLOCKS_MAX} above its own next height: that many
 *       include at least one honest validator, so a few lying peers cannot make a node unready.</li>
 * </ul>
 */
final class ReadinessCheck {
    static final long LAG_BLOCKS_MAX = 2;

    private ReadinessCheck() {
    }

    static Readiness of(String selfId, long ledgerHeight, ValidatorSet validators, Collection<String> connectedPeers,
                        Map<String, Long> peerConsensusHeights) {
        long total = validators.totalPower();
        long connected = 0;
        long ahead = 0;
        for (Validator validator : validators.validators()) {
            boolean self = validator.id().equals(selfId);
            if (self || connectedPeers.contains(validator.id())) {
                connected += validator.power();
            }
            Long reported = peerConsensusHeights.get(validator.id());
            if (!self && connectedPeers.contains(validator.id()) && reported != null
                    && reported - (ledgerHeight + 1) > LAG_BLOCKS_MAX) {
                ahead += validator.power();
            }
        }
        if (connected * 3 <= total * 2) {
            return new Readiness(false, "connected to validators with " + connected + " of " + total
                    + " voting power; more than two thirds are needed", ledgerHeight, connected, total);
        }
        if (ahead * 3 > total) {
            return new Readiness(false, "catching up: validators with " + ahead + " of " + total
                    + " voting power are more than " + LAG_BLOCKS_MAX + " blocks ahead of height " + ledgerHeight,
                    ledgerHeight, connected, total);
        }
        return new Readiness(true, "", ledgerHeight, connected, total);
    }
}
