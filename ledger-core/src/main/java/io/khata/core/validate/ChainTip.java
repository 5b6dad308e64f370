package io.khata.core.validate;

import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Hash;
import io.khata.core.state.StateReader;

/**
 * What a block at {@code height + 1} is checked against: the last committed block's height,
 * hash and time, the committed state and its root, and the validator sets in force for the
 * new block and for the previous one (whose commit the new block carries), and the history
 * that evidence is checked against (earlier validator sets, offences already committed).
 */
public record ChainTip(
        String chainId,
        long height,
        Hash headHash,
        long headTimeMillis,
        Hash stateRoot,
        StateReader state,
        ValidatorSet validators,
        ValidatorSet previousValidators,
        ChainHistory history) {
}
