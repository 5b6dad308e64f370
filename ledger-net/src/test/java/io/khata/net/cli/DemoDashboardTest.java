package io.khata.net.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code khata demo --dashboard} prints the dashboard's address, serves the page there and keeps
 * committing traffic, well past where a plain demo with the same numbers would have finished,
 * until it is stopped.
 */
class DemoDashboardTest {
    private static final Pattern ADDRESS = Pattern.compile("dashboard at (http://127\\.0\\.0\\.1:\\d+/)");

    @TempDir
    Path dir;

    @Test
    void theDemoPrintsTheAddressServesThePageAndRunsUntilStopped() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream captured = new PrintStream(err, true, StandardCharsets.UTF_8);
        AtomicInteger exit = new AtomicInteger(-1);
        System.setErr(captured);
        Thread demo = new Thread(() -> exit.set(KhataCommand.execute("demo", "--dashboard", "--rate", "20",
                "--txs", "10", "--dir", dir.toString())), "demo-under-test");
        try {
            demo.start();
            String url = awaitAddress(err);
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("/dashboard/app.js"), page.body());
            long height = height(client, url);
            Thread.sleep(3_000);
            // --txs 10 does not end it: with --dashboard the traffic goes on until Ctrl-C.
            assertTrue(demo.isAlive(), "the demo ended by itself: " + err.toString(StandardCharsets.UTF_8));
            assertTrue(height(client, url) > height, "the network stopped committing");
            demo.interrupt();
            demo.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(demo.isAlive(), "the demo did not stop when interrupted");
            assertEquals(0, exit.get(), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(originalErr);
            if (demo.isAlive()) {
                demo.interrupt();
            }
        }
    }

    private static String awaitAddress(ByteArrayOutputStream err) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher matcher = ADDRESS.matcher(err.toString(StandardCharsets.UTF_8));
            if (matcher.find()) {
                return matcher.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no dashboard address printed: " + err.toString(StandardCharsets.UTF_8));
    }

    private static long height(HttpClient client, String url) throws Exception {
        String status = client.send(HttpRequest.newBuilder(URI.create(url + "status")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return JsonParser.parseString(status).getAsJsonObject().get("height").getAsLong();
    }
}
