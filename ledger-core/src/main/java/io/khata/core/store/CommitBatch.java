package io.khata.core.store;

import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Hash;
import io.khata.core.state.StateChanges;
import java.util.List;
import java.util.Map;

/**
 * Everything committing one block writes, applied in one atomic, synced write: the block and
 * its commit certificate, the tx index entries, the state changes and the new state root, and
 * the replay window (transactions added, and those whose expiry this block's time reached removed),
 * the index of committed evidence, and the account history entries of the block's transactions.
 * Height 0 is the genesis state, with no block.
 *
 * @param replayAdded         the block's transactions by hash, each with its {@code valid_until_time}
 * @param replayClosedThrough the block's time: replay entries whose {@code valid_until_time} is at
 *                            or below it are dropped in this write, since no later block can
 *                            include them ({@link io.khata.core.state.Expiry#closedAfter})
 * @param validatorSets       validator sets that take effect from a height on (height to set)
 * @param evidenceOffences    the {@link io.khata.core.block.Evidence#offence() offences} whose evidence
 *                            this block carries: indexed so that no later block carries them again
 * @param accountTxs          which accounts each of the block's transactions touches, for account history
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
        List<Hash> evidenceOffences,
        List<AccountTx> accountTxs) {

    public CommitBatch {
        txHashes = List.copyOf(txHashes);
        accountTxs = List.copyOf(accountTxs);
        for (AccountTx entry : accountTxs) {
            if (entry.index() >= txHashes.size()) {
                throw new IllegalArgumentException("history entry for transaction " + entry.index() + " of a block of "
                        + txHashes.size());
            }
        }
        replayAdded = Map.copyOf(replayAdded);
        validatorSets = Map.copyOf(validatorSets);
        evidenceOffences = List.copyOf(evidenceOffences);
    }

    /** A batch that records no account history (genesis, and tests of other indexes). */
    public CommitBatch(long height, byte[] blockBytes, byte[] commitBytes, List<Hash> txHashes, StateChanges changes,
                       Map<Hash, Long> replayAdded, long replayClosedThrough, Hash stateRoot, Hash genesisHash,
                       Map<Long, ValidatorSet> validatorSets, List<Hash> evidenceOffences) {
        this(height, blockBytes, commitBytes, txHashes, changes, replayAdded, replayClosedThrough, stateRoot, genesisHash,
                validatorSets, evidenceOffences, List.of());
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
