package io.khata.net.cli;

import io.khata.core.tx.Transaction;
import io.khata.net.node.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The cluster benchmark: N validators over TLS in this JVM, a pre-signed workload of transfers
 * between many accounts of every bank, submitted open-loop at a fixed rate spread over all
 * nodes. Without {@code --rate} it sweeps rates to find the saturation point (the highest
 * rate whose committed rate keeps within 5% with p99 under 2 s), then measures latency at half
 * of it. Prints the physical limit beside it: raw verifications per second on all processors
 * divided by the number of validators.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure committed throughput and commit latency of a local N-bank network over TLS.")
final class BenchCommand implements Callable<Integer> {
    static final double KEEP_UP_RATIO = 0.95;
    static final double P99_MILLIS_MAX = 2_000;
    static final int CUSTOMERS_PER_BANK = 50;
    /** The bench chain lets transactions live long, since the workload is signed before it is sent. */
    static final long MAX_TX_TTL_MILLIS = io.khata.core.genesis.Genesis.MAX_TX_TTL_MILLIS_LIMIT;

    @Option(names = "--nodes", defaultValue = "4", description = "validators in the network (default ${DEFAULT-VALUE})")
    int nodes;
    @Option(names = "--seconds", defaultValue = "15", description = "measured seconds per rate (default ${DEFAULT-VALUE})")
    long seconds;
    @Option(names = "--warmup", defaultValue = "5", description = "unmeasured seconds before each rate (default ${DEFAULT-VALUE})")
    long warmup;
    @Option(names = "--rate", description = "measure at this one rate instead of sweeping") Double rate;
    @Option(names = "--rates", split = ",", defaultValue = "250,500,1000,1500,2000,3000,4000",
            description = "rates of the sweep, tx/s (default ${DEFAULT-VALUE})")
    List<Double> rates;
    @Option(names = "--json", description = "print the result as one JSON object") boolean json;
    @Option(names = "--verifier", defaultValue = "${sys:khata.ed25519.verifier:-auto}",
            description = "Ed25519 implementation: auto (native if it loads and passes its self-test), java or native"
                    + " (default ${DEFAULT-VALUE}, from -Dkhata.ed25519.verifier); the outcome of every signature is the same")
    String verifier;

