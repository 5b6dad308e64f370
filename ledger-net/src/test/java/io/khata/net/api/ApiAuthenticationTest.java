package io.khata.net.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.TestChain;
import io.khata.core.tx.Transaction;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every route of an API that asks for a bearer token, called without one, with a wrong one, with
 * another scheme and with the right one: the protected routes answer 401 with the JSON error and
 * {@code WWW-Authenticate: Bearer} until the right token comes, the public ones (health, the API
 * document, the dashboard's files) answer anyone. Then the dashboard's cookie: opened with the
 * token, accepted in its place, refused on a write without the request header, closed by logout.
 */
class ApiAuthenticationTest {
    static final String TOKEN = "k7Q2-test-token-of-the-api-3f9d1c";
    private final TestGenesis fixture = TestGenesis.of(4);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Ledger ledger;
    private TestChain chain;
    private LedgerOnlyNode node;
    private HttpApiServer server;
    private String base;
    private Transaction committed;

    @BeforeEach
    void start() throws Exception {
        ledger = Ledger.inMemory(fixture.genesis());
        chain = new TestChain(fixture, ledger);
        node = new LedgerOnlyNode(ledger);
        ApiSecurity security = new ApiSecurity(null, new BearerTokens(List.of(BearerTokens.sha256Hex(TOKEN))), false,
                false, Sessions.defaults());
        server = HttpApiServer.start(node, new InetSocketAddress("127.0.0.1", 0), security);
        base = "http://127.0.0.1:" + server.address().getPort();
        committed = chain.transfer(TestGenesis.PKR, TestGenesis.treasury(0), TestGenesis.treasury(1), 5);
        chain.commitNext(List.of(committed));
        node.committed(ledger.height());
    }

    @AfterEach
    void stop() {
        server.close();
        ledger.close();
    }

    /** A protected route and the status it answers to the right token. */
    private record Route(String method, String path, int statusWithToken) {
    }

    private List<Route> protectedRoutes() {
        String hash = committed.hash().toHex();
        String account = TestGenesis.treasury(1);
        return List.of(new Route("GET", "/status", 200), new Route("GET", "/metrics", 200),
                new Route("GET", "/events?from_height=1", 200), new Route("GET", "/txs/" + hash, 200),
                new Route("GET", "/txs/" + hash + "/proof", 200), new Route("GET", "/txs/" + hash + "/verification", 200),
                new Route("GET", "/blocks?from=1", 200), new Route("GET", "/blocks/1", 200),
                new Route("GET", "/assets", 200),
                new Route("GET", "/accounts/" + account, 200), new Route("GET", "/accounts/" + account + "/txs", 200),
                new Route("POST", "/txs", 202), new Route("POST", "/session", 204), new Route("DELETE", "/session", 204),
                new Route("GET", "/no/such/route", 404));
    }

    @Test
    void everyProtectedRouteAnswers401UntilTheRightTokenComes() throws Exception {
        List<String> wrongs = new ArrayList<>();
        for (Route route : protectedRoutes()) {
            for (String authorization : new String[] {null, "Bearer wrong-" + TOKEN, "Bearer " + TOKEN + "x",
                    "Basic " + TOKEN, "Bearer " + TOKEN.substring(1), "Bearer "}) {
                HttpResponse<String> answer = send(route, authorization, null);
                if (answer.statusCode() != 401 || !answer.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer")
                        || !errorCode(answer.body()).equals("unauthorized")) {
                    wrongs.add(route + " with " + authorization + " -> " + answer.statusCode() + " " + answer.headers().map());
                }
            }
            HttpResponse<String> answer = send(route, "Bearer " + TOKEN, null);
            if (answer.statusCode() != route.statusWithToken()) {
                wrongs.add(route + " with the token -> " + answer.statusCode() + ": " + answer.body());
            }
            assertTrue(answer.headers().firstValue("WWW-Authenticate").isEmpty(), route.toString());
        }
        assertEquals(List.of(), wrongs);
    }

    @Test
    void healthTheDocumentAndTheDashboardFilesNeedNoCredential() throws Exception {
        for (String path : List.of("/health/live", "/health/ready", "/openapi.json", "/", "/dashboard/app.js",
                "/dashboard/style.css")) {
            assertEquals(200, send(new Route("GET", path, 200), null, null).statusCode(), path);
        }
    }

    @Test
    void theSessionCookieStandsInForTheTokenUntilLogout() throws Exception {
        Route login = new Route("POST", "/session", 204);
        HttpResponse<String> opened = send(login, "Bearer " + TOKEN, null);
        assertEquals(204, opened.statusCode());
        String setCookie = opened.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.matches("khata_session=[A-Za-z0-9_-]{43}; Path=/; Max-Age=\\d+; HttpOnly; SameSite=Strict"),
                setCookie); // no Secure flag over plain HTTP
        assertFalse(setCookie.contains(TOKEN));
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertEquals(200, send(new Route("GET", "/status", 200), null, cookie).statusCode());
        assertEquals(401, send(new Route("GET", "/status", 200), null, "khata_session=" + "A".repeat(43)).statusCode());
        assertEquals(401, send(login, null, cookie, null, true).statusCode(), "a session does not open another");
        assertEquals(403, send(login, null, cookie).statusCode(), "nor a write without the request header");

        Transaction fresh = chain.transfer(TestGenesis.PKR, TestGenesis.treasury(0), TestGenesis.treasury(2), 6);
        HttpResponse<String> forged = send(new Route("POST", "/txs", 202), null, cookie, fresh.encode(), false);
        assertEquals(403, forged.statusCode(), "a write with the cookie alone, as a cross-site form would send it");
        assertEquals("missing_request_header", errorCode(forged.body()));
        assertFalse(node.isPending(fresh.hash()));
        assertEquals(202, send(new Route("POST", "/txs", 202), null, cookie, fresh.encode(), true).statusCode());

        HttpResponse<String> logout = send(new Route("DELETE", "/session", 204), null, cookie, null, true);
        assertEquals(204, logout.statusCode());
        assertTrue(logout.headers().firstValue("Set-Cookie").orElseThrow().startsWith("khata_session=; Path=/; Max-Age=0"));
        assertEquals(401, send(new Route("GET", "/status", 200), null, cookie).statusCode(), "the session is closed");
    }

    private HttpResponse<String> send(Route route, String authorization, String cookie) throws Exception {
        return send(route, authorization, cookie, route.method().equals("POST") && route.path().equals("/txs")
                ? chain.transfer(TestGenesis.PKR, TestGenesis.treasury(1), TestGenesis.treasury(3), 1).encode() : null, false);
    }

    private HttpResponse<String> send(Route route, String authorization, String cookie, byte[] body, boolean requestHeader)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + route.path())).timeout(Duration.ofSeconds(10))
                .method(route.method(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", "application/x-protobuf");
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
        if (route.path().startsWith("/events")) { // a stream that does not end: its status and headers only
            HttpResponse<InputStream> stream = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String text = stream.statusCode() == 200 ? "" : new String(stream.body().readAllBytes());
            stream.body().close();
            return new Answer(stream, text);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String errorCode(String body) {
        try {
            JsonObject error = JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("error");
            return error == null ? "" : error.get("code").getAsString();
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** An event stream's answer with its body read (errors) or left out (the stream). */
    private record Answer(HttpResponse<InputStream> response, String body) implements HttpResponse<String> {
        public int statusCode() {
            return response.statusCode();
        }

        public HttpRequest request() {
            return response.request();
        }

        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        public java.net.http.HttpHeaders headers() {
            return response.headers();
        }

        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return response.sslSession();
        }

        public URI uri() {
            return response.uri();
        }

        public HttpClient.Version version() {
            return response.version();
        }
    }
}
