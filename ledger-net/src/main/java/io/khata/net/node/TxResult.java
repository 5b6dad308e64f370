package io.khata.net.node;

import io.khata.core.Rejection;
import io.khata.core.crypto.Hash;

/** How a submitted transaction ended: committed at a height and index, or rejected with a reason. */
public sealed interface TxResult {
    Hash txHash();

    record Committed(Hash txHash, long height, int index) implements TxResult {
    }

    record Rejected(Hash txHash, Rejection reason) implements TxResult {
    }
}
