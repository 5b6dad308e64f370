package io.khata.net.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.khata.core.Rejection;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.TestChain;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.net.node.Readiness;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /accounts/{id}/txs}, {@code GET /txs/{hash}} and {@code /health/*} through a real HTTP
 * client: history pages newest first that stay put while blocks keep coming, the content and
 * outcome of a transaction in each of its states, and every error answered as a JSON 4xx.
 */
class AccountHistoryApiTest {
    private final TestGenesis fixture = TestGenesis.of(4);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String account = TestGenesis.treasury(1);
    private Ledger ledger;
    private TestChain chain;
    private LedgerOnlyNode node;
    private HttpApiServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        ledger = Ledger.inMemory(fixture.genesis());
        chain = new TestChain(fixture, ledger);
        node = new LedgerOnlyNode(ledger);
        server = HttpApiServer.start(node, new InetSocketAddress("127.0.0.1", 0));
        base = "http://127.0.0.1:" + server.address().getPort();
    }

    @AfterEach
    void stop() {
        server.close();
        ledger.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        JsonObject error = json(response, status).getAsJsonObject("error");
        assertEquals(code, error.get("code").getAsString(), response.body());
        assertTrue(!error.get("message").getAsString().isEmpty());
    }

    /** {@code count} payments into the account, from two payers, with payments between others mixed in. */
    private List<String> commitPayments(int count) {
        List<Transaction> txs = new ArrayList<>();
        List<String> toAccount = new ArrayList<>();
        for (int i = 0; txs.size() < count + count / 4; i++) {
            boolean mine = i % 5 != 4;
            Transaction tx = chain.transfer(TestGenesis.PKR, TestGenesis.treasury(i % 2 == 0 ? 0 : 2),
                    mine ? account : TestGenesis.treasury(3), 1 + i);
            txs.add(tx);
            if (mine) {
                toAccount.add(tx.hash().toHex());
            }
        }
        chain.commitNext(txs);
        return toAccount;
    }

    @Test
    void pagesOverMoreThanAThousandTransactionsAreNewestFirstAndStableWhileBlocksAreCommitted() throws Exception {
        List<String> oldestFirst = new ArrayList<>();
        for (int block = 0; block < 4; block++) {
            oldestFirst.addAll(commitPayments(260));
        }
        assertTrue(oldestFirst.size() >= 1_000, "history of " + oldestFirst.size());
        List<String> expected = new ArrayList<>(oldestFirst);
        java.util.Collections.reverse(expected);

        List<String> seen = new ArrayList<>();
        long previousHeight = Long.MAX_VALUE;
        int previousIndex = Integer.MAX_VALUE;
        String cursor = null;
        int pages = 0;
        do {
            JsonObject page = json(get("/accounts/" + account + "/txs?limit=150"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8))), 200);
            assertEquals(account, page.get("account").getAsString());
            for (JsonElement element : page.getAsJsonArray("txs")) {
                JsonObject tx = element.getAsJsonObject();
                long height = tx.get("height").getAsLong();
                int index = tx.get("index").getAsInt();
                assertTrue(height < previousHeight || (height == previousHeight && index < previousIndex),
                        "not newest first at " + height + "/" + index);
                previousHeight = height;
                previousIndex = index;
                seen.add(tx.get("tx_hash").getAsString());
            }
            cursor = page.get("next_cursor").getAsString();
            if (++pages == 2) {
                commitPayments(40); // newer than anything handed out: no page shifts
            }
        } while (!cursor.isEmpty());
        assertEquals(expected, seen);
        assertEquals(seen.size(), new HashSet<>(seen).size());

        JsonArray newest = json(get("/accounts/" + account + "/txs?limit=1"), 200).getAsJsonArray("txs");
        assertEquals(ledger.height(), newest.get(0).getAsJsonObject().get("height").getAsLong());
        assertEquals(50, json(get("/accounts/" + account + "/txs"), 200).getAsJsonArray("txs").size());
        assertEquals(500, json(get("/accounts/" + account + "/txs?limit=500"), 200).getAsJsonArray("txs").size());
    }

    @Test
    void anAccountWithoutHistoryHasAnEmptyLastPage() throws Exception {
        JsonObject page = json(get("/accounts/" + TestGenesis.treasury(3) + "/txs"), 200);
        assertEquals(0, page.getAsJsonArray("txs").size());
        assertEquals("", page.get("next_cursor").getAsString());
    }

    @Test
    void historyErrorsAreJson4xx() throws Exception {
        commitPayments(4);
        String path = "/accounts/" + account + "/txs";
        assertError(get("/accounts/nobody@bank1/txs"), 404, "unknown_account");
        assertError(get(path + "?cursor=not-a-cursor"), 400, "bad_cursor");
        assertError(get(path + "?cursor=AAAAAAAAAAAAAAAA"), 400, "bad_cursor"); // height 0
        assertError(get(path + "?cursor=AAAAAAAAAAH_____"), 400, "bad_cursor"); // negative index
        assertError(get(path + "?cursor=" + "A".repeat(17)), 400, "bad_cursor");
        assertError(get(path + "?cursor=AAAAAAAAAAEAAAA%3D"), 400, "bad_cursor"); // padded
        assertError(get(path + "?limit=0"), 400, "bad_limit");
        assertError(get(path + "?limit=501"), 400, "bad_limit");
        assertError(get(path + "?limit=-3"), 400, "bad_limit");
        assertError(get(path + "?limit=ten"), 400, "bad_limit");
        assertError(get(path + "?limit=99999999999999999999"), 400, "bad_limit");
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertError(post, 405, "method_not_allowed");
        // A cursor handed out for one account is a position, valid for any: it pages from there.
        String cursor = json(get(path + "?limit=1"), 200).get("next_cursor").getAsString();
        assertEquals(200, get("/accounts/" + TestGenesis.treasury(0) + "/txs?cursor=" + cursor).statusCode());
    }

    @Test
    void aTransactionShowsItsContentAndOutcomeCommittedPendingOrRejected() throws Exception {
        Transaction dvp = chain.sign(List.of(
                new Operation.Transfer(TestGenesis.PKR, TestGenesis.treasury(0), account, 700),
                new Operation.Transfer(TestGenesis.PKR, account, TestGenesis.treasury(0), 5)),
                fixture.accountKey(TestGenesis.treasury(0)), fixture.accountKey(account));
        chain.commitNext(List.of(chain.transfer(TestGenesis.PKR, TestGenesis.treasury(2), account, 1), dvp));
        JsonObject committed = json(get("/txs/" + dvp.hash().toHex()), 200);
        assertEquals("committed", committed.get("status").getAsString());
        assertEquals(1, committed.get("height").getAsLong());
        assertEquals(1, committed.get("index").getAsInt());
        assertEquals(ledger.block(1).orElseThrow().header().timeMillis(), committed.get("time").getAsLong());
        JsonArray operations = committed.getAsJsonObject("body").getAsJsonArray("operations");
        assertEquals(2, operations.size());
        assertEquals("700", operations.get(0).getAsJsonObject().getAsJsonObject("transfer").get("amount").getAsString());
        assertEquals(2, committed.getAsJsonObject("transaction").getAsJsonArray("signatures").size());
        assertEquals(2, json(get("/accounts/" + account + "/txs"), 200).getAsJsonArray("txs").size());

        Transaction waiting = chain.transfer(TestGenesis.PKR, TestGenesis.treasury(0), account, 9);
        node.admit(waiting);
        JsonObject pending = json(get("/txs/" + waiting.hash().toHex()), 200);
        assertEquals("pending", pending.get("status").getAsString());
        assertEquals("9", pending.getAsJsonObject("body").getAsJsonArray("operations").get(0).getAsJsonObject()
                .getAsJsonObject("transfer").get("amount").getAsString());

        node.reject(waiting.hash(), new Rejection.Expired(waiting.body().validUntilMillis(), Long.MAX_VALUE));
        JsonObject rejected = json(get("/txs/" + waiting.hash().toHex()), 200);
        assertEquals("rejected", rejected.get("status").getAsString());
        assertEquals("expired", rejected.getAsJsonObject("error").get("code").getAsString(), rejected.toString());

        assertError(get("/txs/" + "ab".repeat(32)), 404, "unknown_transaction");
        assertError(get("/txs/XYZ"), 400, "bad_hash");
    }

    @Test
    void liveIsAlways200AndReadyFollowsTheNodesReadiness() throws Exception {
        assertEquals("live", json(get("/health/live"), 200).get("status").getAsString());
        node.readiness(new Readiness(true, "", 0, 40, 40));
        JsonObject ready = json(get("/health/ready"), 200);
        assertEquals("ready", ready.get("status").getAsString());
        assertEquals("40", ready.get("connected_power").getAsString());
        node.readiness(new Readiness(false, "connected to validators with 10 of 40 voting power", 0, 10, 40));
        JsonObject notReady = json(get("/health/ready"), 503);
        assertEquals("not_ready", notReady.get("status").getAsString());
        assertTrue(notReady.get("reason").getAsString().contains("10 of 40"));
        assertError(get("/health/sick"), 404, "not_found");
    }
}
