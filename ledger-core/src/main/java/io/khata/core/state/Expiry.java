package io.khata.core.state;

import io.khata.core.Rejection;
import java.util.Optional;

/**
 * When a transaction may be committed: by block time (BFT time, {@link io.khata.core.block.BlockTime}),
 * never by height, because an idle chain's heights pass in seconds while a transaction signed
 * by two banks or an authority quorum takes minutes to hours to gather its signatures.
 *
 * <p>A block at time {@code t} may include a transaction with {@code valid_until_time = v} iff
 * {@code t <= v} (a block exactly at {@code v} still may, one a millisecond later may not) and
 * {@code v - t <= ttlMax} (exactly {@code ttlMax} ahead is allowed, one millisecond more is not).
 * The second rule is what bounds the replay window: a committed transaction can be included
 * again only while its expiry is open, so the window remembers it until a block's time reaches
 * {@code v}, at most {@code ttlMax} after the block that committed it.
 *
 * <p>No arithmetic here overflows: block times and {@code v} are in {@code [0, 2^63 - 1]}
 * (the codec refuses a larger {@code valid_until_time}, and a negative value fails the first
 * rule before any subtraction), so {@code v - t} with {@code t <= v} is never negative and
 * never wraps; no sum is ever formed.
 */
public final class Expiry {
    private Expiry() {
    }

    /** Why a block at {@code blockTimeMillis} may not include a transaction valid until {@code validUntilMillis}. */
    public static Optional<Rejection> check(long validUntilMillis, long blockTimeMillis, long ttlMaxMillis) {
        if (blockTimeMillis < 0) {
            throw new IllegalArgumentException("block time " + blockTimeMillis + " is before the epoch");
        }
        if (blockTimeMillis > validUntilMillis) {
            return Optional.of(new Rejection.Expired(validUntilMillis, blockTimeMillis));
        }
        if (validUntilMillis - blockTimeMillis > ttlMaxMillis) {
            return Optional.of(new Rejection.TtlTooLong(validUntilMillis, blockTimeMillis, ttlMaxMillis));
        }
        return Optional.empty();
    }

    /**
     * True if no block after one at {@code blockTimeMillis} can include a transaction valid until
     * {@code validUntilMillis}: block times strictly increase, so every later block is at least a
     * millisecond later. The replay window forgets such a transaction, and the mempool drops it.
     */
    public static boolean closedAfter(long validUntilMillis, long blockTimeMillis) {
        return validUntilMillis <= blockTimeMillis;
    }

    /**
     * The earliest time the block after one at {@code headTimeMillis} can have: one millisecond
     * later ({@link io.khata.core.block.BlockTime}), or {@code Long.MAX_VALUE} when the head is
     * already there (no block follows it, and nothing but a transaction valid until then passes).
     */
    public static long earliestNextBlockMillis(long headTimeMillis) {
        return headTimeMillis == Long.MAX_VALUE ? Long.MAX_VALUE : headTimeMillis + 1;
    }
}
