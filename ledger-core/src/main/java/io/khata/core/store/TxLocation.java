package io.khata.core.store;

/**
 * Where a committed transaction is: the block height and its index among the block's transactions.
 * Locations are ordered as the chain orders transactions: by height, then index.
 */
public record TxLocation(long height, int index) implements Comparable<TxLocation> {
    @Override
    public int compareTo(TxLocation other) {
        int byHeight = Long.compare(height, other.height);
        return byHeight != 0 ? byHeight : Integer.compare(index, other.index);
    }
}
