package io.khata.net.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code khata simulate}: a short run passes and prints its counters; the same options print the same trace hash. */
class SimulateCommandTest {
    private static final Pattern TRACE = Pattern.compile("\"trace_hash\":\"([0-9a-f]{64})\"");

    private static String run(int expectedExit, String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = KhataCommand.execute(args);
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertEquals(expectedExit, exit, out);
        return out;
    }

    @Test
    void aShortRunPassesAndTheSameSeedsGiveTheSameTraceHash() {
        String[] args = {"simulate", "--powers", "1,1,2,1", "--seeds", "1", "--first-seed", "11", "--heights", "6", "--json"};
        String first = run(0, args);
        String second = run(0, args);
        assertTrue(first.contains("\"validators\":4,\"powers\":[1,1,2,1]"), first);
        assertTrue(first.contains("\"passed\":1,\"failed\":0"), first);
        assertTrue(first.contains("\"crashes\":"), first);
        Matcher hash = TRACE.matcher(first);
        assertTrue(hash.find(), first);
        assertTrue(second.contains(hash.group()), "same options, another trace:\n" + first + "\n" + second);
        String other = run(0, "simulate", "--seeds", "1", "--first-seed", "12", "--heights", "6", "--faults", "none", "--json");
        assertTrue(!other.contains(hash.group()), other);
    }

    @Test
    void badOptionsAreRefusedWithTheUsageExitCode() {
        run(ExitCodes.USAGE, "simulate", "--faults", "lightning");
        run(ExitCodes.USAGE, "simulate", "--validators", "5", "--powers", "1,1,1");
        run(ExitCodes.USAGE, "simulate", "--powers", "1,0,1");
        run(ExitCodes.USAGE, "simulate", "--seeds", "0");
    }
}
