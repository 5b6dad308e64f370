package io.khata.core.genesis;

import io.khata.core.crypto.PublicKey;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An account that exists from the first block: {@code quorum} of its {@code keys} must sign
 * for it, and it starts with {@code balances} (asset id to amount in minor units).
 *
 * @param balances sorted by asset id, so two equal specs iterate and print the same way
 */
public record AccountSpec(String id, List<PublicKey> keys, int quorum, SortedMap<String, Long> balances) {
    public AccountSpec {
        Objects.requireNonNull(id, "id");
        keys = List.copyOf(keys);
        TreeMap<String, Long> sorted = new TreeMap<>(balances);
        if (sorted.containsValue(null)) {
            throw new NullPointerException("balances of " + id + " hold a null amount");
        }
        balances = Collections.unmodifiableSortedMap(sorted);
    }

    public AccountSpec(String id, List<PublicKey> keys, int quorum, Map<String, Long> balances) {
        this(id, keys, quorum, new TreeMap<>(balances));
    }

    /** The opening balance of {@code asset}, 0 if the account starts without it. */
    public long balance(String asset) {
        return balances.getOrDefault(asset, 0L);
    }
}
