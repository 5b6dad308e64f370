package io.khata.core.block;

import io.khata.core.Rejection;
import io.khata.core.Result;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * BFT time: a block's time is fixed by the commit it carries, not chosen by its proposer.
 *
 * <p>The rule, for the block at height h:
 * <ul>
 * <li>h = 1 (no last commit): {@code genesis_time + 1};</li>
 * <li>h &gt; 1: {@code max(median, time(h-1) + 1)}, where {@code median} is the
 * power-weighted median of the times of the precommits in the block's last commit, each
 * weighted by its signer's power in the set that signed it (the set of height h-1).</li>
 * </ul>
 * Anyone holding the block and the validator set of h-1 recomputes it offline; every node
 * computes the same value, and block times strictly increase.
 *
 * <p>The weighted median is the smallest time t such that the signers whose time is at most t
 * hold more than half of the commit's power. Why a Byzantine minority cannot move it outside
 * the honest clocks: a valid commit holds P &gt; 2/3 of the total power T, and Byzantine
 * validators hold b &lt; T/3 &lt; P/2. The signers at or below t hold more than P/2, so one of them
 * is honest and t is at least the earliest honest time in the commit; the signers at or above
 * t hold at least P/2 &gt; b, so one of them is honest and t is at most the latest honest time.
 * A precommit stamped {@code Long.MAX_VALUE} or 0 therefore only moves the median between
 * honest values; the proposer, which picks which precommits its commit carries, has the same
 * freedom and no more.
 *
 * <p>No arithmetic here overflows: powers are summed per distinct signer (at most the set's
 * total, itself at most {@link ValidatorSet#TOTAL_POWER_MAX}), and {@code time(h-1) + 1} is only
 * computed below {@code Long.MAX_VALUE}; after a block at {@code Long.MAX_VALUE} no time exists
 * and {@link #next} says so as a rejection.
 */
public final class BlockTime {
    private BlockTime() {
    }

    /**
     * The time the block after a block at {@code previousTimeMillis} must carry.
     *
     * @param lastCommit           the commit the new block carries, null for the first block
     * @param lastCommitValidators the validator set of the commit's height (ignored when null)
     */
    public static Result<Long> next(long previousTimeMillis, Commit lastCommit, ValidatorSet lastCommitValidators) {
        if (previousTimeMillis == Long.MAX_VALUE) {
            return Result.err(new Rejection.InvalidField("previous block time", Long.toString(previousTimeMillis),
                    "no later block time exists"));
        }
        long floor = previousTimeMillis + 1;
        if (lastCommit == null) {
            return Result.ok(floor);
        }
        OptionalLong median = medianMillis(lastCommit, lastCommitValidators);
        return Result.ok(median.isPresent() ? Math.max(median.getAsLong(), floor) : floor);
    }

    /**
     * The power-weighted median of the commit's precommit times (see the class comment), or empty
     * when no signer of the commit is in {@code validators}. Only the first signature of each
     * validator counts; signers outside the set are ignored. Meant for a verified commit, where
     * neither happens.
     */
    public static OptionalLong medianMillis(Commit commit, ValidatorSet validators) {
        List<long[]> weighted = new ArrayList<>(commit.signatures().size());
        Set<String> counted = new HashSet<>();
        long power = 0;
        for (CommitSig sig : commit.signatures()) {
            Validator validator = validators.get(sig.validator());
            if (validator != null && counted.add(sig.validator())) { // a Validator's power is always positive
                weighted.add(new long[] {sig.timeMillis(), validator.power()});
                power += validator.power(); // at most the set's total: no overflow
            }
        }
        if (weighted.isEmpty()) {
            return OptionalLong.empty();
        }
        weighted.sort((a, b) -> Long.compare(a[0], b[0]));
        long below = 0;
        for (long[] entry : weighted) {
            below += entry[1];
            if (2 * below > power) { // power <= TOTAL_POWER_MAX = Long.MAX_VALUE / 4: 2 * below fits
                return OptionalLong.of(entry[0]);
            }
        }
        throw new IllegalStateException("the weighted median passed the last entry");
    }
}
