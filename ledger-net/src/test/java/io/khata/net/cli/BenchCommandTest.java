package io.khata.net.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A short run of the cluster benchmark: it measures, commits everything, and prints its JSON. */
class BenchCommandTest {
    @Test
    void aShortRunCommitsEveryTransactionAndReportsTheFigures() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = KhataCommand.execute("bench", "--rate", "200", "--seconds", "3", "--warmup", "0", "--json");
        } finally {
            System.setOut(original);
        }
        String json = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, json);
        assertTrue(json.contains("\"saturation_tps\":"), json);
        assertTrue(json.contains("\"physical_limit_tps\":"), json);
        assertTrue(json.contains("\"not_committed\":0"), json);
        assertTrue(json.contains("\"offered_tps\":200"), json);
        assertTrue(json.contains("\"ed25519_verifier\":\"" + io.khata.core.crypto.Ed25519.selection().name() + "\""), json);
    }
}
