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
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's files as the API serves them (content types, a strict Content-Security-Policy,
 * nothing outside the listed files), the rule that the page renders data as text only, and the
 * node's verdict route the page shows.
 */
class DashboardRoutesTest {
    private final TestGenesis fixture = TestGenesis.of(4);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Ledger ledger;
    private TestChain chain;
    private HttpApiServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        ledger = Ledger.inMemory(fixture.genesis());
        chain = new TestChain(fixture, ledger);
        server = HttpApiServer.start(new LedgerOnlyNode(ledger), new InetSocketAddress("127.0.0.1", 0));
        base = "http://127.0.0.1:" + server.address().getPort();
    }

    @AfterEach
    void stop() {
        server.close();
        ledger.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theFilesAreServedWithTheirTypesAndAStrictPolicy() throws Exception {
        for (List<String> file : List.of(List.of("/", "text/html", "/dashboard/app.js"),
                List.of("/dashboard/app.js", "text/javascript", "EventSource"),
                List.of("/dashboard/style.css", "text/css", ".cell"))) {
            HttpResponse<String> response = get(file.get(0));
            assertEquals(200, response.statusCode(), file.get(0));
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith(file.get(1)), file.get(0));
            assertTrue(response.body().contains(file.get(2)), file.get(0));
            String policy = response.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(policy.contains("default-src 'none'") && policy.contains("script-src 'self'")
                    && !policy.contains("unsafe"), policy);
            assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""));
        }
        for (String missing : List.of("/dashboard/other.js", "/dashboard/../pom.xml", "/dashboard/%2e%2e/pom.xml",
                "/index.html", "/dashboard/app.js/x")) {
            HttpResponse<String> response = get(missing);
            assertEquals(404, response.statusCode(), missing + ": " + response.body());
            assertTrue(response.body().contains("\"not_found\""), response.body());
        }
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(base + "/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    /** Memos and ids are user input: the page never parses data as markup, and runs no inline script. */
    @Test
    void thePageRendersDataAsTextOnly() throws Exception {
        String script = get("/dashboard/app.js").body();
        for (String sink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                "new Function")) {
            assertFalse(script.contains(sink), "app.js uses " + sink);
        }
        for (String tokenSink : List.of("localStorage", "sessionStorage", "document.cookie", "token=", "?token")) {
            assertFalse(script.contains(tokenSink), "app.js could keep or send a token through " + tokenSink);
        }
        String page = get("/").body();
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(page).find(), "an inline script in index.html");
        assertFalse(Pattern.compile("\\s(style|on[a-z]+)\\s*=").matcher(page).find(), "inline style or handler in index.html");
    }

    @Test
    void theVerificationRouteGivesTheNodesVerdict() throws Exception {
        Transaction tx = chain.transfer(TestGenesis.PKR, TestGenesis.treasury(0), TestGenesis.treasury(1), 5);
        chain.commitNext(List.of(tx));
        HttpResponse<String> response = get("/txs/" + tx.hash().toHex() + "/verification");
        assertEquals(200, response.statusCode(), response.body());
        JsonObject verdict = JsonParser.parseString(response.body()).getAsJsonObject();
        assertTrue(verdict.get("valid").getAsBoolean(), response.body());
        assertEquals("1", verdict.get("height").getAsString());
        assertEquals(404, get("/txs/" + "ab".repeat(32) + "/verification").statusCode());
        assertEquals(400, get("/txs/nothex/verification").statusCode());
    }
}
