package io.khata.net.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.block.Validator;
import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Proposer selection weighted by voting power: proportional, smooth, round-robin when equal, exact for any power. */
class ProposersTest {

    private static ValidatorSet set(long... powers) {
        List<Validator> list = new ArrayList<>();
        for (int i = 0; i < powers.length; i++) {
            KeyPair key = KeyPair.fromSeed(Sha256.hash(("proposers/" + i).getBytes(StandardCharsets.UTF_8)).toByteArray());
            list.add(new Validator("bank-" + i, key.publicKey(), powers[i]));
        }
        return new ValidatorSet(list);
    }

    private static Map<String, Integer> countAtRoundZero(ValidatorSet validators, long fromHeight, int heights) {
        Map<String, Integer> counts = new HashMap<>();
        for (long h = fromHeight; h < fromHeight + heights; h++) {
            counts.merge(Proposers.proposer(validators, h, 0), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * The windowed computation against the whole schedule written out: every turn (2k+1)·T/(2w)
     * of every validator up to a horizon, sorted by time and id, slot s being the s-th.
     */
    @Test
    void agreesWithTheWholeScheduleWrittenOut() {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 15; trial++) {
            int n = 1 + random.nextInt(6);
            long[] powers = new long[n];
            for (int i = 0; i < n; i++) {
                powers[i] = 1 + random.nextInt(7);
            }
            ValidatorSet validators = set(powers);
            List<long[]> turns = new ArrayList<>(); // {2k+1, power, index}
            int horizon = 200; // virtual time
            for (int i = 0; i < n; i++) {
                long w = validators.validators().get(i).power();
                for (long odd = 1; odd * validators.totalPower() <= 2L * horizon * w; odd += 2) {
                    turns.add(new long[] {odd, w, i});
                }
            }
            turns.sort((a, b) -> a[0] * b[1] != b[0] * a[1] ? Long.compare(a[0] * b[1], b[0] * a[1])
                    : Long.compare(a[2], b[2]));
            for (int slot = 0; slot < horizon - n; slot++) {
                String expected = validators.validators().get((int) turns.get(slot)[2]).id();
                assertEquals(expected, Proposers.proposer(validators, slot, 0), "trial " + trial + ", slot " + slot);
                assertEquals(expected, Proposers.proposer(validators, 0, slot), "as a round of height 0");
            }
        }
    }

    @Test
    void withEqualPowersItIsRoundRobinByHeightPlusRound() {
        for (int n = 1; n <= 7; n++) {
            for (long power : new long[] {1, 5, 1_000_000_000_000_000L / n}) {
                long[] powers = new long[n];
                java.util.Arrays.fill(powers, power);
                ValidatorSet validators = set(powers);
                for (long height = 1; height <= 40; height++) {
                    for (int round = 0; round < 5; round++) {
                        String expected = validators.validators().get((int) ((height + round) % n)).id();
                        assertEquals(expected, Proposers.proposer(validators, height, round),
                                n + " validators of power " + power + ", height " + height + ", round " + round);
                    }
                }
            }
        }
    }

    @Test
    void aValidatorWithHalfThePowerProposesHalfTheHeightsSpreadEvenly() {
        ValidatorSet validators = set(1, 1, 1, 3);
        Map<String, Integer> counts = countAtRoundZero(validators, 1, 6_000);
        assertEquals(Map.of("bank-0", 1_000, "bank-1", 1_000, "bank-2", 1_000, "bank-3", 3_000), counts);
        for (long start = 1; start < 600; start++) { // any 6 consecutive heights: the exact shares
            assertEquals(Map.of("bank-0", 1, "bank-1", 1, "bank-2", 1, "bank-3", 3), countAtRoundZero(validators, start, 6),
                    "heights " + start + ".." + (start + 5));
        }
    }

    @Test
    void manySmallValidatorsDoNotHoldMostSlotsAgainstOneLargeOne() {
        ValidatorSet validators = set(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 10); // ten banks of 1, one of 10
        Map<String, Integer> counts = countAtRoundZero(validators, 1, 2_000);
        assertEquals(1_000, counts.get("bank-10"), "half the power, half the slots");
    }

    @Test
    void sharesFollowPowerForRandomSetsAndLargePowers() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 12; trial++) {
            int n = 2 + random.nextInt(12);
            long[] powers = new long[n];
            for (int i = 0; i < n; i++) {
                powers[i] = 1 + random.nextLong(trial % 2 == 0 ? 20 : 1_000_000_000_000_000L);
            }
            ValidatorSet validators = set(powers);
            int slots = 1_200;
            long firstHeight = 1 + random.nextLong(1L << 40);
            Map<String, Integer> counts = countAtRoundZero(validators, firstHeight, slots);
            for (int i = 0; i < n; i++) {
                double expected = (double) slots * powers[i] / validators.totalPower();
                int actual = counts.getOrDefault("bank-" + i, 0);
                assertTrue(Math.abs(actual - expected) <= n + 2, "trial " + trial + ": bank-" + i + " of power "
                        + powers[i] + " proposed " + actual + " of " + slots + ", expected about " + expected);
            }
        }
    }

