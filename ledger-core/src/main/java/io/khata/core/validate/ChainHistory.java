package io.khata.core.validate;

import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Hash;

/**
 * What a block is checked against beyond the chain's tip: the validator set of any earlier
 * height, and the offences whose evidence the chain has already committed.
 */
public interface ChainHistory {
    /** The validator set in force at {@code height} (at or below the next height). */
    ValidatorSet validatorsAt(long height);

    /** True if evidence of this {@link io.khata.core.block.Evidence#offence() offence} is in a committed block. */
    boolean evidenceCommitted(Hash offence);
}
