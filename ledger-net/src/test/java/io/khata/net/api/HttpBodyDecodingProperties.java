package io.khata.net.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.TestChain;
import io.khata.core.testing.Generator;
import io.khata.core.testing.Mutations;
import io.khata.core.testing.SeededProperty;
import io.khata.core.tx.Transaction;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code POST /txs} bodies, in JSON and in protobuf, random, truncated at every length, with one
 * byte changed, nested too deep and over the body limit: every one is answered with a status
 * below 500 and, when refused, the API's error object. A 500 would mean an exception reached the
 * handler's last resort.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpBodyDecodingProperties {
    private static final String JSON = "application/json";
    private static final String PROTOBUF = "application/x-protobuf";

    private final TestGenesis fixture = TestGenesis.of(4);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Ledger ledger;
    private LedgerOnlyNode node;
    private HttpApiServer server;
    private URI txs;
    private byte[] validProtobuf;
    private byte[] validJson;

    @BeforeAll
    void start() throws Exception {
        ledger = Ledger.inMemory(fixture.genesis());
        node = new LedgerOnlyNode(ledger);
        server = HttpApiServer.start(node, new InetSocketAddress("127.0.0.1", 0));
        txs = URI.create("http://127.0.0.1:" + server.address().getPort() + "/txs");
        Transaction tx = new TestChain(fixture, ledger)
                .transfer(TestGenesis.PKR, TestGenesis.treasury(0), TestGenesis.treasury(1), 5);
        validProtobuf = tx.encode();
        validJson = JsonFormat.printer().print(io.khata.proto.Transaction.parseFrom(validProtobuf))
                .getBytes(StandardCharsets.UTF_8);
    }

    @AfterAll
    void stop() {
        server.close();
        ledger.close();
    }

    private HttpResponse<String> post(String contentType, byte[] body) {
        try {
            return client.send(HttpRequest.newBuilder(txs).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Answered, not failed: a 2xx, or a 4xx carrying the error object. The request goes through
     * the server's own handler in an in-memory channel, which is what a socket would feed it after
     * the HTTP codec and the aggregator (those two are checked over loopback below), at a small
     * fraction of a loopback round trip's cost.
     */
    private void assertAnswered(String contentType, byte[] body) {
        EmbeddedChannel channel = new EmbeddedChannel(new ApiHandler(node, 1_000));
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/txs",
                Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        channel.writeInbound(request);
        FullHttpResponse response = channel.readOutbound();
        try {
            assertNotNull(response, "no answer to a " + contentType + " body");
            int status = response.status().code();
            String text = response.content().toString(StandardCharsets.UTF_8);
            assertTrue(status < 500, () -> status + " for a " + contentType + " body: " + text);
            if (status >= 400) {
                assertTrue(text.contains("\"error\""), text);
            }
        } finally {
            ReferenceCountUtil.release(response);
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void theValidBodiesAreAcceptedOverLoopback() {
        // The same transaction twice: accepted once, then answered without a 5xx.
        assertEquals(202, post(PROTOBUF, validProtobuf).statusCode());
        assertTrue(post(JSON, validJson).statusCode() < 500);
        assertAnswered(PROTOBUF, validProtobuf);
    }

    @Test
    void everyTruncationIsAnswered() {
        for (byte[] prefix : Mutations.truncations(validProtobuf)) {
            assertAnswered(PROTOBUF, prefix);
        }
        for (byte[] prefix : Mutations.truncations(validJson)) {
            assertAnswered(JSON, prefix);
        }
    }

    @TestFactory
    Stream<DynamicTest> randomAndChangedBodiesAreAnswered() {
        return SeededProperty.cases(100, random -> {
            assertAnswered(PROTOBUF, Mutations.oneByteChanged(validProtobuf, random));
            assertAnswered(JSON, Mutations.oneByteChanged(validJson, random));
            byte[] noise = Generator.bytes(1024).next(random);
            assertAnswered(PROTOBUF, noise);
            assertAnswered(JSON, noise);
        });
    }

    @Test
    void aBodyOverTheLimitIsTooLarge() {
        byte[] large = new byte[HttpApiServer.BODY_BYTES_MAX + 1];
        HttpResponse<String> response = post(PROTOBUF, large);
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"too_large\""), response.body());
    }

    /**
     * Protobuf's own JSON parser would let a repeated name overwrite the first (a signature list
     * replaced after a reviewer read it) and ignore what follows the value: both are refused.
     */
    @Test
    void aRepeatedNameOrContentAfterTheValueIsRefused() {
        String json = new String(validJson, StandardCharsets.UTF_8).trim();
        String repeated = json.substring(0, json.length() - 1) + ", \"signatures\": []}";
        HttpResponse<String> response = post(JSON, repeated.getBytes(StandardCharsets.UTF_8));
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("appears twice"), response.body());

        response = post(JSON, (json + " {}").getBytes(StandardCharsets.UTF_8));
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("after the JSON value"), response.body());
    }

    @Test
    void deeplyNestedJsonIsRefused() {
        byte[] nested = ("{\"body\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = post(JSON, nested);
        assertEquals(400, response.statusCode(), response.body());
    }
}
