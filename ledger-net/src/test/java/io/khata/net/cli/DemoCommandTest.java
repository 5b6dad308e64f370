package io.khata.net.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
    @Test
    void theDemoWithTwoThousandTransactionsExitsZeroAndAllNodesAgree() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = KhataCommand.execute("demo", "--txs", "2000", "--rate", "400", "--json");
        } finally {
            System.setOut(original);
        }
        String summary = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, summary);
        assertTrue(summary.contains("\"all_nodes_agree\":true"), summary);
        assertTrue(summary.contains("\"supply_conserved\":true"), summary);
    }
}
