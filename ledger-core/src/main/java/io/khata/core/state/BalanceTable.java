package io.khata.core.state;

import java.util.HashMap;
import java.util.Map;

/**
 * The balances a {@link StateView} wrote: (account, asset) to amount, in an open-addressing
 * table of plain arrays, so that reading and writing a balance allocates nothing (a map of
 * {@link BalanceKey} to {@code Long} allocated a key, a box and a node for every write, two of
 * each per transfer). A slot, once taken, keeps its key for the life of the view; whether it
 * holds a written amount is a flag, which is what a rollback restores.
 *
 * <p>Grows at half full; the number of slots is bounded by the balances one block writes,
 * which block limits bound.
 */
final class BalanceTable {
    private String[] accounts = new String[64];
    private String[] assets = new String[64];
    private long[] amounts = new long[64];
    private boolean[] written = new boolean[64];
    private int used;

    /** The slot of ({@code account}, {@code asset}), or -1 if there is none. */
    int find(String account, String asset) {
        int mask = accounts.length - 1;
        for (int slot = spread(account, asset) & mask; accounts[slot] != null; slot = (slot + 1) & mask) {
            if (accounts[slot].equals(account) && assets[slot].equals(asset)) {
                return slot;
            }
        }
        return -1;
    }

    /** The slot of ({@code account}, {@code asset}), taken (unwritten) if there was none. */
    int findOrTake(String account, String asset) {
        int found = find(account, asset);
        if (found >= 0) {
            return found;
        }
        if (2 * (used + 1) > accounts.length) {
            grow();
        }
        int mask = accounts.length - 1;
        int slot = spread(account, asset) & mask;
        while (accounts[slot] != null) {
            slot = (slot + 1) & mask;
        }
        accounts[slot] = account;
        assets[slot] = asset;
        used++;
        return slot;
    }

    boolean written(int slot) {
        return written[slot];
    }

    long amount(int slot) {
        return amounts[slot];
    }

    void write(int slot, long amount) {
        amounts[slot] = amount;
        written[slot] = true;
    }

    /** Puts a slot back as a rollback finds it: written with {@code amount}, or not written. */
    void restore(int slot, boolean wasWritten, long amount) {
        written[slot] = wasWritten;
        amounts[slot] = amount;
    }

    void forEachWritten(StateView.BalanceVisitor visitor) {
        for (int slot = 0; slot < accounts.length; slot++) {
            if (written[slot]) {
                visitor.visit(accounts[slot], assets[slot], amounts[slot]);
            }
        }
    }

    /** How many slots hold a written balance: a count, so it walks the table. */
    int writtenCount() {
        int count = 0;
        for (boolean isWritten : written) {
            if (isWritten) {
                count++;
            }
        }
        return count;
    }

    /** Every written balance, as a new map. */
    Map<BalanceKey, Long> toMap() {
        Map<BalanceKey, Long> map = new HashMap<>();
        for (int slot = 0; slot < accounts.length; slot++) {
            if (written[slot]) {
                map.put(new BalanceKey(accounts[slot], assets[slot]), amounts[slot]);
            }
        }
        return map;
    }

    private static int spread(String account, String asset) {
        int hash = account.hashCode() * 31 + asset.hashCode();
        return hash ^ (hash >>> 16);
    }

    /** Slot numbers change here: what remembers a balance across writes names it by its key, not its slot. */
    private void grow() {
        String[] oldAccounts = accounts;
        String[] oldAssets = assets;
        long[] oldAmounts = amounts;
        boolean[] oldWritten = written;
        int capacity = oldAccounts.length * 2;
        accounts = new String[capacity];
        assets = new String[capacity];
        amounts = new long[capacity];
        written = new boolean[capacity];
        int mask = capacity - 1;
        for (int old = 0; old < oldAccounts.length; old++) {
            if (oldAccounts[old] != null) {
                int slot = spread(oldAccounts[old], oldAssets[old]) & mask;
                while (accounts[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                accounts[slot] = oldAccounts[old];
                assets[slot] = oldAssets[old];
                amounts[slot] = oldAmounts[old];
                written[slot] = oldWritten[old];
            }
        }
    }
}