    /**
     * One rate's measurement. The workload holds only valid transfers, so every transaction
     * rejected, failed or still without an outcome after the drain is {@code lost}: the run
     * exits 1 if there is any. ({@code unexpected} is the same count, used by the keep-up rule.)
     */
    record Run(double offered, double committedRate, long committed, long submitted, long unexpected, long lost,
               Histogram latency, double blocksPerSecond, double txsPerBlock, double bytesPerTx,
               double verificationsPerSignature, String firstProblem) {
        /** Every transaction committed (none rejected or left over) at 95% of the offered rate or more, p99 under 2 s. */
        boolean keepsUp() {
            return unexpected == 0 && committed >= KEEP_UP_RATIO * submitted
                    && committedRate >= KEEP_UP_RATIO * offered
                    && latency.getValueAtPercentile(99) / 1000.0 < P99_MILLIS_MAX;
        }

        double ms(double percentile) {
            return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    @Override
    public Integer call() throws Exception {
        io.khata.core.crypto.Ed25519.useVerifier(io.khata.core.crypto.VerifierChoice.parse(verifier));
        Path home = Files.createTempDirectory("khata-bench");
        try (PortBlock ports = PortBlock.reserve(Testnet.BASE_PORT_DEFAULT + 200, 2 * nodes);
             LocalCluster cluster = startCluster(home, ports)) {
            List<Node> all = cluster.nodes();
            Node first = all.get(0);
            DemoWorkload workload = new DemoWorkload(home, first.ledger().chainId(), nodes, 8L, CUSTOMERS_PER_BANK,
                    MAX_TX_TTL_MILLIS - 10 * 60_000L);
            cluster.awaitMesh();
            LocalCluster.commitAll(all, workload.openingTransactions(System.currentTimeMillis()), "bench: opening accounts", System.err);
            LocalCluster.commitAll(all, workload.fundingTransactions(System.currentTimeMillis()), "bench: funding accounts", System.err);
            List<Transaction> sample = presign(workload, first, 512);
            double verifications = SignatureBaseline.verificationsPerSecond(sample, 3);
            double physicalLimit = verifications / nodes;
            System.err.printf(Locale.ROOT, "bench: raw Ed25519 %.0f verifications/s on %d processors; physical limit %.0f tx/s for %d validators%n",
                    verifications, Runtime.getRuntime().availableProcessors(), physicalLimit, nodes);
            List<Run> runs = new ArrayList<>();
            Run saturated = null;
            for (double offered : rate != null ? List.of(rate) : rates) {
                Run run = measure(all, workload, offered);
                runs.add(run);
                System.err.printf(Locale.ROOT, "bench: offered %.0f tx/s -> committed %.0f tx/s, p50 %.0f ms, p99 %.0f ms%s%n",
                        offered, run.committedRate(), run.ms(50), run.ms(99), run.keepsUp() ? "" : " (does not keep up)");
                if (run.firstProblem() != null) {
                    System.err.println("bench: first transaction not committed: " + run.firstProblem());
                }
                if (run.keepsUp()) {
                    saturated = run;
                } else if (rate == null) {
                    break;
                }
            }
            Run half = null;
            if (rate == null && saturated != null) {
                half = measure(all, workload, saturated.offered() / 2);
            }
            print(runs, saturated, half, physicalLimit, verifications);
            long lost = 0;
            for (Run run : runs) {
                lost += run.lost();
            }
            if (half != null) {
                lost += half.lost();
            }
            if (lost > 0) {
                System.err.println("bench: FAILED: " + lost + " transactions were not committed");
                return 1;
            }
            return 0;
        } finally {
            try (var paths = Files.walk(home)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private LocalCluster startCluster(Path home, PortBlock ports) throws Exception {
        Testnet.create(home, nodes, ports.base(), false, MAX_TX_TTL_MILLIS);
        return LocalCluster.start(home, nodes, ports);
    }

    private List<Transaction> presign(DemoWorkload workload, Node node, int count) {
        List<Transaction> txs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            txs.add(workload.remittance(System.currentTimeMillis()));
        }
        return txs;
    }

    private Run measure(List<Node> all, DemoWorkload workload, double offered) throws Exception {
        Node first = all.get(0);
        if (warmup > 0) {
            List<Transaction> warm = presign(workload, first, (int) (offered * warmup));
            new Traffic(all).run(i -> new Traffic.Item(warm.get((int) i), false), warm.size(), offered, 0, () -> { });
        }
        List<Transaction> txs = presign(workload, first, (int) Math.ceil(offered * seconds));
        long heightBefore = first.ledger().height();
        long bytesBefore = bytes(all);
        long verificationsBefore = verifications(all);
        Traffic traffic = new Traffic(all);
        long start = System.nanoTime();
        traffic.run(i -> new Traffic.Item(txs.get((int) i), false), txs.size(), offered, 0,
                () -> Traffic.progressLine(System.err, first.ledger().height(), traffic, (System.nanoTime() - start) / 1e9));
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        traffic.awaitOutcomes(30_000);
        System.err.println();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long blocks = first.ledger().height() - heightBefore;
        long committed = traffic.committed.get();
        long signatures = signaturesCommitted(first, heightBefore);
        double perSignature = signatures == 0 ? 0
                : (verifications(all) - verificationsBefore) / (double) (signatures * all.size());
        return new Run(offered, traffic.committedRate(),
                committed, traffic.submitted.get(), traffic.rejectedUnexpected.get() + traffic.failed.get() + traffic.pending(),
                traffic.rejectedUnexpected.get() + traffic.failed.get() + traffic.pending(), traffic.latencies(), blocks / elapsed, blocks == 0 ? 0 : committed / (double) blocks,
                committed == 0 ? 0 : (bytes(all) - bytesBefore) / (double) committed, perSignature,
                traffic.firstUnexpectedRejection());
    }

    /** Ed25519 verifications all nodes ran so far, each in its own ledger's cache (none shares results). */
    private static long verifications(List<Node> all) {
        long total = 0;
        for (Node node : all) {
            total += node.ledger().signatureCache().verifications();
        }
        return total;
    }

    /** Signatures of the transactions committed above {@code heightBefore}, as {@code node} holds them. */
    private static long signaturesCommitted(Node node, long heightBefore) {
        long signatures = 0;
        for (long h = heightBefore + 1; h <= node.ledger().height(); h++) {
            for (Transaction tx : node.ledger().block(h).orElseThrow().transactions()) {
                signatures += tx.signatures().size();
            }
        }
        return signatures;
    }

    private static long bytes(List<Node> all) {
        long total = 0;
        for (Node node : all) {
            total += Math.max(0, node.bytesSentToPeers());
        }
        return total;
    }

    private void print(List<Run> runs, Run saturated, Run half, double physicalLimit, double verifications) {
        double saturation = saturated == null ? 0 : saturated.committedRate();
        if (json) {
            StringBuilder out = new StringBuilder("{");
            out.append(String.format(Locale.ROOT, "\"nodes\":%d,\"processors\":%d,\"ed25519_verifier\":\"%s\","
                            + "\"verifications_per_second\":%.0f,"
                            + "\"physical_limit_tps\":%.0f,\"saturation_tps\":%.0f,\"saturation_ratio\":%.3f,\"runs\":[",
                    nodes, Runtime.getRuntime().availableProcessors(), io.khata.core.crypto.Ed25519.selection().name(),
                    verifications, physicalLimit, saturation,
                    saturation / physicalLimit));
            for (int i = 0; i < runs.size(); i++) {
                out.append(i > 0 ? "," : "").append(runJson(runs.get(i)));
            }
            out.append("]");
            if (half != null) {
                out.append(",\"half_saturation\":").append(runJson(half));
            }
            System.out.println(out.append("}"));
            return;
        }
        System.out.printf(Locale.ROOT, "%n%-9s %-10s %-8s %-8s %-8s %-8s %-9s %-9s %-10s %-9s %s%n", "offered", "committed",
                "p50 ms", "p90 ms", "p99 ms", "p99.9", "max ms", "blocks/s", "txs/block", "bytes/tx", "verif/sig");
        for (Run run : runs) {
            System.out.println(row(run));
        }
        if (half != null) {
            System.out.println("at half the saturation rate:");
            System.out.println(row(half));
        }
        System.out.printf(Locale.ROOT, "%nsaturation %.0f tx/s; physical limit %.0f tx/s (%.0f verifications/s on %d processors / %d validators,"
                        + " Ed25519 verifier %s); ratio %.2f%n",
                saturation, physicalLimit, verifications, Runtime.getRuntime().availableProcessors(), nodes,
                io.khata.core.crypto.Ed25519.selection().name(),
                saturation / physicalLimit);
    }

    private static String row(Run run) {
        return String.format(Locale.ROOT, "%-9.0f %-10.0f %-8.1f %-8.1f %-8.1f %-8.1f %-9.1f %-9.2f %-10.1f %-9.0f %.2f",
                run.offered(), run.committedRate(), run.ms(50), run.ms(90), run.ms(99), run.ms(99.9),
                run.latency().getTotalCount() == 0 ? 0 : run.latency().getMaxValue() / 1000.0,
                run.blocksPerSecond(), run.txsPerBlock(), run.bytesPerTx(), run.verificationsPerSignature());
    }

    private static String runJson(Run run) {
        return String.format(Locale.ROOT, "{\"offered_tps\":%.0f,\"committed_tps\":%.1f,\"committed\":%d,\"submitted\":%d,"
                        + "\"not_committed\":%d,\"p50_ms\":%.1f,\"p90_ms\":%.1f,\"p99_ms\":%.1f,\"p999_ms\":%.1f,\"max_ms\":%.1f,"
                        + "\"blocks_per_second\":%.2f,\"txs_per_block\":%.1f,\"bytes_per_tx\":%.0f,"
                        + "\"verifications_per_signature\":%.3f,\"keeps_up\":%b}",
                run.offered(), run.committedRate(), run.committed(), run.submitted(), run.unexpected(), run.ms(50),
                run.ms(90), run.ms(99), run.ms(99.9), run.latency().getTotalCount() == 0 ? 0 : run.latency().getMaxValue() / 1000.0,
                run.blocksPerSecond(), run.txsPerBlock(), run.bytesPerTx(), run.verificationsPerSignature(), run.keepsUp());
    }
}
