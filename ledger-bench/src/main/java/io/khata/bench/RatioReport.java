package io.khata.bench;

import com.google.gson.Gson;
import io.khata.core.codec.StrictJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Prints the README's results table from a JMH JSON result ({@code -rf json -rff result.json}):
 * every benchmark with its parameters and median scores, validation's ratio to the signature
 * baseline at equal {@code txsPerBlock} and {@code threads}, the warm-cache speed-up, bytes
 * allocated per transaction when the run used {@code -prof gc}, CPU time per transaction or
 * verification when it used {@code -prof io.khata.bench.CpuTimeProfiler}, and the targets.
 *
 * <pre>java -cp ledger-bench/target/benchmarks.jar io.khata.bench.RatioReport result.json</pre>
 *
 * <p>Medians, not means: the machine may be shared, and one iteration disturbed by another
 * process moves a mean more than a median. The median is over every measured iteration of
 * every fork.
 */
public final class RatioReport {
    /** JMH's result nests a few levels (results, metrics, raw data per fork and iteration). */
    private static final int JSON_DEPTH_MAX = 16;
    static final String VALIDATION = "BlockValidationBenchmark";
    static final String BASELINE = "SignatureBaselineBenchmark.verify";
    static final String PAIRED = "PairedRatioBenchmark.pair";
    static final double RATIO_TARGET = 0.90;
    static final double ALLOCATION_BYTES_PER_TX_TARGET = 4096;
    static final double WARM_SPEEDUP_TARGET = 10;
    static final int TARGET_TXS_PER_BLOCK = 10_000;

    private RatioReport() {
    }

    /**
     * One benchmark result.
     *
     * @param blocksPerSecond the primary score's median (blocks, or signature batches, per second)
     * @param itemsPerSecond  the median of {@code :transactions} or {@code :verifications} per second, NaN if absent
     * @param itemsError      JMH's 99.9% error of that secondary score's mean, NaN if absent
     * @param allocationBytesPerBlock {@code gc.alloc.rate.norm}, NaN without {@code -prof gc}
     * @param cpuNanosPerBlock {@code cpu.time.norm}, NaN without {@code -prof io.khata.bench.CpuTimeProfiler}
     * @param pairedRatio     for {@link PairedRatioBenchmark}: the median over iterations of validation's
     *                        rate over the baseline's, both timed within each invocation; else NaN
     */
    record Row(String benchmark, Map<String, String> params, double blocksPerSecond, String items,
               double itemsPerSecond, double itemsError, double allocationBytesPerBlock, double cpuNanosPerBlock,
               double pairedRatio) {

        String param(String name) {
            return params.getOrDefault(name, "");
        }

        double allocationBytesPerTransaction() {
            String txs = params.get("txsPerBlock");
            return txs == null ? Double.NaN : allocationBytesPerBlock / Integer.parseInt(txs);
        }

        /** CPU time per transaction or verification, all threads of the JVM counted. */
        double cpuMicrosPerItem() {
            double itemsPerBlock = Math.round(itemsPerSecond / blocksPerSecond);
            return itemsPerBlock > 0 ? cpuNanosPerBlock / itemsPerBlock / 1_000 : Double.NaN;
        }

        boolean sameShape(Row other) {
            return param("txsPerBlock").equals(other.param("txsPerBlock")) && param("threads").equals(other.param("threads"));
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: RatioReport <jmh result.json>");
            System.exit(2);
        }
        String json = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        print(parse(json), System.out);
    }

    @SuppressWarnings("unchecked")
    static List<Row> parse(String json) {
        List<Row> rows = new ArrayList<>();
        for (Object element : (List<Object>) parseJson(json)) {
            Map<String, Object> result = (Map<String, Object>) element;
            String benchmark = ((String) result.get("benchmark")).replaceFirst("^io\\.khata\\.bench\\.", "");
            Map<String, String> params = new LinkedHashMap<>();
            Map<String, Object> wireParams = (Map<String, Object>) result.getOrDefault("params", Map.of());
            for (Map.Entry<String, Object> param : wireParams.entrySet()) {
                params.put(param.getKey(), String.valueOf(param.getValue()));
            }
            double blocks = median((Map<String, Object>) result.get("primaryMetric"));
            String items = "";
            double itemsMedian = Double.NaN;
            double itemsError = Double.NaN;
            double allocation = Double.NaN;
            double cpu = Double.NaN;
            Map<String, Object> secondary = (Map<String, Object>) result.getOrDefault("secondaryMetrics", Map.of());
            for (Map.Entry<String, Object> metric : secondary.entrySet()) {
                Map<String, Object> value = (Map<String, Object>) metric.getValue();
                boolean counted = metric.getKey().equals("transactions") || metric.getKey().equals("verifications");
                if (counted && !benchmark.equals(PAIRED)) {  // the paired benchmark counts events, not rates
                    items = metric.getKey();
                    itemsMedian = median(value);
                    itemsError = number(value.get("scoreError"));
                } else if (metric.getKey().endsWith("gc.alloc.rate.norm")) {
                    allocation = median(value);
                } else if (metric.getKey().equals("cpu.time.norm")) {
                    cpu = median(value);
                }
            }
            rows.add(new Row(benchmark, params, blocks, items, itemsMedian, itemsError, allocation, cpu,
                    pairedRatio(secondary)));
        }
        return rows;
    }

