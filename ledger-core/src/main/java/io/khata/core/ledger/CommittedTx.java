package io.khata.core.ledger;

import io.khata.core.tx.Transaction;

/** A committed transaction and where it is: block height and index within the block. */
public record CommittedTx(Transaction transaction, long height, int index) {
}
