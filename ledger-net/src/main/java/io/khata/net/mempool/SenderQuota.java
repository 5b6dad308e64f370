package io.khata.net.mempool;

import io.khata.core.Rejection;
import io.khata.core.crypto.PublicKey;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxSignature;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What each signing key holds in the mempool, in transactions and bytes, so one sender (a
 * customer's key, an account's key) cannot fill the mempool for everybody. A sender is a key
 * that signed the transaction: signatures are verified before this is consulted, so only the
 * key's holder can spend its quota, and a transaction with several signers counts against each.
 * Keys, not accounts, because they are known without reading state; an account is only ever
 * moved by its keys. Not thread-safe: the mempool calls it under its lock.
 */
final class SenderQuota {
    private record Usage(int transactions, long bytes) {
    }

    private final int transactionsMax;
    private final long bytesMax;
    private final Map<PublicKey, Usage> usage = new HashMap<>();

    SenderQuota(int transactionsMax, long bytesMax) {
        this.transactionsMax = transactionsMax;
        this.bytesMax = bytesMax;
    }

    /** Empty if every signer of {@code tx} has room for it. */
    Optional<Rejection> check(Transaction tx) {
        for (TxSignature signature : tx.signatures()) {
            Usage used = usage.getOrDefault(signature.publicKey(), new Usage(0, 0));
            if (used.transactions() + 1 > transactionsMax) {
                return Optional.of(new Rejection.TooMany("pending transactions signed by " + signature.publicKey(),
                        used.transactions() + 1L, transactionsMax));
            }
            if (used.bytes() + tx.encodedSize() > bytesMax) {
                return Optional.of(new Rejection.TooLarge("pending transactions signed by " + signature.publicKey(),
                        used.bytes() + tx.encodedSize(), bytesMax));
            }
        }
        return Optional.empty();
    }

    void add(Transaction tx) {
        for (TxSignature signature : tx.signatures()) {
            usage.merge(signature.publicKey(), new Usage(1, tx.encodedSize()),
                    (a, b) -> new Usage(a.transactions() + b.transactions(), a.bytes() + b.bytes()));
        }
    }

    void remove(Transaction tx) {
        for (TxSignature signature : tx.signatures()) {
            Usage used = usage.get(signature.publicKey());
            if (used == null) {
                throw new IllegalStateException("no quota use recorded for a pending transaction's signer");
            }
            Usage left = new Usage(used.transactions() - 1, used.bytes() - tx.encodedSize());
            if (left.transactions() == 0) {
                usage.remove(signature.publicKey());
            } else {
                usage.put(signature.publicKey(), left);
            }
        }
    }

    /** Pending transactions {@code key} signed. */
    int transactionsOf(PublicKey key) {
        Usage used = usage.get(key);
        return used == null ? 0 : used.transactions();
    }
}
