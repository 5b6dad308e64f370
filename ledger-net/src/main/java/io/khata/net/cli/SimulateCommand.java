package io.khata.net.cli;

import io.khata.net.consensus.Consensus;
import io.khata.net.sim.Broken;
import io.khata.net.sim.Fault;
import io.khata.net.sim.SeedRunner;
import io.khata.net.sim.SimStats;
import io.khata.net.sim.SimulationOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The deterministic simulator from the jar: the node's consensus shell, sign-state file, block
 * sync and ledger over a simulated network, clock and disks, one seed after another. Progress
 * goes to stderr; the summary (and with {@code --json} one JSON object) to stdout. A failing
 * seed prints the command that replays it alone and the trace of its last steps; the exit code
 * is then 1 (bad options: 2, as for every command). The trace hash covers every step of every seed, in seed order: the same options
 * give the same hash on any machine.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run the deterministic simulator over many seeds and check safety and liveness after every step.")
final class SimulateCommand implements Callable<Integer> {
    private static final long PROGRESS_MILLIS = 2_000;

    @Option(names = "--validators", description = "number of validators (default 4, or as many as --powers lists)")
    Integer validators;
    @Option(names = "--powers", split = ",", description = "voting power of each validator, e.g. 1,1,2,3 (default 1 each)")
    List<Long> powers;
    @Option(names = "--seeds", defaultValue = "100", description = "seeds to run (default ${DEFAULT-VALUE})")
    int seeds;
    @Option(names = "--first-seed", defaultValue = "1", description = "first seed (default ${DEFAULT-VALUE})")
    long firstSeed;
    @Option(names = "--heights", defaultValue = "30", description = "heights every honest node must commit (default ${DEFAULT-VALUE})")
    int heights;
    @Option(names = "--faults", defaultValue = "all",
            description = "comma-separated faults: all (every one but membership), none, loss, duplicate, delay,"
                    + " partition, crash, disk, byzantine, amnesia, extreme-blocks, sync-lies, flood, skew, power,"
                    + " membership (default ${DEFAULT-VALUE})")
    String faults;
    @Option(names = "--broken", defaultValue = "none",
            description = "run deliberately broken nodes, to see the checker catch them: none, ignores-lock,"
                    + " counts-votes, half-quorum, skips-sign-state, decides-without-block (default ${DEFAULT-VALUE})")
    String broken;
    @Option(names = "--json", description = "print the summary as one JSON object") boolean json;

