package io.khata.core.store;

import io.khata.core.crypto.Hash;
import java.util.Optional;

/**
 * Committed blocks, their commit certificates, the index from transaction hash to position, the
 * index from account to the positions of the transactions that touched it, and the index of
 * committed evidence offences.
 */
public interface BlockStore {
    /** The height of the last committed block; 0 before the first block. */
    long height();

    /** The encoded block at {@code height}, exactly as committed. */
    Optional<byte[]> blockBytes(long height);

    /** The encoded commit certificate (protobuf {@code Commit}) this node holds for {@code height}. */
    Optional<byte[]> commitBytes(long height);

    Optional<TxLocation> txLocation(Hash txHash);

    /**
     * The transactions that touched {@code account}, newest first, strictly older than {@code before}
     * (all of them when {@code before} is null), at most {@code limit}. A location is a fixed position
     * in the chain, so a page read after more blocks were committed continues where the last one ended.
     */
    java.util.List<TxLocation> accountHistory(String account, TxLocation before, int limit);

    /** True if a committed block carries evidence of this {@link io.khata.core.block.Evidence#offence() offence}. */
    boolean evidenceCommitted(Hash offence);
}
