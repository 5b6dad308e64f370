package io.khata.core.state;

import io.khata.core.crypto.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An account: the keys that control it and how many must sign ({@code quorum}), whether the
 * authority froze it, and per-asset caps on a single transfer. Balances live apart, keyed by
 * (account, asset), so a transfer touches only the two balances it moves.
 */
public record AccountState(String id, List<PublicKey> keys, int quorum, boolean frozen, Map<String, Long> transferLimits) {
    public AccountState {
        keys = List.copyOf(keys);
        transferLimits = java.util.Collections.unmodifiableMap(new TreeMap<>(transferLimits));
    }

    public AccountState withFrozen(boolean value) {
        return new AccountState(id, keys, quorum, value, transferLimits);
    }

    /** The cap for one transfer of {@code asset}, or 0 for none. */
    public long transferLimit(String asset) {
        return transferLimits.getOrDefault(asset, 0L);
    }

    public AccountState withTransferLimit(String asset, long max) {
        TreeMap<String, Long> limits = new TreeMap<>(transferLimits);
        if (max == 0) {
            limits.remove(asset);
        } else {
            limits.put(asset, max);
        }
        return new AccountState(id, keys, quorum, frozen, limits);
    }
}
