package io.khata.core.store;

import io.khata.core.crypto.Hash;
import io.khata.core.state.StateReader;

/** The committed state after the last committed block, and its root. */
public interface StateStore extends StateReader {
    /** The state root after the last committed block (after genesis when there is none). */
    Hash stateRoot();

    /** Every validator set the chain has had, by the height it took effect at (the first at height 1). */
    java.util.NavigableMap<Long, io.khata.core.block.ValidatorSet> validatorSets();

    /** Every asset, in key order. */
    java.util.List<io.khata.core.state.AssetState> assets();

    /** The hash of the genesis this store was created from, or null for a new store. */
    Hash genesisHash();
}
