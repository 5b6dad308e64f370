package io.khata.client;

import io.khata.core.crypto.Hash;

/** How waiting for a submitted transaction ended. */
public sealed interface TxOutcome {
    Hash txHash();

    /** In the chain at {@code height}, position {@code index} in its block: final (BFT finality). */
    record Committed(Hash txHash, long height, int index) implements TxOutcome {
    }

    /** Refused by the node or dropped from its mempool; {@code message} states the node's facts. */
    record Rejected(Hash txHash, RejectionCode code, String message) implements TxOutcome {
    }

    /**
     * Neither committed nor rejected when the wait ran out. It may still commit until its
     * {@code valid_until_time} passes: ask again with {@link KhataClient#awaitOutcome}.
     */
    record TimedOut(Hash txHash) implements TxOutcome {
    }
}
