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
 *   <li>{@code khata.sim.validators}: run only this network size, with {@code khata.sim.seeds} seeds;</li>
 *   <li>{@code khata.sim.membershipSeeds} (default 50): seeds of the runs with membership changes,
 *       for 4 validators; 7 validators get a quarter as many, unless {@code khata.sim.validators}
 *       picks one size (more run from the jar: {@code khata simulate --faults all,membership}).</li>
 * </ul>
 * A failing seed prints the command that replays it alone.
 */
class ConsensusSimulationTest {
    private static final Simulation.ConsensusFactory HONEST = Consensus::new;

    @Test
    void invariantsHoldForEverySeed() {
        runAll("khata.sim.seeds", false, new SimStats());
    }

    /**
     * Issue 9's simulation: spare banks outside the genesis, and the authority adding,
     * removing and re-weighting validators throughout the faults. Over the default budget the
     * two named scenarios must both have happened: a spare's addition committed while a
     * partition was on, and a validator removed by a block it proposed itself.
     */
    @Test
    void membershipChangesKeepTheInvariants() {
        SimStats total = new SimStats();
        int seeds = runAll("khata.sim.membershipSeeds", true, total);
        if (seeds >= 50) {
            assertTrue(total.joinedDuringPartition > 0, "no spare joined during a partition: " + total);
            assertTrue(total.removedWhileProposer > 0, "no validator was removed by a block it proposed: " + total);
            assertTrue(total.invalidChangesRefused > 0, "no invalid change reached a block builder: " + total);
        }
    }

    /** Runs every configured size; fails with each failing seed's replay command. Returns how many seeds ran. */
    private static int runAll(String seedsPropertyName, boolean membershipChanges, SimStats total) {
        long firstSeed = Long.getLong("khata.sim.firstSeed", 1);
        int heights = Integer.getInteger("khata.sim.heights", 30);
        int defaultSeeds = membershipChanges ? 50 : 200;
        Integer seedsProperty = Integer.getInteger(seedsPropertyName);
        Integer validatorsProperty = Integer.getInteger("khata.sim.validators");
        List<int[]> sizes = new ArrayList<>();
        if (validatorsProperty != null) {
            sizes.add(new int[] {validatorsProperty, seedsProperty == null ? defaultSeeds : seedsProperty});
        } else {
            int seeds = seedsProperty == null ? defaultSeeds : seedsProperty;
            sizes.add(new int[] {4, seeds});
            sizes.add(new int[] {7, Math.max(1, seeds / 4)});
        }
        List<String> failures = new ArrayList<>();
        int ran = 0;
        for (int[] size : sizes) {
            failures.addAll(runSize(firstSeed, size[1], size[0], heights, membershipChanges, total));
            ran += size[1];
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " seed(s) failed:\n" + String.join("\n", failures));
        }
        return ran;
    }

    private static List<String> runSize(long firstSeed, int seeds, int validators, int heights,
                                        boolean membershipChanges, SimStats total) {
        long started = System.nanoTime();
        List<SeedRunner.Outcome> outcomes = SeedRunner.run(firstSeed, seeds, validators, heights, membershipChanges,
                HONEST, false);
        double seconds = (System.nanoTime() - started) / 1e9;
        SimStats sizeTotal = new SimStats();
        List<String> failures = new ArrayList<>();
        for (SeedRunner.Outcome outcome : outcomes) {
            sizeTotal.add(outcome.stats());
            if (outcome.failure() != null) {
                String replay = membershipChanges
                        ? SeedRunner.replayMembershipCommand(outcome.seed(), validators, heights)
                        : SeedRunner.replayCommand(outcome.seed(), validators, heights);
                failures.add("seed " + outcome.seed() + " (n=" + validators + "): " + outcome.failure()
                        + "\n  replay: " + replay);
                if (!(outcome.failure() instanceof SimulationFailure)) {
                    outcome.failure().printStackTrace();
                }
            }
        }
        total.add(sizeTotal);
        System.out.printf("simulation%s n=%d seeds=%d..%d: %.1fs wall, %.0f heights/s; %s%n",
                membershipChanges ? " with membership changes" : "", validators, firstSeed, firstSeed + seeds - 1,
                seconds, sizeTotal.heights / seconds, sizeTotal);
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

    @Test
    void sameSeedGivesTheSameTraceWithMembershipChanges() {
        SeedRunner.Outcome first = SeedRunner.runOne(7, 4, 12, true, HONEST);
        SeedRunner.Outcome second = SeedRunner.runOne(7, 4, 12, true, HONEST);
        assertEquals(null, first.failure());
        assertEquals(first.traceHash(), second.traceHash());
    }
}
