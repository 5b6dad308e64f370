package io.khata.core.audit;

import io.khata.core.block.ValidatorSet;
import io.khata.core.ledger.Ledger;
import io.khata.core.store.LedgerStore;
import java.util.NavigableMap;
import java.util.Optional;

/** Where an export reads a chain from: a running node's ledger, or a stopped node's store opened read-only. */
public interface ChainSource {
    long height();

    /** The block at {@code height} exactly as stored. */
    Optional<byte[]> blockBytes(long height);

    /** Its commit certificate exactly as stored. */
    Optional<byte[]> commitBytes(long height);

    /** Every validator set the chain has had, by the height it took effect at (the first at 1). */
    NavigableMap<Long, ValidatorSet> validatorSets();

    static ChainSource of(Ledger ledger) {
        return new ChainSource() {
            public long height() {
                return ledger.height();
            }

            public Optional<byte[]> blockBytes(long height) {
                return ledger.blockBytes(height);
            }

            public Optional<byte[]> commitBytes(long height) {
                return ledger.commitBytes(height);
            }

            public NavigableMap<Long, ValidatorSet> validatorSets() {
                return ledger.validatorHistory();
            }
        };
    }

    static ChainSource of(LedgerStore store) {
        return new ChainSource() {
            public long height() {
                return store.height();
            }

            public Optional<byte[]> blockBytes(long height) {
                return store.blockBytes(height);
            }

            public Optional<byte[]> commitBytes(long height) {
                return store.commitBytes(height);
            }

            public NavigableMap<Long, ValidatorSet> validatorSets() {
                return store.validatorSets();
            }
        };
    }
}
