package io.khata.client;

import io.khata.core.crypto.Hash;

/** What a node said to a submission that did not wait for the commit. */
public sealed interface SubmitResult {
    Hash txHash();

    /** In the node's mempool (or already there): follow it with {@link KhataClient#awaitOutcome}. */
    record Accepted(Hash txHash) implements SubmitResult {
    }

    /** Refused at admission; it will not commit as it is. */
    record Rejected(Hash txHash, RejectionCode code, String message) implements SubmitResult {
    }
}
