package io.khata.net.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.TestChain;
import io.khata.core.tx.Transaction;
import io.khata.net.node.Readiness;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document against the node's real answers, over loopback: every route is called
 * for its success and each of its errors, and every answer must be documented for its route,
 * method and status, with the documented content type and a body that the documented schema
 * accepts (JSON Schema 2020-12, the dialect of OpenAPI 3.1). Every answer the document lists is
 * produced at least once, so the document cannot promise what the node never sends either.
 * The node asks for a bearer token, so every protected route is also called without it (401),
 * and the dashboard's session is opened, used without its request header (403) and closed.
 */
class OpenApiContractTest {
    private static final String JSON = "application/json";
    private final TestGenesis fixture = TestGenesis.of(4);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Set<String> answered = new TreeSet<>();
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private JsonObject document;
    private Ledger ledger;
    private TestChain chain;
    private LedgerOnlyNode node;
    private HttpApiServer server;
    private String base;
    private String authorization = "Bearer " + ApiAuthenticationTest.TOKEN;
    private String cookie;
    private boolean requestHeader;

    @BeforeEach
    void start() throws Exception {
        ledger = Ledger.inMemory(fixture.genesis());
        chain = new TestChain(fixture, ledger);
        node = new LedgerOnlyNode(ledger);
        ApiSecurity security = new ApiSecurity(null, new BearerTokens(List.of(BearerTokens.sha256Hex(
                ApiAuthenticationTest.TOKEN))), false, false, Sessions.defaults());
        server = HttpApiServer.start(node, new InetSocketAddress("127.0.0.1", 0), 3_000, 1, // one event stream
                HttpApiServer.IDLE_SECONDS_MAX * 1000L, new ConnectionCap(ConnectionCap.TOTAL_MAX_DEFAULT,
                        ConnectionCap.PER_ADDRESS_MAX_DEFAULT), RequestDeadline.MILLIS_DEFAULT, security);
        base = "http://127.0.0.1:" + server.address().getPort();
        document = JsonParser.parseString(OpenApiDocument.text()).getAsJsonObject();
    }

    @AfterEach
    void stop() {
        server.close();
        ledger.close();
    }

