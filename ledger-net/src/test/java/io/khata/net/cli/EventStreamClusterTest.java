package io.khata.net.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.khata.core.crypto.KeyFiles;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.net.api.HttpApiServer;
import io.khata.net.node.Node;
import io.khata.net.node.TxResult;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /events} of a node in a four-bank network over real TLS in this JVM, read with the
 * JDK's HTTP client as any SSE client would: blocks in order from the height asked for, a
 * committed transaction with its memo intact, resumption by {@code Last-Event-ID} without a gap
 * or a duplicate, every bad input a 400, and the stream cap a 503 that frees up when a client goes.
 */
class EventStreamClusterTest {
    private static final int NODES = 4;

    @TempDir
    static Path dir;

    private static PortBlock ports;
    private static LocalCluster cluster;
    private static String base;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private HttpApiServer cappedApi;

    /** One network for the class: starting four TLS nodes is most of the time these tests take. */
    @BeforeAll
    static void startNetwork() throws Exception {
        ports = PortBlock.reserveForTest(2 * NODES);
        Testnet.create(dir, NODES, ports.base(), false);
        cluster = LocalCluster.start(dir, NODES, ports);
        cluster.awaitMesh();
        base = "http://127.0.0.1:" + Testnet.apiPort(ports.base(), 0);
    }

    @AfterAll
    static void stopNetwork() {
        if (cluster != null) {
            cluster.close();
        }
        ports.close();
    }

    @AfterEach
    void stopCappedApi() {
        if (cappedApi != null) {
            cappedApi.close();
        }
    }

    /** One event as the client parsed it. */
    private record Event(long id, String type, JsonObject data) {
    }

    /** An open stream, read frame by frame as the SSE format says: fields until an empty line. */
    private static final class Stream implements AutoCloseable {
        final InputStream body;
        final BufferedReader reader;
        int comments;

        Stream(InputStream body) {
            this.body = body;
            this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        }

        Event next() throws Exception {
            long id = -1;
            String type = null;
            StringBuilder data = new StringBuilder();
            int dataLines = 0;
            while (true) {
                String line = reader.readLine();
                if (line == null) {
                    throw new AssertionError("the stream ended");
                }
                if (line.isEmpty()) {
                    if (dataLines == 0) {
                        continue;
                    }
                    assertEquals(1, dataLines, "each event's data is one line");
                    return new Event(id, type, JsonParser.parseString(data.toString()).getAsJsonObject());
                }
                if (line.startsWith(":")) {
                    comments++;
                } else if (line.startsWith("id: ")) {
                    id = Long.parseLong(line.substring(4));
                } else if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                    dataLines++;
                } else {
                    throw new AssertionError("not an SSE field: " + line);
                }
            }
        }

