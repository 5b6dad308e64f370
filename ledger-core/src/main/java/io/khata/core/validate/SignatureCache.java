package io.khata.core.validate;

import io.khata.core.crypto.Hash;
import io.khata.core.Rejection;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxSignature;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Transactions whose signatures this node has already verified (usually at mempool
 * admission), so block validation does not verify them twice. Keyed by tx hash, but a hit
 * also requires the very same signatures: the same body with another signature list (which
 * a proposer could forge) is not a hit. Bounded; the oldest entries are evicted first.
 *
 * <p>Verifications under way at admission are visible too ({@link #inFlight}): a block that
 * arrives while the mempool is still checking one of its transactions waits for that check
 * instead of repeating it. Only checks already running can be waited for, their number is
 * bounded ({@code inFlightMax}), and a wait that outlasts {@link #WAIT_MILLIS} or ends in a
 * failure falls back to verifying here, so waiting only ever saves work.
 *
 * <p>Counts every Ed25519 verification its users run ({@link #verifications}), so a node can
 * report how many it spends per committed transaction (ideally one per signature).
 */
public final class SignatureCache {
    /** The longest a validator or builder waits for an admission's check before verifying itself. */
    public static final long WAIT_MILLIS = 2_000;
    private static final int IN_FLIGHT_MAX_DEFAULT = 4_096;

    private final Map<Hash, List<TxSignature>> verified;
    private final Map<Hash, Running> running = new HashMap<>();
    private final int inFlightMax;
    private final AtomicLong verifications = new AtomicLong();

    private record Running(List<TxSignature> signatures, CompletableFuture<Boolean> verdict) {
    }

    public SignatureCache(int entriesMax) {
        this(entriesMax, IN_FLIGHT_MAX_DEFAULT);
    }

    public SignatureCache(int entriesMax, int inFlightMax) {
        if (inFlightMax < 0) {
            throw new IllegalArgumentException("inFlightMax must not be negative, got " + inFlightMax);
        }
        this.inFlightMax = inFlightMax;
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

    /**
     * Checks {@code tx}'s signatures at most once on this node: a hit if they were verified, the
     * verdict of a check of the same signatures already running elsewhere, or a check run here
     * that others may wait for meanwhile. Verified signatures enter the cache.
     */
    public Optional<Rejection> verifyOnce(Transaction tx, String chainId) {
        return verifyOnce(tx, chainId, t -> t.checkSignatures(chainId));
    }

    /** {@link #verifyOnce(Transaction, String)} with the check given, so a test can hold a check in flight. */
    Optional<Rejection> verifyOnce(Transaction tx, String chainId, Function<Transaction, Optional<Rejection>> check) {
        Running mine;
        CompletableFuture<Boolean> theirs = null;
        synchronized (this) {
            if (isVerified(tx)) {
                return Optional.empty();
            }
            Running other = running.get(tx.hash());
            if (other != null && other.signatures().equals(tx.signatures())) {
                theirs = other.verdict();
                mine = null;
            } else if (other == null && running.size() < inFlightMax) {
                mine = new Running(tx.signatures(), new CompletableFuture<>());
                running.put(tx.hash(), mine);
            } else {
                mine = null;
            }
        }
        if (theirs != null && awaitVerdict(theirs)) {
            return Optional.empty();
        }
        boolean ok = false;
        try {
            Optional<Rejection> rejection = check.apply(tx);
            if (rejection.isEmpty() || rejection.get() instanceof Rejection.BadSignature) {
                verifications.addAndGet(tx.signatures().size()); // the structural checks passed: signatures ran
            }
            ok = rejection.isEmpty();
            if (ok) {
                markVerified(tx);
            }
            return rejection;
        } finally {
            if (mine != null) {
                synchronized (this) {
                    running.remove(tx.hash(), mine);
                }
                mine.verdict().complete(ok);
            }
        }
    }

    /** The verdict of a check of exactly {@code tx}'s signatures running now in {@link #verifyOnce}, if any. */
    public synchronized Optional<CompletableFuture<Boolean>> inFlight(Transaction tx) {
        Running other = running.get(tx.hash());
        return other != null && other.signatures().equals(tx.signatures()) ? Optional.of(other.verdict()) : Optional.empty();
    }

    /**
     * Waits up to {@link #WAIT_MILLIS} for a running check's verdict; true only if it said the
     * signatures verify (a failure, a timeout or an interrupt mean: verify yourself).
     */
    public static boolean awaitVerdict(CompletableFuture<Boolean> verdict) {
        try {
            return verdict.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Counts {@code count} Ed25519 verifications run by a user of this cache. */
    public void countVerifications(int count) {
        verifications.addAndGet(count);
    }

    /** Ed25519 verifications run on this node since it started, by its mempool, builder and validator. */
    public long verifications() {
        return verifications.get();
    }

    public synchronized int size() {
        return verified.size();
    }

    public synchronized void clear() {
        verified.clear();
    }
}
