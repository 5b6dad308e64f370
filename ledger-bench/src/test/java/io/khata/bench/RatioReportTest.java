package io.khata.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RatioReportTest {
    /** The shape of JMH 1.37's {@code -rf json} output, trimmed to the fields the report reads. */
    static String result(String benchmark, String threads, String txs, String secondary, double cpuNanosPerBlock,
                         double... iterations) {
        int itemsPerBlock = Integer.parseInt(txs) + (secondary.equals("verifications") ? Integer.parseInt(txs) / 100 : 0);
        StringBuilder raw = new StringBuilder();
        for (double value : iterations) {
            raw.append(raw.length() == 0 ? "" : ", ").append(value);
        }
        StringBuilder blocks = new StringBuilder();
        for (double value : iterations) {
            blocks.append(blocks.length() == 0 ? "" : ", ").append(value / itemsPerBlock);
        }
        return """
                {"jmhVersion": "1.37", "benchmark": "io.khata.bench.%s", "mode": "thrpt",
                 "params": {"threads": "%s", "txsPerBlock": "%s"},
                 "primaryMetric": {"score": 1.0, "scoreError": "NaN", "scoreUnit": "ops/s", "rawData": [[%s]]},
                 "secondaryMetrics": {
                   "%s": {"score": 1.0, "scoreError": 12.5, "scoreUnit": "ops/s", "rawData": [[%s]]},
                   "gc.alloc.rate.norm": {"score": 1.0, "scoreError": "NaN", "scoreUnit": "B/op",
                                          "rawData": [[30000000.0, 30000000.0, 30000000.0]]},
                   "cpu.time.norm": {"score": 1.0, "scoreError": "NaN", "scoreUnit": "ns/op", "rawData": [[%s]]}
                 }}""".formatted(benchmark, threads, txs, blocks, secondary, raw, cpuNanosPerBlock);
    }

    static final String JSON = "[" + String.join(",",
            result("BlockValidationBenchmark.cold", "1", "10000", "transactions", 1.0e9, 9000, 9500, 9400),
            result("BlockValidationBenchmark.warm", "1", "10000", "transactions", 5.0e7, 190000, 200000, 180000),
            result("SignatureBaselineBenchmark.verify", "1", "10000", "verifications", 0.95e9, 10000, 10100, 9900),
            result("BlockValidationBenchmark.cold", "0", "10000", "transactions", 1.0e9, 14000, 14000, 14000),
            result("SignatureBaselineBenchmark.verify", "0", "10000", "verifications", 0.95e9, 17000, 17000, 17000))
            + "]";

    @Test
    void readsMediansAndSecondaryScores() {
        List<RatioReport.Row> rows = RatioReport.parse(JSON);
        assertEquals(5, rows.size());
        RatioReport.Row cold = rows.get(0);
        assertEquals("BlockValidationBenchmark.cold", cold.benchmark());
        assertEquals("transactions", cold.items());
        assertEquals(9400, cold.itemsPerSecond(), 1e-9);
        assertEquals(0.94, cold.blocksPerSecond(), 1e-9);
        assertEquals(12.5, cold.itemsError(), 1e-9);
        assertEquals(3000, cold.allocationBytesPerTransaction(), 1e-9);
        assertEquals(100, cold.cpuMicrosPerItem(), 1e-9);
        assertEquals(0.95e9 / 10100 / 1000, rows.get(2).cpuMicrosPerItem(), 1e-9);
    }

    @Test
    void comparesValidationWithTheBaselineAtEqualThreads() {
        List<RatioReport.Row> rows = RatioReport.parse(JSON);
        String table = RatioReport.table(rows);
        assertTrue(table.contains("0.940"), table);  // 9400 / 10000 at 1 thread
        assertTrue(table.contains("0.824"), table);  // 14000 / 17000 at all processors
        assertTrue(table.contains("20.2"), table);   // warm 190000 / cold 9400
        String targets = RatioReport.targets(rows);
        assertTrue(targets.contains("threads=1: validation/baseline = 0.940 (target >= 0.90) met"), targets);
        assertTrue(targets.contains("threads=all (0): validation/baseline = 0.824 (target >= 0.90) MISSED"), targets);
        assertTrue(targets.contains("threads=1: warm/cold = 20.2x (target >= 10x) met"), targets);
        assertTrue(targets.contains("threads=1: validation/baseline by CPU time = 0.941"), targets);
        assertTrue(targets.contains("threads=1: allocation 3000 B/tx (target <= 4096) met"), targets);
    }

    @Test
    void pairsValidationAndBaselineIterationByIteration() {
        String json = """
                [{"benchmark": "io.khata.bench.PairedRatioBenchmark.pair", "params": {"threads": "1", "txsPerBlock": "10000"},
                  "primaryMetric": {"score": 0.4, "rawData": [[0.4, 0.4, 0.4]]},
                  "secondaryMetrics": {
                    "transactions": {"rawData": [[30000, 20000, 30000]]},
                    "validationNanos": {"rawData": [[3.0e9, 2.5e9, 3.0e9]]},
                    "verifications": {"rawData": [[30300, 20200, 30300]]},
                    "baselineNanos": {"rawData": [[2.7e9, 2.0e9, 2.9e9]]}}},
                 %s, %s]""".formatted(
                result("BlockValidationBenchmark.cold", "1", "10000", "transactions", 1.0e9, 9000),
                result("SignatureBaselineBenchmark.verify", "1", "10000", "verifications", 0.95e9, 10000));
        List<RatioReport.Row> rows = RatioReport.parse(json);
        // per iteration: (30000/3.0)/(30300/2.7) = 0.891, (20000/2.5)/(20200/2.0) = 0.792, (30000/3.0)/(30300/2.9) = 0.957
        assertEquals(30000.0 / 3.0 / (30300.0 / 2.7), rows.get(0).pairedRatio(), 1e-9);
        assertTrue(Double.isNaN(rows.get(0).itemsPerSecond()));
        assertTrue(RatioReport.targets(rows).contains(
                "threads=1: validation/baseline paired within each invocation = 0.891 (target >= 0.90) MISSED"),
                RatioReport.targets(rows));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theJsonReaderReadsWhatJmhWritesAndNothingLooser() {
        Map<String, Object> object = (Map<String, Object>) RatioReport.parseJson(
                "{\"a\": [1, -2.5e3, \"x\\\"y\\u0041\"], \"b\": {\"c\": true, \"d\": null, \"e\": false}, \"f\": []}");
        assertEquals(List.of(1.0, -2500.0, "x\"yA"), object.get("a"));
        Map<String, Object> b = (Map<String, Object>) object.get("b");
        assertEquals(Boolean.TRUE, b.get("c"));
        assertTrue(b.containsKey("d") && b.get("d") == null);
        assertEquals(List.of(), object.get("f"));
        assertThrows(IllegalArgumentException.class, () -> RatioReport.parseJson("{\"a\": 1,"));
        assertThrows(IllegalArgumentException.class, () -> RatioReport.parseJson("[1] x"));
        assertThrows(IllegalArgumentException.class, () -> RatioReport.parseJson("[{\"a\": 1, \"a\": 2}]"));
    }
}