    /**
     * JMH's result file as maps, lists, doubles, strings, booleans and nulls: checked as strict
     * JSON first (a repeated name or trailing text is an error, not a silent choice), then read
     * by Gson. Anything else is an {@link IllegalArgumentException} naming the problem.
     */
    static Object parseJson(String json) {
        String problem = StrictJson.problem(json, JSON_DEPTH_MAX);
        if (problem != null) {
            throw new IllegalArgumentException("not a JMH result file: " + problem);
        }
        return new Gson().fromJson(json, Object.class);
    }

    /** Per iteration, (transactions / validationNanos) / (verifications / baselineNanos); their median. */
    @SuppressWarnings("unchecked")
    static double pairedRatio(Map<String, Object> secondary) {
        List<String> names = List.of("transactions", "validationNanos", "verifications", "baselineNanos");
        if (!secondary.keySet().containsAll(names)) {
            return Double.NaN;
        }
        List<double[]> columns = new ArrayList<>();
        for (String name : names) {
            columns.add(iterations((Map<String, Object>) secondary.get(name)));
        }
        int count = columns.stream().mapToInt(column -> column.length).min().orElse(0);
        double[] ratios = new double[count];
        for (int i = 0; i < count; i++) {
            ratios[i] = (columns.get(0)[i] / columns.get(1)[i]) / (columns.get(2)[i] / columns.get(3)[i]);
        }
        return median(ratios);
    }

    /** The median of every measured iteration of every fork (JMH's {@code rawData}), else the score. */
    @SuppressWarnings("unchecked")
    static double median(Map<String, Object> metric) {
        double[] values = iterations(metric);
        return values.length == 0 ? number(metric.get("score")) : median(values);
    }

