package io.khata.net.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.khata.core.crypto.KeyFiles;
import io.khata.core.crypto.KeyPair;
import io.khata.core.genesis.Genesis;
import io.khata.core.tx.Operation;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.net.node.Node;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The observer a bank's backend reads from is a separate {@code khata node} process; it is killed
 * with SIGKILL (no shutdown hook, nothing flushed) while a client reads its {@code /events} and
 * the four validators, in this JVM, go on committing. It restarts on the same RocksDB, catches up
 * by block sync, and the client's stream resumes from its {@code Last-Event-ID}: every height
 * after it exactly once, in order, no gap across the time it was down, each event the block the
 * validators committed.
 */
class ObserverCrashTest {
    private static final int NODES = 4;

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** The SSE events of one stream, as (id, data) pairs. */
    private record Event(long id, JsonObject data) {
    }

    @Test
    @Timeout(180)
    void anObserverKilledWithSigkillRestartsAndItsEventStreamResumesWithoutAGapOrADuplicate() throws Exception {
        int observerIndex = Testnet.observerIndex(NODES, 0, 0);
        try (PortBlock ports = PortBlock.reserveForTest(2 * (NODES + 1));
             NodeProcesses processes = new NodeProcesses(dir, 1)) {
            Testnet.create(dir, NODES, 0, 1, ports.base(), false, Genesis.MAX_TX_TTL_MILLIS_DEFAULT);
            Path home = Testnet.observerHome(dir, 0);
            String events = "http://127.0.0.1:" + Testnet.apiPort(ports.base(), observerIndex) + "/events";
            try (LocalCluster cluster = LocalCluster.start(dir, NODES, ports)) {
                cluster.awaitMesh();
                ports.release(Testnet.p2pPort(ports.base(), observerIndex));
                ports.release(Testnet.apiPort(ports.base(), observerIndex));
                processes.start(0, home);
                Node bank0 = cluster.nodes().get(0);
                KeyPair treasury = KeyFiles.readPrivateKey(Testnet.keyFile(dir, Testnet.treasury(1)));
                long[] nonce = {0};
                Runnable submit = () -> bank0.submit(TxCodec.sign(new TxBody(bank0.ledger().chainId(),
                        List.of(new Operation.Transfer(Testnet.PKR, Testnet.treasury(1), Testnet.treasury(2), 1)),
                        System.currentTimeMillis() + 600_000, ++nonce[0], "crash test"), List.of(treasury)));

                // A client reads the observer's events from the start up to the live head.
                awaitApi(events, home);
                long lastSeen;
                List<Event> before = new ArrayList<>();
                try (InputStream body = open(events + "?from_height=1", null)) {
                    BufferedReader reader = reader(body);
                    while (before.size() < 8 || before.get(before.size() - 1).id() < bank0.ledger().height() - 1) {
                        submit.run();
                        before.add(next(reader));
                    }
                }
                assertConsecutive(1, before);
                lastSeen = before.get(before.size() - 1).id();

                processes.kill(0);
                assertFalse(processes.alive(0));
                // The chain moves on while the observer is down, with transactions in it.
                long downAt = bank0.ledger().height();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (bank0.ledger().height() < downAt + 6 && System.nanoTime() < deadline) {
                    submit.run();
                    Thread.sleep(50);
                }
                long target = bank0.ledger().height() + 2;

                processes.start(0, home);
                awaitApi(events, home);
                List<Event> after = new ArrayList<>();
                try (InputStream body = open(events, Long.toString(lastSeen))) {
                    BufferedReader reader = reader(body);
                    while (after.isEmpty() || after.get(after.size() - 1).id() < target) {
                        after.add(next(reader));
                    }
                }
                assertConsecutive(lastSeen + 1, after);
                for (Event event : after) {
                    assertEquals(bank0.ledger().block(event.id()).orElseThrow().hash().toHex(),
                            event.data().get("hash").getAsString(), "block " + event.id());
                }
                assertTrue(after.get(after.size() - 1).id() > downAt, "the stream spans the time the observer was down");
                assertFalse(Files.exists(home.resolve("signstate.bin")), "an observer keeps no sign-state");
                System.out.println("observer killed after event " + lastSeen + " (validators at " + downAt
                        + "); resumed with " + after.size() + " events, " + (lastSeen + 1) + " to "
                        + after.get(after.size() - 1).id());
            }
        }
    }

    private static void assertConsecutive(long first, List<Event> events) {
        for (int i = 0; i < events.size(); i++) {
            assertEquals(first + i, events.get(i).id(), "event " + i + " of " + events.size()
                    + ": a gap or a duplicate");
            assertEquals(first + i, events.get(i).data().get("height").getAsLong());
        }
    }

    private InputStream open(String url, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode(), url);
        return response.body();
    }

    private static BufferedReader reader(InputStream body) {
        return new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** The next event: its fields up to the empty line that ends it (comments skipped). */
    private static Event next(BufferedReader reader) throws IOException {
        long id = -1;
        String data = null;
        while (true) {
            String line = reader.readLine();
            if (line == null) {
                throw new AssertionError("the stream ended");
            }
            if (line.isEmpty() && data != null) {
                return new Event(id, JsonParser.parseString(data).getAsJsonObject());
            }
            if (line.startsWith("id: ")) {
                id = Long.parseLong(line.substring(4));
            } else if (line.startsWith("data: ")) {
                data = line.substring(6);
            }
        }
    }

    /** Waits until the observer process answers HTTP. */
    private void awaitApi(String events, Path home) throws Exception {
        String status = events.replace("/events", "/status");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(status)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    assertEquals("observer", JsonParser.parseString(response.body()).getAsJsonObject()
                            .get("role").getAsString());
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        Path log = home.resolve("node.log");
        throw new AssertionError("the observer did not answer within 60 s: "
                + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }
}
