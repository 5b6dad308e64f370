package io.khata.net.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs many seeds, each one a single-threaded {@link Simulation}, several at a time (one per
 * core): seeds share nothing, so running them side by side changes no run's trace.
 */
final class SeedRunner {
    record Outcome(long seed, int validators, String traceHash, SimStats stats, Throwable failure) {
    }

    private SeedRunner() {
    }

    static List<Outcome> run(long firstSeed, int seeds, int validators, int heights,
                             Simulation.ConsensusFactory factory, boolean stopAtFirstFailure) {
        return run(firstSeed, seeds, validators, heights, false, factory, stopAtFirstFailure);
    }

    static List<Outcome> run(long firstSeed, int seeds, int validators, int heights, boolean membershipChanges,
                             Simulation.ConsensusFactory factory, boolean stopAtFirstFailure) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
                long s = seed;
                futures.add(pool.submit(() -> runOne(s, validators, heights, membershipChanges, factory)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> future : futures) {
                Outcome outcome = future.get();
                outcomes.add(outcome);
                if (stopAtFirstFailure && outcome.failure() != null) {
                    for (Future<Outcome> rest : futures) {
                        rest.cancel(false);
                    }
                    break;
                }
            }
            return outcomes;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    static Outcome runOne(long seed, int validators, int heights, Simulation.ConsensusFactory factory) {
        return runOne(seed, validators, heights, false, factory);
    }

    static Outcome runOne(long seed, int validators, int heights, boolean membershipChanges,
                          Simulation.ConsensusFactory factory) {
        Simulation simulation = new Simulation(seed, validators, heights, membershipChanges, factory);
        try {
            String trace = simulation.run();
            return new Outcome(seed, validators, trace, simulation.stats, null);
        } catch (SimulationFailure | RuntimeException e) {
            return new Outcome(seed, validators, null, simulation.stats, e);
        }
    }

    /** The one command that replays this seed alone. */
    static String replayCommand(long seed, int validators, int heights) {
        return "mvn -o -pl ledger-net -am test -Dtest=ConsensusSimulationTest#invariantsHoldForEverySeed"
                + " -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dkhata.sim.firstSeed=" + seed + " -Dkhata.sim.seeds=1 -Dkhata.sim.validators=" + validators
                + " -Dkhata.sim.heights=" + heights;
    }

    /** The one command that replays this seed of the membership runs alone. */
    static String replayMembershipCommand(long seed, int validators, int heights) {
        return "mvn -o -pl ledger-net -am test -Dtest=ConsensusSimulationTest#membershipChangesKeepTheInvariants"
                + " -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dkhata.sim.firstSeed=" + seed + " -Dkhata.sim.membershipSeeds=1 -Dkhata.sim.validators=" + validators
                + " -Dkhata.sim.heights=" + heights;
    }
}
