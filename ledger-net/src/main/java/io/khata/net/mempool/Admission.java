package io.khata.net.mempool;

import io.khata.core.Rejection;
import io.khata.core.tx.Transaction;

/** The answer to offering a transaction to the mempool. */
public sealed interface Admission {
    /** Newly admitted: pending, to be gossiped and proposed. */
    record Accepted(Transaction transaction) implements Admission {
    }

    /** Already pending or recently seen: nothing to do. */
    record Duplicate(Transaction transaction) implements Admission {
    }

    record Refused(Rejection reason) implements Admission {
    }
}
