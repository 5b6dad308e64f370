package io.khata.net.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
    @Test
    void theDemoWithTwoThousandTransactionsExitsZeroAndAllNodesAgreeAndKeepsTheNodeLogsOffTheTerminal() throws Exception {
        CommandRun run = CommandRun.of("demo", "--txs", "2000", "--rate", "400", "--json");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("\"all_nodes_agree\":true"), run.toString());
        assertTrue(run.out().contains("\"supply_conserved\":true"), run.toString());

        String firstLine = run.err().lines().findFirst().orElse("");
        Matcher named = Pattern.compile("node logs in (\\S+)$").matcher(firstLine);
        assertTrue(named.find(), "the first line names the log file: " + run);
        Path log = Path.of(named.group(1));
        assertFalse(run.err().contains("INFO"), "no node log line on the terminal: " + run);
        assertTrue(run.err().contains("committed"), "the progress line is on the terminal: " + run);
        try {
            String logged = Files.readString(log);
            assertTrue(logged.contains("INFO") && logged.contains("listening on"), "the nodes logged to the file: " + logged);
        } finally {
            Files.deleteIfExists(log);
            Files.deleteIfExists(log.getParent());
        }
    }

    @Test
    void verboseShowsTheNodeLogsOnStderr() {
        CommandRun run = CommandRun.of("demo", "--txs", "100", "--rate", "200", "--verbose", "--json");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.err().contains("INFO") && run.err().contains("listening on"), run.toString());
        assertFalse(run.err().lines().findFirst().orElse("").contains("node logs in"), run.toString());
    }
}
