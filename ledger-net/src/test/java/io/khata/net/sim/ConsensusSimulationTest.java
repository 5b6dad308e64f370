package io.khata.net.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.khata.net.consensus.Consensus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The deterministic simulator over many seeds. Configuration, by system property:
 * <ul>
 *   <li>{@code khata.sim.seeds} (default 200): seeds for 4 validators; 7 validators get a
 *       quarter as many (default 50), unless {@code khata.sim.validators} picks one size;</li>
 *   <li>{@code khata.sim.firstSeed} (default 1);</li>
 *   <li>{@code khata.sim.heights} (default 30): heights every honest node must commit;</li>
 *   <li>{@code khata.sim.validators}: run only this network size, with {@code khata.sim.seeds} seeds.</li>
 * </ul>
 * A failing seed prints the command that replays it alone.
 */
class ConsensusSimulationTest {
    private static final Simulation.ConsensusFactory HONEST = Consensus::new;

    @Test
    void invariantsHoldForEverySeed() {
        long firstSeed = Long.getLong("khata.sim.firstSeed", 1);
        int heights = Integer.getInteger("khata.sim.heights", 30);
        Integer seedsProperty = Integer.getInteger("khata.sim.seeds");
        Integer validatorsProperty = Integer.getInteger("khata.sim.validators");
        List<int[]> sizes = new ArrayList<>();
        if (validatorsProperty != null) {
            sizes.add(new int[] {validatorsProperty, seedsProperty == null ? 200 : seedsProperty});
        } else {
            int seeds = seedsProperty == null ? 200 : seedsProperty;
            sizes.add(new int[] {4, seeds});
            sizes.add(new int[] {7, Math.max(1, seeds / 4)});
        }
        List<String> failures = new ArrayList<>();
        for (int[] size : sizes) {
            failures.addAll(runSize(firstSeed, size[1], size[0], heights));
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " seed(s) failed:\n" + String.join("\n", failures));
        }
    }

    private static List<String> runSize(long firstSeed, int seeds, int validators, int heights) {
        long started = System.nanoTime();
        List<SeedRunner.Outcome> outcomes = SeedRunner.run(firstSeed, seeds, validators, heights, HONEST, false);
        double seconds = (System.nanoTime() - started) / 1e9;
        SimStats total = new SimStats();
        List<String> failures = new ArrayList<>();
        for (SeedRunner.Outcome outcome : outcomes) {
            total.add(outcome.stats());
            if (outcome.failure() != null) {
                failures.add("seed " + outcome.seed() + " (n=" + validators + "): " + outcome.failure()
                        + "\n  replay: " + SeedRunner.replayCommand(outcome.seed(), validators, heights));
                if (!(outcome.failure() instanceof SimulationFailure)) {
                    outcome.failure().printStackTrace();
                }
            }
        }
        System.out.printf("simulation n=%d seeds=%d..%d: %.1fs wall, %.0f heights/s; %s%n", validators, firstSeed,
                firstSeed + seeds - 1, seconds, total.heights / seconds, total);
        return failures;
    }

    @Test
    void sameSeedGivesTheSameTrace() {
        SeedRunner.Outcome first = SeedRunner.runOne(7, 4, 12, HONEST);
        SeedRunner.Outcome second = SeedRunner.runOne(7, 4, 12, HONEST);
        SeedRunner.Outcome other = SeedRunner.runOne(8, 4, 12, HONEST);
        assertEquals(null, first.failure());
        assertEquals(first.traceHash(), second.traceHash());
        assertNotEquals(first.traceHash(), other.traceHash());
        assertTrue(first.stats().steps > 100);
    }
}
