package io.khata.net.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.TestChain;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTTP server's idle timeout (one second here) closes a connection nobody writes to, but not
 * an event stream: the stream's client sends nothing after its request, and the server keeps the
 * stream alive with comment lines while no block comes.
 */
@Timeout(30)
class EventStreamIdleTest {
    private static final long IDLE_MILLIS = 1_000;
    private final TestGenesis fixture = TestGenesis.of(4);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Ledger ledger;
    private TestChain chain;
    private LedgerOnlyNode node;
    private HttpApiServer server;

    @BeforeEach
    void start() throws Exception {
        ledger = Ledger.inMemory(fixture.genesis());
        chain = new TestChain(fixture, ledger);
        node = new LedgerOnlyNode(ledger);
        server = HttpApiServer.start(node, new InetSocketAddress("127.0.0.1", 0), 500, 4, IDLE_MILLIS);
    }

    @AfterEach
    void stop() {
        server.close();
        ledger.close();
    }

    private void commitBlock() {
        long height = chain.commitNext(List.of()).block().height();
        node.committed(height);
    }

    @Test
    void aQuietStreamOutlivesTheIdleTimeoutOnKeepAlivesAndThenCarriesTheNextBlock() throws Exception {
        commitBlock();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.address().getPort() + "/events")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            long quietUntil = System.nanoTime() + Duration.ofMillis(3 * IDLE_MILLIS).toNanos();
            int comments = 0;
            while (System.nanoTime() < quietUntil) {
                String line = reader.readLine();
                assertTrue(line != null, "the server closed a quiet stream after " + comments + " keep-alives");
                if (line.startsWith(":")) {
                    comments++;
                }
            }
            assertTrue(comments >= 4, "keep-alive comments: " + comments);
            commitBlock();
            String line;
            do {
                line = reader.readLine();
                assertTrue(line != null, "the stream closed before the block");
            } while (line.isEmpty() || line.startsWith(":"));
            assertEquals("id: 2", line);
        }
    }

    @Test
    void anOrdinaryIdleConnectionIsStillClosed() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.address().getPort())) {
            socket.setSoTimeout(5_000);
            long began = System.nanoTime();
            assertEquals(-1, socket.getInputStream().read(), "an idle connection got data");
            long waitedMillis = (System.nanoTime() - began) / 1_000_000;
            assertTrue(waitedMillis >= IDLE_MILLIS / 2 && waitedMillis < 4 * IDLE_MILLIS, "closed after " + waitedMillis + " ms");
        }
    }
}