        @Override
        public void close() throws Exception {
            body.close();
        }
    }

    private HttpResponse<InputStream> open(String url, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private Stream stream(String url, String lastEventId) throws Exception {
        HttpResponse<InputStream> response = open(url, lastEventId);
        if (response.statusCode() != 200) {
            String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
            throw new AssertionError(url + " answered " + response.statusCode() + ": " + body);
        }
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        return new Stream(response.body());
    }

    private static void assertBlockEvent(Event event, long height, String chainId) {
        assertEquals(height, event.id());
        assertEquals("block", event.type());
        assertEquals(height, event.data().get("height").getAsLong());
        assertEquals(chainId, event.data().get("chain_id").getAsString());
        assertEquals(64, event.data().get("hash").getAsString().length());
        assertTrue(event.data().getAsJsonArray("commit_signers").size() >= 3,
                "a commit holds a quorum of signers: " + event.data());
    }

    private Transaction transfer(Node node, String memo) throws Exception {
        return TxCodec.sign(new TxBody(node.ledger().chainId(), List.of(new Operation.Transfer(Testnet.PKR,
                        Testnet.treasury(1), Testnet.treasury(2), 12_345)), System.currentTimeMillis() + 600_000, 7, memo),
                List.of(KeyFiles.readPrivateKey(Testnet.keyFile(dir, Testnet.treasury(1)))));
    }

    @Test
    void eventsComeInOrderAndResumeAfterADropWithoutAGapOrADuplicate() throws Exception {
        Node node = cluster.nodes().get(0);
        String chainId = node.ledger().chainId();
        String memo = "line one\nline two \"quoted\" <b>bold</b>";
        Transaction tx = transfer(node, memo);
        TxResult.Committed committed = assertInstanceOf(TxResult.Committed.class,
                node.submit(tx).get(30, TimeUnit.SECONDS));

        long last;
        boolean sawTransaction = false;
        try (Stream events = stream(base + "/events?from_height=1", null)) {
            for (long height = 1; height <= committed.height() + 3; height++) {
                Event event = events.next();
                assertBlockEvent(event, height, chainId);
                for (JsonElement element : event.data().getAsJsonArray("txs")) {
                    JsonObject txEvent = element.getAsJsonObject();
                    if (txEvent.get("tx_hash").getAsString().equals(tx.hash().toHex())) {
                        sawTransaction = true;
                        assertEquals(committed.height(), height);
                        assertEquals(committed.index(), txEvent.get("index").getAsInt());
                        assertEquals(memo, txEvent.get("memo").getAsString());
                        JsonObject operation = txEvent.getAsJsonArray("operations").get(0).getAsJsonObject();
                        assertEquals("transfer", operation.get("type").getAsString());
                        assertEquals("transfer 123.45 PKR " + Testnet.treasury(1) + " -> " + Testnet.treasury(2),
                                operation.get("summary").getAsString());
                    }
                }
            }
            last = committed.height() + 3;
        }
        assertTrue(sawTransaction, "the committed transaction was not on the stream");

        // The client dropped; blocks go on. It comes back with the last id it saw: the header wins
        // over the from_height it still sends, and the stream goes on from the next block.
        awaitHeight(node, last + 3);
        try (Stream resumed = stream(base + "/events?from_height=1", Long.toString(last))) {
            for (long height = last + 1; height <= last + 6; height++) {
                assertBlockEvent(resumed.next(), height, chainId);
            }
        }

        // Without a height the stream starts at the next block.
        long head = node.ledger().height();
        try (Stream fresh = stream(base + "/events", null)) {
            Event first = fresh.next();
            assertTrue(first.id() > head, "started at " + first.id() + " with the head at " + head);
            assertBlockEvent(fresh.next(), first.id() + 1, chainId);
        }
    }

    @Test
    void badHeightsAreRefusedAndTheStreamCapAnswers503UntilAClientLeaves() throws Exception {
        Node node = cluster.nodes().get(0);
        for (String bad : List.of("-1", "abc", "99999999999", "99999999999999999999999", "1.5", "")) {
            assertError(open(base + "/events?from_height=" + bad, null), 400, "bad_height", "from_height=" + bad);
        }
        assertError(open(base + "/events", "not-a-height"), 400, "bad_last_event_id", "Last-Event-ID");
        assertError(open(base + "/events", "-5"), 400, "bad_last_event_id", "Last-Event-ID -5");
        assertError(open(base + "/events", "99999999999"), 400, "bad_height", "Last-Event-ID past the head");
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(base + "/events"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        cappedApi = HttpApiServer.start(node, new InetSocketAddress("127.0.0.1", 0), HttpApiServer.WAIT_MILLIS_MAX, 2);
        String capped = "http://127.0.0.1:" + cappedApi.address().getPort() + "/events?from_height=1";
        List<Stream> open = new ArrayList<>();
        try {
            open.add(stream(capped, null));
            open.add(stream(capped, null));
            open.forEach(this::firstEvent);
            assertError(open(capped, null), 503, "too_many_streams", "a third stream");
            open.remove(0).close();
            // The server notices the client left and frees its slot.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            HttpResponse<InputStream> again = open(capped, null);
            while (again.statusCode() == 503 && System.nanoTime() < deadline) {
                again.body().close();
                Thread.sleep(50);
                again = open(capped, null);
            }
            assertEquals(200, again.statusCode(), "the slot of the stream that left was not freed");
            open.add(new Stream(again.body()));
            assertEquals(1, open.get(1).next().id());
        } finally {
            for (Stream stream : open) {
                stream.close();
            }
        }
    }

    private void firstEvent(Stream stream) {
        try {
            assertEquals(1, stream.next().id());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void assertError(HttpResponse<InputStream> response, int status, String code, String what)
            throws Exception {
        String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(status, response.statusCode(), what + ": " + body);
        JsonObject error = JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("error");
        assertEquals(code, error.get("code").getAsString(), what + ": " + body);
        assertFalse(error.get("message").getAsString().isEmpty());
    }

    private static void awaitHeight(Node node, long height) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (node.ledger().height() < height) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(node.nodeId() + " stuck at " + node.ledger().height());
            }
            Thread.sleep(20);
        }
    }
}
