package io.khata.net.mempool;

import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.crypto.Hash;
import io.khata.core.ledger.Ledger;
import io.khata.core.state.Expiry;
import io.khata.core.state.StateView;
import io.khata.core.tx.Transaction;
import io.khata.core.validate.ChainTip;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Transactions waiting for a block, in arrival order. Admission checks cheapest first: size
 * and structure (decode), duplicate, chain id and signatures (which fills the ledger's
 * verified-signature cache, so block validation does not verify them again), expiry and
 * replay, then the transaction against the latest committed state. Bounded by count and
 * bytes, and per sender (each signing key holds at most {@link MempoolLimits#senderSharePercent}
 * of either), every bound checked again in the critical section that inserts.
 *
 * <p>Thread-safe: the API, the network and the consensus thread all use it.
 */
public final class Mempool {
    private final Ledger ledger;
    private final MempoolLimits limits;
    private final LinkedHashMap<Hash, Transaction> pending = new LinkedHashMap<>();
    private final SeenCache seen;
    private final SenderQuota quota;
    private long pendingBytes;

    public Mempool(Ledger ledger, MempoolLimits limits) {
        this.ledger = ledger;
        this.limits = limits;
        this.seen = new SeenCache(limits.seenMax());
        this.quota = new SenderQuota(limits.transactionsPerSenderMax(), limits.bytesPerSenderMax());
    }

    /** Decodes and admits transaction bytes from a client or a peer. */
    public Admission offer(byte[] bytes) {
        Result<Transaction> decoded = ledger.decodeTransaction(bytes);
        if (!decoded.isOk()) {
            return new Admission.Refused(decoded.rejection());
        }
        return offer(decoded.value());
    }

    public Admission offer(Transaction tx) {
        synchronized (this) {
            Optional<Admission> noRoom = refuseIfNoRoom(tx);
            if (noRoom.isPresent()) {
                return noRoom.get(); // before the expensive checks: a full mempool costs a flood nothing
            }
        }
        Optional<Rejection> rejection = check(tx);
        if (rejection.isPresent()) {
            return new Admission.Refused(rejection.get());
        }
        synchronized (this) {
            // Again, in the critical section that inserts: other threads admitted meanwhile, and
            // without this many concurrent admissions that each saw room would overshoot the bounds.
            Optional<Admission> noRoom = refuseIfNoRoom(tx);
            if (noRoom.isPresent()) {
                return noRoom.get();
            }
            pending.put(tx.hash(), tx);
            pendingBytes += tx.encodedSize();
            quota.add(tx);
            seen.add(tx.hash());
            return new Admission.Accepted(tx);
        }
    }

    /** A duplicate, or a refusal if {@code tx} would go past a bound; the caller holds the lock. */
    private Optional<Admission> refuseIfNoRoom(Transaction tx) {
        if (pending.containsKey(tx.hash())) {
            return Optional.of(new Admission.Duplicate(tx));
        }
        if (pending.size() >= limits.transactionsMax()) {
            return Optional.of(new Admission.Refused(new Rejection.TooMany("pending transactions", pending.size() + 1L,
                    limits.transactionsMax())));
        }
        if (pendingBytes + tx.encodedSize() > limits.bytesMax()) {
            return Optional.of(new Admission.Refused(new Rejection.TooLarge("mempool", pendingBytes + tx.encodedSize(),
                    limits.bytesMax())));
        }
        return quota.check(tx).map(Admission.Refused::new);
    }

    /** The checks that need no lock: signatures (expensive) and the state against the committed ledger. */
    private Optional<Rejection> check(Transaction tx) {
        Optional<Rejection> signatures = ledger.signatureCache().verifyOnce(tx, ledger.chainId());
        if (signatures.isPresent()) {
            return signatures;
        }
        // No tx-index read here: a committed transaction is either still in the replay window
        // (Replayed) or past its valid_until_time (Expired), and the transition says which.
        // Judged at the earliest time the next block can have: a transaction that is expired
        // then can never be committed; one that is too far ahead then may pass in a later
        // block, but a client leaves a margin below the TTL rather than relying on that.
        ChainTip tip = ledger.tip();
        long nextBlockMillis = Expiry.earliestNextBlockMillis(tip.headTimeMillis());
        return ledger.transition().apply(tx, new StateView(tip.state()), nextBlockMillis);
    }

    /** True if this hash was admitted recently (pending or already gone), to drop gossip echoes. */
    public synchronized boolean seenRecently(Hash hash) {
        return seen.contains(hash);
    }

    public synchronized boolean contains(Hash hash) {
        return pending.containsKey(hash);
    }

    /** The pending transaction with this hash, if this mempool holds it. */
    public synchronized java.util.Optional<Transaction> pending(Hash hash) {
        return java.util.Optional.ofNullable(pending.get(hash));
    }

    public synchronized int size() {
        return pending.size();
    }

    public synchronized long bytes() {
        return pendingBytes;
    }

    /** Up to {@code count} pending transactions in arrival order, for a proposal. */
    public synchronized List<Transaction> candidates(int count) {
        List<Transaction> result = new ArrayList<>(Math.min(count, pending.size()));
        for (Transaction tx : pending.values()) {
            if (result.size() >= count) {
                break;
            }
            result.add(tx);
        }
        return result;
    }

    /**
     * After a block whose time is {@code blockTimeMillis} is committed: drops the block's
     * transactions and those that no later block can include, because that block's time is at or
     * past their {@code valid_until_time} ({@link Expiry#closedAfter}). Returns what was dropped
     * as expired.
     */
    public synchronized List<Transaction> committed(Set<Hash> committedHashes, long blockTimeMillis) {
        List<Transaction> expired = new ArrayList<>();
        for (Iterator<Map.Entry<Hash, Transaction>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Hash, Transaction> entry = it.next();
            Transaction tx = entry.getValue();
            boolean done = committedHashes.contains(entry.getKey());
            boolean gone = Expiry.closedAfter(tx.body().validUntilMillis(), blockTimeMillis);
            if (done || gone) {
                it.remove();
                pendingBytes -= tx.encodedSize();
                quota.remove(tx);
                if (!done) {
                    expired.add(tx);
                }
            }
        }
        return expired;
    }

    /** Removes a transaction the proposer found invalid against the evolving state. */
    public synchronized boolean remove(Hash hash) {
        Transaction tx = pending.remove(hash);
        if (tx != null) {
            pendingBytes -= tx.encodedSize();
            quota.remove(tx);
            return true;
        }
        return false;
    }
}
