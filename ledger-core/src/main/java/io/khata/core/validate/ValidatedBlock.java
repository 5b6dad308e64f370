package io.khata.core.validate;

import io.khata.core.block.Block;
import io.khata.core.crypto.Hash;
import io.khata.core.state.StateChanges;
import io.khata.core.state.StateView;

/** A block that passed every validation step, with the state it leads to, ready to commit. */
public record ValidatedBlock(Block block, StateView view, StateChanges changes, Hash stateRoot) {
}
