package io.khata.net.consensus;

import io.khata.core.block.Validator;
import io.khata.core.block.ValidatorSet;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code proposer(h, r)} of Algorithm 1, weighted by voting power: a pure function of the
 * validator set, the height and the round, the same on every node, with no state kept between
 * heights.
 *
 * <p>The rule (stride scheduling with half-step offsets, the order of the Sainte-Laguë divisor
 * method): validator i, of power w<sub>i</sub> out of a total T, holds turns at the virtual
 * times (2k + 1)·T / (2·w<sub>i</sub>) for k = 0, 1, 2, ...; all turns of all validators,
 * sorted by time and then by validator id, form one endless sequence of slots, and (h, r)
 * takes slot {@code h + r}. Consequences:
 * <ul>
 * <li>with powers divided by their greatest common divisor (T their sum), the schedule repeats
 * every T slots (no turn falls on a multiple of T, 2k+1 being odd), and any T consecutive slots
 * hold exactly w<sub>i</sub> turns of validator i, spread at intervals of about T/w<sub>i</sub>:
 * with powers (1,1,1,3) the last validator proposes 3 slots of every 6;</li>
 * <li>with equal powers every turn ties, ids break the ties, and slot s is
 * {@code validators sorted by id [s mod n]}: plain round-robin, as before weighting;</li>
 * <li>the rounds of one height take consecutive slots, so a silent proposer is followed by
 * the others in turn, and every validator proposes within any T consecutive rounds.</li>
 * </ul>
 *
 * <p>How slot s is found without walking the sequence from its start or expanding validators by
 * power (powers go up to {@link ValidatorSet#TOTAL_POWER_MAX}): the turns of validator i up to
 * time V number floor(V·w<sub>i</sub>/T + 1/2), so all turns up to V number more than V - n/2
 * and at most V + n/2. Slot s therefore lies in the window of times (s - m, s + m] with
 * m = n/2 + 2: count the turns before the window by formula, list the O(n) turns inside it,
 * sort them, and index.
 * Exact integer arithmetic ({@link BigInteger}) throughout: times are compared as
 * (2k+1)·w<sub>j</sub> against (2m+1)·w<sub>i</sub>, which no {@code long} holds for large powers.
 * It runs once per proposal received and once per round, on at most a few dozen validators.
 */
public final class Proposers {
    private Proposers() {
    }

    /** The id of the proposer of {@code round} at {@code height}. */
    public static String proposer(ValidatorSet validators, long height, int round) {
        if (height < 0 || round < 0) {
            throw new IllegalArgumentException("height and round must not be negative: " + height + ", " + round);
        }
        List<Validator> list = validators.validators();
        BigInteger slot = BigInteger.valueOf(height).add(BigInteger.valueOf(round));
        BigInteger total = BigInteger.valueOf(validators.totalPower());
        BigInteger margin = BigInteger.valueOf(list.size() / 2 + 2L);
        BigInteger low = slot.subtract(margin).max(BigInteger.ZERO);
        BigInteger high = slot.add(margin);
        BigInteger before = BigInteger.ZERO;
        List<Turn> window = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            BigInteger power = BigInteger.valueOf(list.get(i).power());
            BigInteger first = turnsUpTo(low, power, total); // turns 0 .. first-1 are at or before low
            before = before.add(first);
            for (BigInteger k = first; !isAfter(k, power, total, high); k = k.add(BigInteger.ONE)) {
                window.add(new Turn(k.shiftLeft(1).add(BigInteger.ONE), power, i));
            }
        }
        window.sort(Turn::compareTo);
        int index = slot.subtract(before).intValueExact();
        if (index < 0 || index >= window.size()) {
            throw new IllegalStateException("slot " + slot + " outside its window of " + window.size() + " turns");
        }
        return list.get(window.get(index).validator()).id();
    }

    /** floor(V·w/T + 1/2) = floor((2·V·w + T) / (2·T)): the turns at virtual times up to V. */
    private static BigInteger turnsUpTo(BigInteger time, BigInteger power, BigInteger total) {
        BigInteger two = BigInteger.TWO;
        return two.multiply(time).multiply(power).add(total).divide(two.multiply(total));
    }

    /** True if turn k, at (2k+1)·T / (2w), comes after virtual time V: (2k+1)·T &gt; 2·V·w. */
    private static boolean isAfter(BigInteger turn, BigInteger power, BigInteger total, BigInteger time) {
        BigInteger odd = turn.shiftLeft(1).add(BigInteger.ONE);
        return odd.multiply(total).compareTo(BigInteger.TWO.multiply(time).multiply(power)) > 0;
    }

    /** Turn k of the validator at {@code validator} (its index in id order), of power w; {@code odd} is 2k+1. */
    private record Turn(BigInteger odd, BigInteger power, int validator) implements Comparable<Turn> {
        /** By time (2k+1)·T/(2w), compared as (2k+1)·w' against (2k'+1)·w; then by id order. */
        @Override
        public int compareTo(Turn other) {
            BigInteger mine = odd.multiply(other.power);
            BigInteger theirs = other.odd.multiply(power);
            int byTime = mine.compareTo(theirs);
            return byTime != 0 ? byTime : Integer.compare(validator, other.validator);
        }
    }
}