    @Test
    void everyRouteAnswersAsDocumentedAndEveryDocumentedAnswerOccurs() throws Exception {
        Transaction committed = chain.transfer(TestGenesis.PKR, TestGenesis.treasury(0), TestGenesis.treasury(1), 5);
        chain.commitNext(List.of(committed));
        node.committed(ledger.height());
        String hash = committed.hash().toHex();
        String unknownHash = "ab".repeat(32);
        String account = TestGenesis.treasury(1);

        call("GET", "/status", "/status", null, null);
        call("GET", "/metrics", "/metrics", null, null);
        call("GET", "/openapi.json", "/openapi.json", null, null);
        call("GET", "/health/live", "/health/live", null, null);
        node.readiness(new Readiness(true, "", 1, 40, 40));
        call("GET", "/health/ready", "/health/ready", null, null);
        node.readiness(new Readiness(false, "connected to validators with 10 of 40 voting power", 1, 10, 40));
        call("GET", "/health/ready", "/health/ready", null, null);

        call("GET", "/txs/{hash}", "/txs/" + hash, null, null);
        call("GET", "/txs/{hash}", "/txs/" + unknownHash, null, null);
        call("GET", "/txs/{hash}", "/txs/XYZ", null, null);
        call("GET", "/txs/{hash}/proof", "/txs/" + hash + "/proof", null, null);
        call("GET", "/txs/{hash}/proof", "/txs/" + unknownHash + "/proof", null, null);
        call("GET", "/txs/{hash}/proof", "/txs/nothex/proof", null, null);

        call("GET", "/blocks", "/blocks?from=1", null, null);
        call("GET", "/blocks", "/blocks", null, null);
        call("GET", "/blocks", "/blocks?from=99", null, null);
        call("GET", "/blocks/{height}", "/blocks/1", null, null);
        call("GET", "/blocks/{height}", "/blocks/latest", null, null);
        call("GET", "/blocks/{height}", "/blocks/one", null, null);
        call("GET", "/blocks/{height}", "/blocks/99", null, null);

        call("GET", "/assets", "/assets", null, null);
        call("GET", "/accounts/{id}", "/accounts/" + account, null, null);
        call("GET", "/accounts/{id}", "/accounts/nobody", null, null);
        call("GET", "/accounts/{id}/txs", "/accounts/" + account + "/txs?limit=10", null, null);
        call("GET", "/accounts/{id}/txs", "/accounts/" + account + "/txs?limit=ten", null, null);
        call("GET", "/accounts/{id}/txs", "/accounts/nobody/txs", null, null);

        Transaction fresh = chain.transfer(TestGenesis.PKR, TestGenesis.treasury(0), TestGenesis.treasury(2), 6);
        call("POST", "/txs", "/txs", "application/x-protobuf", fresh.encode());
        byte[] forged = io.khata.proto.Transaction.parseFrom(
                        chain.transfer(TestGenesis.PKR, TestGenesis.treasury(0), TestGenesis.treasury(3), 7).encode())
                .toBuilder().clearSignatures()
                .addAllSignatures(io.khata.proto.Transaction.parseFrom(fresh.encode()).getSignaturesList())
                .build().toByteArray(); // another body under fresh's signatures: refused by the mempool
        call("POST", "/txs", "/txs", "application/x-protobuf", forged);
        call("POST", "/txs", "/txs", JSON, "{\"body\": 1,".getBytes(StandardCharsets.UTF_8));
        call("POST", "/txs", "/txs?wait=soon", "application/x-protobuf", fresh.encode());
        call("POST", "/txs", "/txs", "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
        call("POST", "/txs", "/txs", "application/x-protobuf", new byte[HttpApiServer.BODY_BYTES_MAX + 1]);
        Transaction waited = chain.transfer(TestGenesis.PKR, TestGenesis.treasury(2), TestGenesis.treasury(3), 8);
        call("POST", "/txs", "/txs?wait=200", "application/x-protobuf", waited.encode()); // times out: 202
        Transaction committedWhileWaiting =
                chain.transfer(TestGenesis.PKR, TestGenesis.treasury(3), TestGenesis.treasury(0), 9);
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> call("POST", "/txs", "/txs?wait=true",
                "application/x-protobuf", committedWhileWaiting.encode()));
        awaitPending(committedWhileWaiting);
        chain.commitNext(List.of(committedWhileWaiting));
        node.committed(ledger.height());
        waiting.join();

        call("GET", "/txs/{hash}/verification", "/txs/" + hash + "/verification", null, null);
        call("GET", "/txs/{hash}/verification", "/txs/" + unknownHash + "/verification", null, null);
        call("GET", "/txs/{hash}/verification", "/txs/nothex/verification", null, null);
        call("GET", "/", "/", null, null);
        call("GET", "/dashboard/app.js", "/dashboard/app.js", null, null);
        call("GET", "/dashboard/style.css", "/dashboard/style.css", null, null);
        call("GET", "/events", "/events?from_height=abc", null, null);
        call("GET", "/events", "/events?from_height=99", null, null);
        try (java.util.stream.Stream<String> stream = openEvents()) {
            call("GET", "/events", "/events?from_height=1", null, null); // the one slot is taken: 503
        }

        for (String template : List.of("/status", "/metrics", "/openapi.json", "/health/live", "/health/ready",
                "/txs/{hash}", "/txs/{hash}/proof", "/txs/{hash}/verification", "/blocks", "/blocks/{height}",
                "/assets", "/accounts/{id}", "/accounts/{id}/txs", "/events", "/", "/dashboard/app.js",
                "/dashboard/style.css")) {
            String path = template.replace("{hash}", hash).replace("{height}", "1").replace("{id}", account);
            call("DELETE", template, path, null, null);
        }
        call("GET", "/txs", "/txs", null, null);
        callWithoutCredentials(hash, account);
        sessionAnswers();

        Set<String> documented = new TreeSet<>();
        for (String template : document.getAsJsonObject("paths").keySet()) {
            JsonObject operations = document.getAsJsonObject("paths").getAsJsonObject(template);
            for (String method : operations.keySet()) {
                for (String status : operations.getAsJsonObject(method).getAsJsonObject("responses").keySet()) {
                    documented.add(method.toUpperCase() + " " + template + " " + status);
                }
            }
        }
        Set<String> neverAnswered = new TreeSet<>(documented);
        neverAnswered.removeAll(answered);
        assertTrue(neverAnswered.isEmpty(), "documented but never answered: " + neverAnswered);
    }

