package io.khata.core.validate;

import io.khata.core.crypto.Hash;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxSignature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Transactions whose signatures this node has already verified (usually at mempool
 * admission), so block validation does not verify them twice. Keyed by tx hash, but a hit
 * also requires the very same signatures: the same body with another signature list (which
 * a proposer could forge) is not a hit. Bounded; the oldest entries are evicted first.
 */
public final class SignatureCache {
    private final Map<Hash, List<TxSignature>> verified;

    public SignatureCache(int entriesMax) {
        this.verified = new LinkedHashMap<>(Math.min(entriesMax, 1 << 16), 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Hash, List<TxSignature>> eldest) {
                return size() > entriesMax;
            }
        };
    }

    /** Records that every signature of {@code tx} verified. */
    public synchronized void markVerified(Transaction tx) {
        verified.put(tx.hash(), tx.signatures());
    }

    public synchronized boolean isVerified(Transaction tx) {
        List<TxSignature> signatures = verified.get(tx.hash());
        return signatures != null && signatures.equals(tx.signatures());
    }

    public synchronized int size() {
        return verified.size();
    }

    public synchronized void clear() {
        verified.clear();
    }
}
