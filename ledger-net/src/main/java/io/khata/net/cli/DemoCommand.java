package io.khata.net.cli;

import io.khata.core.crypto.Hash;
import io.khata.core.state.AssetState;
import io.khata.core.tx.Transaction;
import io.khata.net.node.Node;
import io.khata.net.node.TxResult;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a fresh local network of N banks over TLS with remittance and bond traffic, then check it.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "4", description = "banks/validators (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--txs", defaultValue = "20000", description = "transactions to send (default ${DEFAULT-VALUE})")
    long txs;

    @Option(names = "--rate", description = "transactions per second offered (default 1000, or "
            + DemoCommand.DASHBOARD_RATE + " with --dashboard)")
    Double rate;

    @Option(names = "--dashboard", description = "after the opening transactions, print the dashboard's address and keep the"
            + " network running with live traffic until Ctrl-C")
    boolean dashboard;

    @Option(names = "--seconds", defaultValue = "0", description = "stop sending after this long (default: no limit)")
    long seconds;

    @Option(names = "--dir", description = "testnet directory (default: a new temporary directory, deleted afterwards except the node log)")
    Path dir;

    @Option(names = "--json", description = "print the summary as one JSON object")
    boolean json;

    @Option(names = "--verbose", description = "show the nodes' logs on stderr instead of writing them to DIR/"
            + DemoCommand.LOG_FILE)
    boolean verbose;

    static final String LOG_FILE = "demo.log";
    /**
     * One observer node, bank0's: a bank backend's view of the chain (it never votes). The demo
     * checks that it verified every block to the same head as the validators.
     */
    static final int OBSERVERS = 1;
    /** Enough traffic for a person to watch, little enough to leave the machine usable for hours. */
    static final double DASHBOARD_RATE = 20;

    /** Where the demo's own lines go: the terminal's stderr, kept before the nodes' logs are sent to the file. */
    private PrintStream terminal = System.err;
    /** What a stop by Ctrl-C must still do after the nodes closed: delete a temporary testnet. */
    private Runnable afterStop = () -> { };

    @Override
    public Integer call() throws Exception {
        if (rate == null) {
            rate = dashboard ? DASHBOARD_RATE : 1000;
        }
        if (nodes < 1 || txs < 0 || rate <= 0) {
            throw new IllegalArgumentException("--nodes must be >= 1, --txs >= 0 and --rate > 0");
        }
        terminal = System.err;
        boolean temporary = dir == null;
        Path home = temporary ? Files.createTempDirectory("khata-demo") : dir;
        Path logFile = home.resolve(LOG_FILE).toAbsolutePath();
        if (temporary) {
            afterStop = () -> deleteAllBut(home, logFile);
        }
        try (PortBlock ports = PortBlock.reserve(Testnet.BASE_PORT_DEFAULT, 2 * (nodes + OBSERVERS))) {
            int basePort = ports.base();
            Testnet.create(home, nodes, 0, OBSERVERS, basePort, dir != null, io.khata.core.genesis.Genesis.MAX_TX_TTL_MILLIS_DEFAULT);
            terminal.println("demo: " + nodes + " banks and bank0's observer on 127.0.0.1 ports " + basePort + "-"
                    + (basePort + 2 * (nodes + OBSERVERS) - 1) + ", testnet in " + home
                    + (verbose ? "" : ", node logs in " + logFile));
            if (verbose) {
                return start(home, ports);
            }
            try (StderrToFile logs = StderrToFile.open(logFile)) {
                return start(home, ports);
            }
        } finally {
            if (temporary) {
                deleteAllBut(home, logFile);
            }
        }
    }

    private int start(Path home, PortBlock ports) throws Exception {
        try (LocalCluster cluster = LocalCluster.start(home, nodes, ports)) {
            cluster.awaitMesh();
            Node observer = cluster.startObserver(home, nodes, 0, ports);
            if (dashboard) {
                return watch(home, cluster, ports);
            }
            return run(home, cluster.nodes(), observer);
        }
    }

    private int run(Path home, List<Node> cluster, Node observer) throws Exception {
        Node first = cluster.get(0);
        Map<String, Long> supplyBefore = supply(first);
        DemoWorkload workload = new DemoWorkload(home, first.ledger().chainId(), nodes, 20261128L);
        LocalCluster.commitAll(cluster, workload.openingTransactions(System.currentTimeMillis()),
                "demo: opening accounts and issuing bonds", terminal);
        LocalCluster.commitAll(cluster, workload.fundingTransactions(System.currentTimeMillis()), "demo: funding customers",
                terminal); // returns once every node holds the funding block: traffic goes to all of them

        Traffic traffic = new Traffic(cluster);
        long start = System.nanoTime();
        traffic.run(i -> {
            DemoWorkload.Planned planned = workload.next(System.currentTimeMillis());
            return new Traffic.Item(planned.transaction(), planned.bad());
        }, txs, rate, seconds, () -> Traffic.progressLine(terminal, first.ledger().height(), traffic, elapsed(start)));
        boolean allAnswered = traffic.awaitOutcomes(60_000);
        double sendSeconds = elapsed(start);
        Traffic.progressLine(terminal, first.ledger().height(), traffic, sendSeconds);
        terminal.println();

        long finalHeight = converge(cluster);
        Hash head = first.ledger().block(finalHeight).map(b -> b.hash()).orElse(Hash.ZERO);
        boolean agree = true;
        for (Node node : cluster) {
            agree &= node.ledger().height() >= finalHeight
                    && node.ledger().block(finalHeight).map(b -> b.hash().equals(head)).orElse(false);
        }
        boolean observerAgrees = converge(List.of(observer), finalHeight)
                && observer.ledger().block(finalHeight).map(b -> b.hash().equals(head)).orElse(false);
        terminal.println("demo: " + observer.nodeId() + " (bank0's observer, never votes) verified every block to height "
                + finalHeight + ": " + (observerAgrees ? "same head as the validators" : "DIFFERENT head or behind"));
        agree &= observerAgrees;
        Map<String, Long> supplyAfter = supply(first);
        boolean supplyHolds = supplyAfter.get(Testnet.PKR).equals(supplyBefore.get(Testnet.PKR))
                && supplyAfter.get(Testnet.BOND) == supplyBefore.get(Testnet.BOND) + workload.bondIssued();
        boolean ok = agree && allAnswered && supplyHolds && traffic.rejectedUnexpected.get() == 0
                && traffic.committedBad.get() == 0 && traffic.failed.get() == 0;
        DemoSummary summary = new DemoSummary(nodes, traffic.submitted.get(), traffic.committed.get(),
                traffic.rejectedExpected.get(), traffic.rejectedUnexpected.get(), traffic.committedBad.get(),
                traffic.pending(), traffic.committed.get() / Math.max(sendSeconds, 0.001), traffic.latencies(),
                finalHeight, head, agree, supplyBefore, supplyAfter, supplyHolds, traffic.firstUnexpectedRejection(), ok);
        System.out.println(json ? summary.toJson() : summary.toText());
        return ok ? 0 : 1;
    }

    /**
     * {@code --dashboard}: opens the accounts, prints each node's dashboard address, then sends
     * traffic until the process is stopped. Ctrl-C closes the nodes (their stores shut cleanly)
     * from a shutdown hook; an interrupt of this thread stops it too. Traffic runs in rounds of a minute so that what one round remembers
     * of its transactions is let go of in the next.
     */
    private int watch(Path home, LocalCluster cluster, PortBlock ports) throws Exception {
        List<Node> running = cluster.nodes();
        Node first = running.get(0);
        DemoWorkload workload = new DemoWorkload(home, first.ledger().chainId(), nodes, 20261128L);
        LocalCluster.commitAll(running, workload.openingTransactions(System.currentTimeMillis()),
                "demo: opening accounts and issuing bonds", terminal);
        LocalCluster.commitAll(running, workload.fundingTransactions(System.currentTimeMillis()), "demo: funding customers",
                terminal);
        List<String> others = new java.util.ArrayList<>();
        for (int i = 1; i < nodes; i++) {
            others.add(Integer.toString(Testnet.apiPort(ports.base(), i)));
        }
        terminal.println("demo: dashboard at http://127.0.0.1:" + Testnet.apiPort(ports.base(), 0) + "/ (bank0's node"
                + (others.isEmpty() ? "" : "; the other banks' nodes serve theirs on ports " + String.join(", ", others))
                + ")");
        terminal.println("demo: sending " + rate + " transactions per second until Ctrl-C");
        Thread hook = new Thread(() -> {
            terminal.println();
            terminal.println("demo: stopping the network");
            cluster.close();
            afterStop.run();
        }, "khata-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            while (true) {
                Traffic traffic = new Traffic(running);
                long start = System.nanoTime();
                traffic.run(i -> {
                    DemoWorkload.Planned planned = workload.next(System.currentTimeMillis());
                    return new Traffic.Item(planned.transaction(), planned.bad());
                }, Long.MAX_VALUE, rate, 60, () -> Traffic.progressLine(terminal, first.ledger().height(), traffic,
                        elapsed(start)));
            }
        } catch (InterruptedException stopped) {
            // Stopped from inside the process (an embedding caller or a test): the caller closes the network.
            Runtime.getRuntime().removeShutdownHook(hook);
            terminal.println();
            terminal.println("demo: stopped");
            return 0;
        }
    }

    private static double elapsed(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Waits up to 30 s until every node in {@code nodes} has reached {@code height}; true if they all did. */
    private static boolean converge(List<Node> nodes, long height) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        for (Node node : nodes) {
            while (node.ledger().height() < height && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
        }
        return nodes.stream().allMatch(node -> node.ledger().height() >= height);
    }

    /** Waits until every node has reached the highest height any node had; returns that height. */
    private static long converge(List<Node> cluster) throws InterruptedException {
        long target = 0;
        for (Node node : cluster) {
            target = Math.max(target, node.ledger().height());
        }
        long deadline = System.currentTimeMillis() + 30_000;
        for (Node node : cluster) {
            while (node.ledger().height() < target && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
        }
        return target;
    }

    private static Map<String, Long> supply(Node node) {
        Map<String, Long> supply = new TreeMap<>();
        for (AssetState asset : node.ledger().assets()) {
            supply.put(asset.id(), asset.supply());
        }
        return supply;
    }

    /** Deletes the temporary testnet, keeping the nodes' log (and the directory holding it) if there is one. */
    private void deleteAllBut(Path path, Path keep) {
        try (var paths = Files.walk(path)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .filter(p -> !p.toAbsolutePath().equals(keep) && !(Files.exists(keep) && p.equals(path)))
                    .forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            terminal.println("demo: could not delete " + path + ": " + e.getMessage());
        }
    }

    /** What the demo prints at the end. Latencies are in microseconds inside, printed in milliseconds. */
    record DemoSummary(int nodes, long submitted, long committed, long rejectedAsExpected, long rejectedUnexpected,
                       long badCommitted, long pending, double throughput, Histogram latency, long finalHeight,
                       Hash headHash, boolean allNodesAgree, Map<String, Long> supplyBefore, Map<String, Long> supplyAfter,
                       boolean supplyConserved, String firstUnexpectedRejection, boolean ok) {

        private double ms(double percentile) {
            return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile) / 1000.0;
        }

        String toText() {
            return String.format("%nsummary%n"
                            + "  transactions  submitted %d, committed %d, rejected as intended %d, rejected unexpectedly %d,"
                            + " bad committed %d, without outcome %d%n"
                            + "  throughput    %.0f committed tx/s%n"
                            + "  latency       p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (submit to commit, open loop)%n"
                            + "  supply        before %s, after %s (%s)%n"
                            + "  final height  %d, head %s%n"
                            + "  all nodes agree: %s%n"
                            + "%s"
                            + "result: %s",
                    submitted, committed, rejectedAsExpected, rejectedUnexpected, badCommitted, pending, throughput,
                    ms(50), ms(90), ms(99), latency.getTotalCount() == 0 ? 0 : latency.getMaxValue() / 1000.0,
                    supplyBefore, supplyAfter, supplyConserved ? "conserved: PKR unchanged, BOND grew by the issuance" : "NOT CONSERVED",
                    finalHeight, headHash, allNodesAgree ? "yes" : "NO",
                    firstUnexpectedRejection == null ? "" : "  first unexpected rejection: " + firstUnexpectedRejection + "\n",
                    ok ? "all checks hold" : "CHECKS FAILED");
        }

        String toJson() {
            StringBuilder json = new StringBuilder("{");
            json.append("\"nodes\":").append(nodes)
                    .append(",\"submitted\":").append(submitted)
                    .append(",\"committed\":").append(committed)
                    .append(",\"rejected\":").append(rejectedAsExpected + rejectedUnexpected)
                    .append(",\"rejected_unexpected\":").append(rejectedUnexpected)
                    .append(",\"bad_committed\":").append(badCommitted)
                    .append(",\"without_outcome\":").append(pending)
                    .append(",\"throughput_tps\":").append(String.format("%.1f", throughput))
                    .append(",\"latency_ms\":{\"p50\":").append(ms(50)).append(",\"p90\":").append(ms(90))
                    .append(",\"p99\":").append(ms(99)).append("}")
                    .append(",\"final_height\":").append(finalHeight)
                    .append(",\"head_hash\":\"").append(headHash).append("\"")
                    .append(",\"supply_before\":").append(map(supplyBefore))
                    .append(",\"supply_after\":").append(map(supplyAfter))
                    .append(",\"supply_conserved\":").append(supplyConserved)
                    .append(",\"all_nodes_agree\":").append(allNodesAgree)
                    .append(",\"first_unexpected_rejection\":").append(firstUnexpectedRejection == null ? "null"
                            : "\"" + firstUnexpectedRejection.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                    .append(",\"ok\":").append(ok)
                    .append("}");
            return json.toString();
        }

        private static String map(Map<String, Long> values) {
            StringBuilder json = new StringBuilder("{");
            values.forEach((key, value) -> json.append(json.length() > 1 ? "," : "")
                    .append('"').append(key).append("\":").append(value));
            return json.append('}').toString();
        }
    }
}