    /** Every route that is not public, without a credential: 401. */
    private void callWithoutCredentials(String hash, String account) {
        authorization = null;
        for (String template : List.of("/status", "/metrics", "/txs/{hash}", "/txs/{hash}/proof",
                "/txs/{hash}/verification", "/blocks", "/blocks/{height}", "/assets", "/accounts/{id}",
                "/accounts/{id}/txs", "/events")) {
            call("GET", template, template.replace("{hash}", hash).replace("{height}", "1").replace("{id}", account),
                    null, null);
        }
        call("POST", "/txs", "/txs", "application/x-protobuf",
                chain.transfer(TestGenesis.PKR, TestGenesis.treasury(1), TestGenesis.treasury(2), 3).encode());
        call("POST", "/session", "/session", null, null);
        call("DELETE", "/session", "/session", null, null);
        authorization = "Bearer " + ApiAuthenticationTest.TOKEN;
    }

    /** The dashboard's session: opened with the token, used without the request header (403), closed. */
    private void sessionAnswers() {
        HttpResponse<String> opened = call("POST", "/session", "/session", null, null);
        String setCookie = opened.headers().firstValue("Set-Cookie").orElseThrow();
        call("GET", "/session", "/session", null, null); // 405
        authorization = null;
        cookie = setCookie.substring(0, setCookie.indexOf(';'));
        call("POST", "/txs", "/txs", "application/x-protobuf",
                chain.transfer(TestGenesis.PKR, TestGenesis.treasury(1), TestGenesis.treasury(2), 4).encode());
        call("POST", "/session", "/session", null, null);
        call("DELETE", "/session", "/session", null, null);
        requestHeader = true;
        call("POST", "/session", "/session", null, null); // a session does not open another: 401
        call("DELETE", "/session", "/session", null, null);
        requestHeader = false;
        cookie = null;
        authorization = "Bearer " + ApiAuthenticationTest.TOKEN;
    }

    @Test
    void aPathNoRouteServesIsANotFoundError() throws Exception {
        HttpResponse<String> response = send("GET", "/no/such/route", null, null);
        assertEquals(404, response.statusCode());
        assertValid(schemaOf("#/components/schemas/ErrorResponse"), response.body(), "GET /no/such/route");
    }

