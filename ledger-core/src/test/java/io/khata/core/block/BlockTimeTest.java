package io.khata.core.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.Sha256;
import io.khata.core.crypto.Signature;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * BFT time's arithmetic: the power-weighted median of a commit's precommit times, the
 * monotonic floor, the first block, and the edges of {@code long}. Signatures play no part
 * here (the commit is verified before its times are used), so these commits carry blank ones.
 */
class BlockTimeTest {
    private static final Hash BLOCK = Sha256.hash("block".getBytes(StandardCharsets.UTF_8));
    private static final Signature BLANK = Signature.of(new byte[Signature.BYTES]);

    private static ValidatorSet validators(long... powers) {
        List<Validator> list = new ArrayList<>();
        for (int i = 0; i < powers.length; i++) {
            KeyPair key = KeyPair.fromSeed(Sha256.hash(("time/" + i).getBytes(StandardCharsets.UTF_8)).toByteArray());
            list.add(new Validator("bank-" + i, key.publicKey(), powers[i]));
        }
        return new ValidatorSet(list);
    }

    /** A commit whose signer {@code bank-i} stamped {@code times[i]}; a negative entry leaves bank-i out. */
    private static Commit commit(long... times) {
        List<CommitSig> sigs = new ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            if (times[i] >= 0) {
                sigs.add(new CommitSig("bank-" + i, times[i], BLANK));
            }
        }
        return new Commit(5, 0, BLOCK, sigs);
    }

    private static long median(ValidatorSet validators, long... times) {
        return BlockTime.medianMillis(commit(times), validators).orElseThrow();
    }

    @Test
    void withEqualPowersTheMedianIsTheTimeThatMoreThanHalfTheSignersReached() {
        ValidatorSet four = validators(1, 1, 1, 1);
        assertEquals(30, median(four, 10, 20, 30, 40));
        assertEquals(30, median(four, 40, 30, 20, 10), "order in the commit does not matter");
        assertEquals(20, median(four, 10, 20, 30, -1), "three signers: the middle one");
        assertEquals(7, median(validators(1), 7));
    }

    @Test
    void theMedianIsWeightedByVotingPower() {
        ValidatorSet oneOneOneThree = validators(1, 1, 1, 3);
        assertEquals(100, median(oneOneOneThree, 10, 20, 30, 100), "bank-3 holds half: the three others alone are not more");
        assertEquals(10, median(oneOneOneThree, 10, 20, 30, 5), "bank-3 at 5 and bank-0 at 10 pass half");
        ValidatorSet four = validators(1, 1, 1, 1);
        assertEquals(30, median(four, 10, 20, 30, 100), "the same times with equal powers");
        assertEquals(1_000, median(validators(1, 1, 1, 1_000_000_000_000_000L), 1, 2, 3, 1_000),
                "a validator with more than half the power sets the time");
    }

    /**
     * With more than 2/3 of the power signing and less than 1/3 Byzantine, the median stays
     * between the earliest and latest honest time, whatever the Byzantine signers stamp and
     * whichever quorum the proposer picked. Random powers, random absurd times, seeded.
     */
    @Test
    void byzantineTimesCannotMoveTheMedianOutsideTheHonestOnes() {
        SplittableRandom random = new SplittableRandom(13);
        long[] absurd = {0, 1, Long.MAX_VALUE, Long.MAX_VALUE - 1, 1L << 62};
        for (int trial = 0; trial < 2_000; trial++) {
            int n = 4 + random.nextInt(10);
            long[] powers = new long[n];
            for (int i = 0; i < n; i++) {
                powers[i] = 1 + random.nextLong(1_000_000_000_000_000L);
            }
            ValidatorSet set = validators(powers);
            long total = set.totalPower();
            long[] times = new long[n];
            boolean[] byzantine = new boolean[n];
            long byzantinePower = 0;
            long signedPower = 0;
            for (int i = 0; i < n; i++) {
                if (3 * (byzantinePower + powers[i]) < total && random.nextBoolean()) {
                    byzantine[i] = true;
                    byzantinePower += powers[i];
                    times[i] = absurd[random.nextInt(absurd.length)];
                } else {
                    times[i] = 1_000_000 + random.nextLong(10_000);
                }
            }
            for (int i = 0; i < n; i++) { // leave honest signers out while more than 2/3 still sign
                signedPower += powers[i];
            }
            for (int i = 0; i < n; i++) {
                if (!byzantine[i] && random.nextInt(3) == 0 && set.isQuorum(signedPower - powers[i])) {
                    signedPower -= powers[i];
                    times[i] = -1;
                }
            }
            long honestMin = Long.MAX_VALUE;
            long honestMax = Long.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                if (!byzantine[i] && times[i] >= 0) {
                    honestMin = Math.min(honestMin, times[i]);
                    honestMax = Math.max(honestMax, times[i]);
                }
            }
            long median = median(set, times);
            assertTrue(median >= honestMin && median <= honestMax,
                    "trial " + trial + ": median " + median + " outside honest [" + honestMin + ", " + honestMax + "]");
        }
    }

    @Test
    void aBlockTimeIsTheMedianOrOneAfterThePreviousBlockWhicheverIsLater() {
        ValidatorSet four = validators(1, 1, 1, 1);
        assertEquals(30L, BlockTime.next(5, commit(10, 20, 30, 40), four).value());
        assertEquals(51L, BlockTime.next(50, commit(10, 20, 30, 40), four).value(), "monotonic: previous + 1");
        assertEquals(31L, BlockTime.next(30, commit(10, 20, 30, 40), four).value(), "never equal to the previous");
    }

    @Test
    void theFirstBlockIsOneMillisecondAfterTheGenesisTime() {
        long genesis = 1_767_225_600_000L;
        assertEquals(genesis + 1, BlockTime.next(genesis, null, validators(1)).value());
        assertEquals(genesis + 1, BlockTime.next(genesis, null, null).value(), "the set is not needed without a commit");
    }

    @Test
    void timesAtTheEndOfLongAreValuesNotOverflows() {
        ValidatorSet four = validators(1, 1, 1, 1);
        assertEquals(Long.MAX_VALUE, BlockTime.next(Long.MAX_VALUE - 1, commit(10, 20, 30, 40), four).value());
        assertEquals(Long.MAX_VALUE, BlockTime.next(Long.MAX_VALUE - 1, null, four).value());
        assertEquals(Long.MAX_VALUE, BlockTime.next(10, commit(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, 0), four)
                .value());
        for (Commit commit : new Commit[] {null, commit(10, 20, 30, 40), commit(Long.MAX_VALUE, Long.MAX_VALUE, 1, 2)}) {
            Result<Long> none = BlockTime.next(Long.MAX_VALUE, commit, four);
            assertFalse(none.isOk());
            assertEquals(new Rejection.InvalidField("previous block time", Long.toString(Long.MAX_VALUE),
                    "no later block time exists"), none.rejection());
        }
    }

    @Test
    void powersAtTheTotalLimitDoNotOverflow() {
        long quarter = ValidatorSet.TOTAL_POWER_MAX / 4;
        ValidatorSet heavy = validators(quarter, quarter, quarter, quarter);
        assertEquals(ValidatorSet.TOTAL_POWER_MAX - ValidatorSet.TOTAL_POWER_MAX % 4, heavy.totalPower());
        assertEquals(30, median(heavy, 10, 20, 30, 40));
        assertEquals(Long.MAX_VALUE, median(heavy, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, 0));
    }

    @Test
    void aSignerListedTwiceOrOutsideTheSetCountsOnceOrNotAtAll() {
        ValidatorSet four = validators(1, 1, 1, 1);
        List<CommitSig> sigs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sigs.add(new CommitSig("bank-0", 1, BLANK)); // five copies of one power-1 signer
        }
        sigs.add(new CommitSig("bank-1", 50, BLANK));
        sigs.add(new CommitSig("bank-2", 60, BLANK));
        sigs.add(new CommitSig("outsider", 0, BLANK));
        assertEquals(OptionalLong.of(50), BlockTime.medianMillis(new Commit(5, 0, BLOCK, sigs), four));
        assertEquals(OptionalLong.empty(), BlockTime.medianMillis(
                new Commit(5, 0, BLOCK, List.of(new CommitSig("outsider", 0, BLANK))), four));
        assertEquals(41L, BlockTime.next(40, new Commit(5, 0, BLOCK, List.of()), four).value(), "no median: previous + 1");
    }
}
