package io.khata.core.store;

/** Where a committed transaction is: the block height and its index among the block's transactions. */
public record TxLocation(long height, int index) {
}
