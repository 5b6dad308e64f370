package io.khata.core.state;

import java.util.Arrays;
import java.util.Map;

/**
 * What a {@link StateView} overwrote since its last settle, newest last, so that a failed
 * transaction can be undone to a mark. Kept in parallel arrays, so recording a write allocates
 * nothing (a record per write showed in block validation's allocation profile): a map write
 * keeps the map, the key and the previous value (or {@link #ABSENT}); a balance write keeps
 * the account, the asset, whether the balance was written and its previous amount.
 */
final class Journal {
    static final Object ABSENT = new Object();
    /** Stands for the view's {@link BalanceTable} in {@link #maps}. */
    private static final Object BALANCES = new Object();

    private Object[] maps = new Object[16];
    private Object[] keys = new Object[16];
    private Object[] previous = new Object[16];
    private long[] previousAmounts = new long[16];
    private boolean[] previouslyWritten = new boolean[16];
    private int size;

    int size() {
        return size;
    }

    void mapWrite(Map<?, ?> map, Object key, Object previousValue) {
        int i = next();
        maps[i] = map;
        keys[i] = key;
        previous[i] = previousValue;
    }

    void balanceWrite(String account, String asset, boolean wasWritten, long previousAmount) {
        int i = next();
        maps[i] = BALANCES;
        keys[i] = account;
        previous[i] = asset;
        previouslyWritten[i] = wasWritten;
        previousAmounts[i] = previousAmount;
    }

    /** Undoes every write since {@code mark}, newest first. */
    @SuppressWarnings("unchecked")
    void rollback(int mark, BalanceTable balances) {
        for (int i = size - 1; i >= mark; i--) {
            if (maps[i] == BALANCES) {
                int slot = balances.find((String) keys[i], (String) previous[i]);
                balances.restore(slot, previouslyWritten[i], previousAmounts[i]);
            } else {
                Map<Object, Object> map = (Map<Object, Object>) maps[i];
                if (previous[i] == ABSENT) {
                    map.remove(keys[i]);
                } else {
                    map.put(keys[i], previous[i]);
                }
            }
        }
        clearFrom(mark);
    }

    /** Forgets every write: they can no longer be undone. */
    void clear() {
        clearFrom(0);
    }

    private void clearFrom(int mark) {
        Arrays.fill(maps, mark, size, null);
        Arrays.fill(keys, mark, size, null);
        Arrays.fill(previous, mark, size, null);
        size = mark;
    }

    private int next() {
        if (size == maps.length) {
            int capacity = size * 2;
            maps = Arrays.copyOf(maps, capacity);
            keys = Arrays.copyOf(keys, capacity);
            previous = Arrays.copyOf(previous, capacity);
            previousAmounts = Arrays.copyOf(previousAmounts, capacity);
            previouslyWritten = Arrays.copyOf(previouslyWritten, capacity);
        }
        return size++;
    }
}