    /**
     * Opens {@code GET /events?from_height=1} and checks it as {@link #call} does, then its first
     * event's data against the documented BlockEvent; the stream stays open for the caller.
     */
    private java.util.stream.Stream<String> openEvents() throws Exception {
        HttpResponse<java.util.stream.Stream<String>> response = client.send(HttpRequest.newBuilder(
                URI.create(base + "/events?from_height=1")).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        JsonObject content = document.getAsJsonObject("paths").getAsJsonObject("/events").getAsJsonObject("get")
                .getAsJsonObject("responses").getAsJsonObject("200").getAsJsonObject("content");
        String type = response.headers().firstValue("content-type").orElse("").split(";")[0].trim();
        assertTrue(content.has(type), "content type " + type + " of the event stream is not documented");
        answered.add("GET /events 200");
        java.util.Iterator<String> lines = response.body().iterator();
        List<String> frame = new ArrayList<>();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty() && !frame.isEmpty()) {
                break;
            }
            frame.add(line);
        }
        assertEquals(List.of("id", "event", "data"), frame.stream().map(l -> l.substring(0, l.indexOf(':'))).toList(),
                "an event's fields: " + frame);
        assertValid(schemaOf(content.getAsJsonObject(type).get("x-event-data").getAsJsonObject().get("$ref").getAsString()),
                frame.get(2).substring("data:".length()).trim(), "the first event's data");
        return response.body();
    }

    private void awaitPending(Transaction tx) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!node.isPending(tx.hash())) {
            assertTrue(System.currentTimeMillis() < deadline, "the waiting submission reached the mempool");
            Thread.sleep(10);
        }
    }

    /**
     * Sends one request and checks its answer against the document: the route and method are
     * documented, the status is one of their responses (methods the route does not take answer
     * 405, which every route documents), the content type is the documented one, and a JSON body
     * matches the documented schema.
     */
    private HttpResponse<String> call(String method, String template, String path, String contentType, byte[] body) {
        HttpResponse<String> response = send(method, path, contentType, body);
        String status = Integer.toString(response.statusCode());
        JsonObject operations = document.getAsJsonObject("paths").getAsJsonObject(template);
        assertNotNull(operations, "route " + template + " is not documented");
        String what = method + " " + path + " -> " + status + ": " + abbreviate(response.body());
        JsonObject operation = operations.getAsJsonObject(method.toLowerCase());
        if (operation == null) {
            assertEquals("405", status, what);
            operation = operations.getAsJsonObject(operations.keySet().iterator().next());
            method = operations.keySet().iterator().next().toUpperCase();
        }
        JsonObject documented = operation.getAsJsonObject("responses").getAsJsonObject(status);
        assertNotNull(documented, "status not documented: " + what);
        answered.add(method + " " + template + " " + status);
        checkHeaders(documented, response, what);
        if (!documented.has("content")) {
            assertEquals("", response.body(), "an answer documented without content has none: " + what);
            return response;
        }
        String actualType = response.headers().firstValue("content-type").orElse("").split(";")[0].trim();
        JsonObject content = documented.getAsJsonObject("content");
        assertTrue(content.has(actualType), "content type " + actualType + " not documented: " + what);
        if (actualType.equals(JSON)) {
            String pointer = "#/paths/" + escape(template) + "/" + (operations.has(method.toLowerCase())
                    ? method.toLowerCase() : operations.keySet().iterator().next())
                    + "/responses/" + status + "/content/" + escape(JSON) + "/schema";
            assertValid(schemaOf(pointer), response.body(), what);
        }
        return response;
    }

    /** Each header the document gives for this answer is present and matches its pattern. */
    private static void checkHeaders(JsonObject documented, HttpResponse<String> response, String what) {
        if (!documented.has("headers")) {
            return;
        }
        for (String name : documented.getAsJsonObject("headers").keySet()) {
            String value = response.headers().firstValue(name).orElse(null);
            assertNotNull(value, "documented header " + name + " missing: " + what);
            JsonObject schema = documented.getAsJsonObject("headers").getAsJsonObject(name).getAsJsonObject("schema");
            if (schema.has("pattern")) {
                assertTrue(java.util.regex.Pattern.compile(schema.get("pattern").getAsString()).matcher(value).find(),
                        name + ": " + value + " for " + what);
            }
        }
    }

    private HttpResponse<String> send(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (requestHeader) {
            request.header(AccessGuard.REQUEST_HEADER, "1");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The document as a JSON Schema whose root refers to {@code pointer}, so its component references resolve. */
    private Schema schemaOf(String pointer) {
        return schemas.computeIfAbsent(pointer, p -> {
            JsonObject root = document.deepCopy();
            root.addProperty("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.addProperty("$ref", p);
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(root.toString(),
                    InputFormat.JSON);
        });
    }

    private static void assertValid(Schema schema, String body, String what) {
        List<Error> errors = schema.validate(body, InputFormat.JSON);
        List<String> messages = new ArrayList<>();
        for (Error error : errors) {
            messages.add(error.toString());
        }
        assertTrue(errors.isEmpty(), what + " does not match its schema: " + messages);
    }

    private static String escape(String pathOrType) {
        return pathOrType.replace("~", "~0").replace("/", "~1");
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
