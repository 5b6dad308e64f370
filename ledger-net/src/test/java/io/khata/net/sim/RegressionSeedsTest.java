package io.khata.net.sim;

import static org.junit.jupiter.api.Assertions.assertNull;

import io.khata.net.consensus.Consensus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeds that once failed, replayed on every build (n = 4, equal powers, the standard faults, 30
 * heights, as {@code khata simulate --seeds 1 --first-seed S} runs them).
 *
 * <p>537 and 708: a validator restarted while locked found its lock but not its locked block (the
 * simulated disk kept the sign-state slots only), so it could neither re-propose nor relay its
 * locked value; with two such validators of four the height stalled. The locked block is now
 * kept by the same {@code LockedBlockFiles} code as on a node, on a simulated directory. The
 * runs draw from the disk's random generator differently since, so these seeds no longer replay
 * the old run step by step; the durability check in {@code SimNode} (a restart must find the
 * locked block of a lock whose save returned) and {@code SimulatedStorageTest} guard the cause.
 *
 * <p>856 (with random unequal powers): the only honest holder of a piece of evidence had the
 * smallest power, so it proposed about once in 20 heights, and the checker's deadline for
 * committing evidence (4 n heights after the target) assumed turns every n heights. The deadline
 * now counts in the turns of the honest validator that proposes least often.
 */
class RegressionSeedsTest {
    @ParameterizedTest
    @ValueSource(longs = {537, 708, 856})
    void seedPasses(long seed) {
        SeedRunner.Outcome outcome = SeedRunner.runOne(seed, SimulationOptions.equalPower(4, 30), Consensus::new);
        assertNull(outcome.failure(), () -> "seed " + seed + ": " + outcome.failure() + "\n  replay: "
                + SeedRunner.replayCommand(seed, outcome.options()) + "\n  " + String.join("\n  ", outcome.lastSteps()));
    }
}
