package io.khata.core.store;

import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Hash;
import io.khata.core.state.StateChanges;
import java.util.List;
import java.util.Map;

/**
 * Everything committing one block writes, applied in one atomic, synced write: the block and
 * its commit certificate, the tx index entries, the state changes and the new state root, and
 * the replay window (transactions added, and those whose window closed at this height removed),
 * and the index of committed evidence.
 * Height 0 is the genesis state, with no block.
 *
 * @param replayClosedThrough replay entries with {@code valid_until} at or below this are dropped
 * @param validatorSets       validator sets that take effect from a height on (height to set)
 * @param evidenceOffences    the {@link io.khata.core.block.Evidence#offence() offences} whose evidence
 *                            this block carries: indexed so that no later block carries them again
 */
public record CommitBatch(
        long height,
        byte[] blockBytes,
        byte[] commitBytes,
        List<Hash> txHashes,
        StateChanges changes,
        Map<Hash, Long> replayAdded,
        long replayClosedThrough,
        Hash stateRoot,
        Hash genesisHash,
        Map<Long, ValidatorSet> validatorSets,
        List<Hash> evidenceOffences) {

    public CommitBatch {
        txHashes = List.copyOf(txHashes);
        replayAdded = Map.copyOf(replayAdded);
        validatorSets = Map.copyOf(validatorSets);
        evidenceOffences = List.copyOf(evidenceOffences);
    }

    /** A batch whose block carries no evidence. */
    public CommitBatch(long height, byte[] blockBytes, byte[] commitBytes, List<Hash> txHashes, StateChanges changes,
                       Map<Hash, Long> replayAdded, long replayClosedThrough, Hash stateRoot, Hash genesisHash,
                       Map<Long, ValidatorSet> validatorSets) {
        this(height, blockBytes, commitBytes, txHashes, changes, replayAdded, replayClosedThrough, stateRoot, genesisHash,
                validatorSets, List.of());
    }

    /** A batch that changes no validator set. */
    public CommitBatch(long height, byte[] blockBytes, byte[] commitBytes, List<Hash> txHashes, StateChanges changes,
                       Map<Hash, Long> replayAdded, long replayClosedThrough, Hash stateRoot, Hash genesisHash) {
        this(height, blockBytes, commitBytes, txHashes, changes, replayAdded, replayClosedThrough, stateRoot, genesisHash,
                Map.of());
    }
}