    @SuppressWarnings("unchecked")
    private static double[] iterations(Map<String, Object> metric) {
        List<Double> values = new ArrayList<>();
        for (Object fork : (List<Object>) metric.getOrDefault("rawData", List.of())) {
            for (Object iteration : (List<Object>) fork) {
                values.add(number(iteration));
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** A JSON number; JMH writes an undefined error (one iteration) as the string "NaN". */
    private static double number(Object value) {
        if (value instanceof Double number) {
            return number;
        }
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    static void print(List<Row> rows, PrintStream out) {
        out.println(table(rows));
        out.println();
        out.println(targets(rows));
    }

    static String table(List<Row> rows) {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"benchmark", "txsPerBlock", "threads", "blocks/s", "tx/s or sig/s", "± (99.9%)",
                "cold/baseline", "warm/cold", "B/tx", "CPU µs/item", "cold/baseline by CPU", "paired ratio"});
        for (Row row : rows) {
            String ratio = baselineFor(row, rows)
                    .map(base -> format("%.3f", row.itemsPerSecond() / base.itemsPerSecond())).orElse("");
            String cpuRatio = baselineFor(row, rows)
                    .map(base -> format("%.3f", base.cpuMicrosPerItem() / row.cpuMicrosPerItem())).orElse("");
            String speedup = coldFor(row, rows)
                    .map(cold -> format("%.1f", row.itemsPerSecond() / cold.itemsPerSecond())).orElse("");
            lines.add(new String[] {row.benchmark(), row.param("txsPerBlock"), threadsLabel(row.param("threads")),
                    format("%.2f", row.blocksPerSecond()), format("%.0f", row.itemsPerSecond()),
                    format("%.0f", row.itemsError()), ratio, speedup, format("%.0f", row.allocationBytesPerTransaction()),
                    format("%.2f", row.cpuMicrosPerItem()), cpuRatio, format("%.3f", row.pairedRatio())});
        }
        return markdown(lines);
    }

    /** For a cold validation row: the baseline row at the same parameters. */
    static Optional<Row> baselineFor(Row row, List<Row> rows) {
        if (!row.benchmark().equals(VALIDATION + ".cold")) {
            return Optional.empty();
        }
        return rows.stream().filter(other -> other.benchmark().equals(BASELINE) && other.sameShape(row)).findFirst();
    }

    /** For a warm validation row: the cold row at the same parameters. */
    static Optional<Row> coldFor(Row row, List<Row> rows) {
        if (!row.benchmark().equals(VALIDATION + ".warm")) {
            return Optional.empty();
        }
        return rows.stream().filter(other -> other.benchmark().equals(VALIDATION + ".cold") && other.sameShape(row))
                .findFirst();
    }

    static String targets(List<Row> rows) {
        StringBuilder out = new StringBuilder("Targets (issue 4), " + TARGET_TXS_PER_BLOCK + "-transaction blocks:\n");
        boolean any = false;
        for (Row cold : rows) {
            if (!cold.benchmark().equals(VALIDATION + ".cold")
                    || !cold.param("txsPerBlock").equals(Integer.toString(TARGET_TXS_PER_BLOCK))) {
                continue;
            }
            any = true;
            String threads = threadsLabel(cold.param("threads"));
            Optional<Row> baseline = baselineFor(cold, rows);
            if (baseline.isPresent()) {
                double ratio = cold.itemsPerSecond() / baseline.get().itemsPerSecond();
                out.append(format("- threads=%s: validation/baseline = %.3f (target >= %.2f) %s%n", threads, ratio,
                        RATIO_TARGET, verdict(ratio >= RATIO_TARGET)));
                double cpuRatio = baseline.get().cpuMicrosPerItem() / cold.cpuMicrosPerItem();
                if (!Double.isNaN(cpuRatio)) {
                    out.append(format("- threads=%s: validation/baseline by CPU time = %.3f (work per transaction "
                            + "against work per verification)%n", threads, cpuRatio));
                }
            } else {
                out.append("- threads=").append(threads).append(": no baseline at these parameters in this result\n");
            }
            Optional<Row> warm = rows.stream()
                    .filter(other -> coldFor(other, rows).filter(cold::equals).isPresent()).findFirst();
            if (warm.isPresent()) {
                double speedup = warm.get().itemsPerSecond() / cold.itemsPerSecond();
                out.append(format("- threads=%s: warm/cold = %.1fx (target >= %.0fx) %s%n", threads, speedup,
                        WARM_SPEEDUP_TARGET, verdict(speedup >= WARM_SPEEDUP_TARGET)));
            }
            Optional<Row> paired = rows.stream().filter(other -> other.benchmark().equals(PAIRED) && other.sameShape(cold))
                    .findFirst();
            if (paired.isPresent()) {
                double ratio = paired.get().pairedRatio();
                out.append(format("- threads=%s: validation/baseline paired within each invocation = %.3f (target >= %.2f) %s%n",
                        threads, ratio, RATIO_TARGET, verdict(ratio >= RATIO_TARGET)));
            }
            double bytes = cold.allocationBytesPerTransaction();
            if (!Double.isNaN(bytes)) {
                out.append(format("- threads=%s: allocation %.0f B/tx (target <= %.0f) %s%n", threads, bytes,
                        ALLOCATION_BYTES_PER_TX_TARGET, verdict(bytes <= ALLOCATION_BYTES_PER_TX_TARGET)));
            }
        }
        if (!any) {
            out.append("- no BlockValidationBenchmark.cold result with txsPerBlock=").append(TARGET_TXS_PER_BLOCK).append('\n');
        }
        return out.toString().stripTrailing();
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }

    /** {@code 0} is the parameter's name for every available processor of the machine that ran the benchmark. */
    private static String threadsLabel(String threads) {
        return threads.equals("0") ? "all (0)" : threads;
    }

    private static String format(String pattern, Object... values) {
        for (Object value : values) {
            if (value instanceof Double number && Double.isNaN(number)) {
                return "";
            }
        }
        return String.format(Locale.ROOT, pattern, values);
    }

    /** A Markdown table, columns padded so it also reads as plain text. */
    static String markdown(List<String[]> lines) {
        int[] widths = new int[lines.get(0).length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int l = 0; l < lines.size(); l++) {
            out.append(row(lines.get(l), widths)).append('\n');
            if (l == 0) {
                String[] rule = new String[widths.length];
                for (int i = 0; i < widths.length; i++) {
                    rule[i] = "-".repeat(widths[i]);
                }
                out.append(row(rule, widths)).append('\n');
            }
        }
        return out.toString().stripTrailing();
    }

    private static String row(String[] cells, int[] widths) {
        StringBuilder out = new StringBuilder("|");
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i];
            boolean numeric = i > 0 && !cell.isEmpty() && Character.isDigit(cell.charAt(0));
            String padding = " ".repeat(widths[i] - cell.length());
            out.append(' ').append(numeric ? padding + cell : cell + padding).append(" |");
        }
        return out.toString();
    }
}