    @Test
    void scalingEveryPowerChangesNothing() {
        ValidatorSet small = set(1, 2, 3, 5);
        long scale = 100_000_000_000_000L;
        ValidatorSet large = set(scale, 2 * scale, 3 * scale, 5 * scale);
        for (long height = 1; height < 500; height++) {
            assertEquals(Proposers.proposer(small, height, 0), Proposers.proposer(large, height, 0), "height " + height);
            assertEquals(Proposers.proposer(small, height, 3), Proposers.proposer(large, height, 3), "height " + height);
        }
    }

    @Test
    void theLargestPowersHeightsAndRoundsDoNotOverflow() {
        long quarter = ValidatorSet.TOTAL_POWER_MAX / 4;
        ValidatorSet heavy = set(quarter, quarter, quarter - 1, 1);
        for (long height : new long[] {1, Long.MAX_VALUE / 2, Long.MAX_VALUE - 1, Long.MAX_VALUE}) {
            for (int round : new int[] {0, 1, Integer.MAX_VALUE / 2, Integer.MAX_VALUE}) {
                String proposer = Proposers.proposer(heavy, height, round);
                assertTrue(heavy.contains(proposer));
                assertEquals(proposer, Proposers.proposer(heavy, height, round), "deterministic");
            }
        }
    }

    @Test
    void theAnswerDependsOnTheSetNotOnTheOrderItWasGivenIn() {
        List<Validator> validators = new ArrayList<>(set(4, 1, 7, 2, 9).validators());
        ValidatorSet sorted = new ValidatorSet(validators);
        Collections.reverse(validators);
        ValidatorSet reversed = new ValidatorSet(validators);
        for (long height = 1; height < 200; height++) {
            for (int round = 0; round < 3; round++) {
                assertEquals(Proposers.proposer(sorted, height, round), Proposers.proposer(reversed, height, round));
            }
        }
    }

    /** The rounds of one height take consecutive slots: within total-power rounds everyone has proposed. */
    @Test
    void everyValidatorProposesWithinTotalPowerRoundsOfAHeight() {
        ValidatorSet validators = set(1, 1, 1, 3, 2);
        for (long height = 1; height < 50; height++) {
            java.util.Set<String> proposers = new java.util.HashSet<>();
            for (int round = 0; round < validators.totalPower(); round++) {
                proposers.add(Proposers.proposer(validators, height, round));
            }
            assertEquals(validators.size(), proposers.size(), "height " + height);
        }
    }

    @Test
    void aNegativeHeightOrRoundIsRefusedNotScheduled() {
        ValidatorSet validators = set(1, 1, 1, 3);
        IllegalArgumentException height = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Proposers.proposer(validators, -1, 0));
        assertTrue(height.getMessage().contains("must not be negative"), height.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Proposers.proposer(validators, 0, -1));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Proposers.proposer(validators, 3, Integer.MIN_VALUE));
    }
}
