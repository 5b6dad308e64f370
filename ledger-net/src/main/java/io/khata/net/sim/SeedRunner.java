package io.khata.net.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs many seeds, each one a single-threaded {@link Simulation}, several at a time (one per
 * core): seeds share nothing, so running them side by side changes no run's trace. The pool
 * is the only place threads exist, and it is outside every run.
 */
public final class SeedRunner {
    /** One seed's result: its trace hash when it passed, its failure and last steps when not. */
    public record Outcome(long seed, SimulationOptions options, String traceHash, SimStats stats, Throwable failure,
                          List<String> lastSteps) {
        public boolean passed() {
            return failure == null;
        }
    }

    private SeedRunner() {
    }

    static List<Outcome> run(long firstSeed, int seeds, int validators, int heights,
                             Simulation.ConsensusFactory factory, boolean stopAtFirstFailure) {
        return run(firstSeed, seeds, validators, heights, false, factory, stopAtFirstFailure);
    }

    static List<Outcome> run(long firstSeed, int seeds, int validators, int heights, boolean membershipChanges,
                             Simulation.ConsensusFactory factory, boolean stopAtFirstFailure) {
        return run(firstSeed, seeds, options(validators, heights, membershipChanges), factory, stopAtFirstFailure,
                outcome -> { });
    }

    /** Equal powers and the standard faults, with membership changes or not. */
    static SimulationOptions options(int validators, int heights, boolean membershipChanges) {
        SimulationOptions options = SimulationOptions.equalPower(validators, heights);
        if (!membershipChanges) {
            return options;
        }
        java.util.Set<Fault> faults = java.util.EnumSet.copyOf(options.faults());
        faults.add(Fault.MEMBERSHIP);
        return options.withFaults(faults);
    }

    /**
     * Runs seeds {@code firstSeed ..} in order of seed, reporting each outcome in that order as it
     * is known; stops early at the first failure if asked.
     */
    public static List<Outcome> run(long firstSeed, int seeds, SimulationOptions options,
                                    Simulation.ConsensusFactory factory, boolean stopAtFirstFailure,
                                    Consumer<Outcome> progress) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "khata-simulation");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
                long s = seed;
                futures.add(pool.submit(() -> runOne(s, options, factory)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> future : futures) {
                Outcome outcome = future.get();
                outcomes.add(outcome);
                progress.accept(outcome);
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
        return runOne(seed, options(validators, heights, membershipChanges), factory);
    }

    /** Runs one seed on the calling thread. */
    public static Outcome runOne(long seed, SimulationOptions options, Simulation.ConsensusFactory factory) {
        Simulation simulation = new Simulation(seed, options, factory);
        try {
            String trace = simulation.run();
            simulation.countDiskFaults();
            return new Outcome(seed, options, trace, simulation.stats, null, List.of());
        } catch (SimulationFailure | RuntimeException e) {
            simulation.countDiskFaults();
            return new Outcome(seed, options, null, simulation.stats, e, simulation.lastSteps());
        }
    }

    /** The one command that replays this seed alone from the jar. */
    public static String replayCommand(long seed, SimulationOptions options) {
        StringBuilder command = new StringBuilder("java -jar ledger-net/target/khata.jar simulate");
        command.append(" --validators ").append(options.validators());
        if (!options.equalPowers() || options.powers().get(0) != 1) {
            command.append(" --powers ").append(String.join(",", options.powers().stream().map(String::valueOf).toList()));
        }
        command.append(" --first-seed ").append(seed).append(" --seeds 1 --heights ").append(options.heights())
                .append(" --faults ").append(Fault.format(options.faults()));
        if (options.broken() != Broken.NONE) {
            command.append(" --broken ").append(options.broken().label());
        }
        return command.toString();
    }

    /** The one command that replays this seed alone through the test that ran it. */
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