    @Override
    public Integer call() throws Exception {
        SimulationOptions options = options();
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1, not " + seeds);
        }
        System.err.printf(Locale.ROOT, "simulate: %d validators (powers %s), %d heights, faults %s%s, seeds %d..%d on %d processors%n",
                options.validators(), joined(options.powers()), options.heights(), Fault.format(options.faults()),
                options.broken() == Broken.NONE ? "" : ", broken " + options.broken().label(), firstSeed,
                firstSeed + seeds - 1, Runtime.getRuntime().availableProcessors());
        long started = System.nanoTime();
        Progress progress = new Progress(started);
        List<SeedRunner.Outcome> outcomes = SeedRunner.run(firstSeed, seeds, options, Consensus::new, false, progress);
        double seconds = (System.nanoTime() - started) / 1e9;
        SimStats total = new SimStats();
        List<SeedRunner.Outcome> failures = new ArrayList<>();
        MessageDigest traces = MessageDigest.getInstance("SHA-256");
        for (SeedRunner.Outcome outcome : outcomes) {
            total.add(outcome.stats());
            traces.update((outcome.seed() + " " + (outcome.passed() ? outcome.traceHash() : "failed") + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            if (!outcome.passed()) {
                failures.add(outcome);
            }
        }
        String traceHash = HexFormat.of().formatHex(traces.digest());
        if (json) {
            System.out.println(json(options, outcomes.size(), failures, seconds, total, traceHash));
        } else {
            printSummary(options, outcomes.size(), failures, seconds, total, traceHash);
        }
        return failures.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private SimulationOptions options() {
        List<Long> chosen = powers;
        if (chosen == null || chosen.isEmpty()) {
            chosen = Collections.nCopies(validators == null ? 4 : validators, 1L);
        } else if (validators != null && validators != chosen.size()) {
            throw new IllegalArgumentException("--validators " + validators + " but --powers lists " + chosen.size());
        }
        return new SimulationOptions(chosen, heights, Fault.parse(faults), Broken.parse(broken));
    }

    /** A line on stderr every two seconds and at the end: seeds done, failed, heights. */
    private final class Progress implements java.util.function.Consumer<SeedRunner.Outcome> {
        private final long started;
        private long lastPrinted;
        private int done;
        private int failed;
        private long heightsDone;

        Progress(long started) {
            this.started = started;
            this.lastPrinted = started;
        }

        @Override
        public void accept(SeedRunner.Outcome outcome) {
            done++;
            failed += outcome.passed() ? 0 : 1;
            heightsDone += outcome.stats().heights();
            long now = System.nanoTime();
            if (done == seeds || now - lastPrinted >= PROGRESS_MILLIS * 1_000_000L) {
                lastPrinted = now;
                System.err.printf(Locale.ROOT, "simulate: %d/%d seeds, %d failed, %d heights, %.1f s%n", done, seeds,
                        failed, heightsDone, (now - started) / 1e9);
            }
        }
    }

    private void printSummary(SimulationOptions options, int ran, List<SeedRunner.Outcome> failures, double seconds,
                              SimStats total, String traceHash) {
        for (SeedRunner.Outcome failure : failures) {
            System.out.println("FAILED seed " + failure.seed() + ": " + failure.failure().getMessage());
            System.out.println("  replay: " + SeedRunner.replayCommand(failure.seed(), options));
        }
        if (!failures.isEmpty()) {
            SeedRunner.Outcome first = failures.get(0);
            System.out.println("last steps of seed " + first.seed() + " (virtual ms, node, what):");
            for (String line : first.lastSteps()) {
                System.out.println("  " + line);
            }
        }
        System.out.printf(Locale.ROOT, "%d seeds, %d passed, %d failed in %.1f s wall: %d heights, %.0f heights/s%n", ran,
                ran - failures.size(), failures.size(), seconds, total.heights(), total.heights() / seconds);
        StringBuilder counters = new StringBuilder();
        for (Map.Entry<String, Long> counter : total.counters().entrySet()) {
            counters.append(counters.length() == 0 ? "" : " ").append(counter.getKey()).append('=').append(counter.getValue());
        }
        System.out.println("counters: " + counters);
        System.out.println("trace hash: " + traceHash);
    }

    private static String json(SimulationOptions options, int ran, List<SeedRunner.Outcome> failures, double seconds,
                               SimStats total, String traceHash) {
        StringBuilder out = new StringBuilder("{");
        out.append(String.format(Locale.ROOT, "\"validators\":%d,\"powers\":[%s],\"heights\":%d,\"faults\":%s,"
                        + "\"seeds\":%d,\"passed\":%d,\"failed\":%d,\"wall_seconds\":%.1f,\"heights_committed\":%d,"
                        + "\"heights_per_second\":%.1f,\"trace_hash\":%s,\"counters\":{",
                options.validators(), joined(options.powers()), options.heights(), quote(Fault.format(options.faults())), ran,
                ran - failures.size(), failures.size(), seconds, total.heights(), total.heights() / seconds, quote(traceHash)));
        boolean first = true;
        for (Map.Entry<String, Long> counter : total.counters().entrySet()) {
            out.append(first ? "" : ",").append(quote(counter.getKey())).append(':').append(counter.getValue());
            first = false;
        }
        out.append("},\"failures\":[");
        for (int i = 0; i < failures.size(); i++) {
            SeedRunner.Outcome failure = failures.get(i);
            out.append(i > 0 ? "," : "").append("{\"seed\":").append(failure.seed())
                    .append(",\"message\":").append(quote(String.valueOf(failure.failure().getMessage())))
                    .append(",\"replay\":").append(quote(SeedRunner.replayCommand(failure.seed(), options)))
                    .append(",\"last_steps\":[");
            for (int j = 0; j < failure.lastSteps().size(); j++) {
                out.append(j > 0 ? "," : "").append(quote(failure.lastSteps().get(j)));
            }
            out.append("]}");
        }
        return out.append("]}").toString();
    }

    private static String joined(List<Long> values) {
        StringBuilder text = new StringBuilder();
        for (long value : values) {
            text.append(text.length() == 0 ? "" : ",").append(value);
        }
        return text.toString();
    }

    /** A JSON string literal. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
