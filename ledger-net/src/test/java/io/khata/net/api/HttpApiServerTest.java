package io.khata.net.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.TestChain;
import io.khata.core.proof.ProofVerifier;
import io.khata.core.proof.TxProofCodec;
import io.khata.core.tx.Transaction;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API through a real HTTP client against a real server on loopback. */
class HttpApiServerTest {
    private final TestGenesis fixture = TestGenesis.of(4);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
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

    private HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"error\""), response.body());
        assertTrue(response.body().contains("\"code\": \"" + code + "\""), response.body());
    }

    private Transaction transfer(long amount) {
        return chain.transfer(TestGenesis.PKR, TestGenesis.treasury(0), TestGenesis.treasury(1), amount);
    }

    @Test
    void statusNamesTheChainNodeAndValidators() throws Exception {
        HttpResponse<String> response = get("/status");
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"chain_id\": \"khata-test\""), response.body());
        assertTrue(response.body().contains("\"node_id\": \"bank0\""));
        assertTrue(response.body().contains("\"peers\": [\"bank1\", \"bank2\"]"), response.body());
        assertTrue(response.body().contains("\"id\": \"bank3\""));
        assertTrue(response.body().contains("\"height\": \"0\""), response.body());
    }

    @Test
    void submitsAsProtobufAndAsJsonThenQueriesCommitBlockAccountAndProof() throws Exception {
        Transaction first = transfer(100);
        HttpResponse<String> accepted = post("/txs", "application/x-protobuf", first.encode());
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertTrue(accepted.body().contains("\"status\": \"accepted\""));
        assertTrue(get("/txs/" + first.hash().toHex()).body().contains("\"status\": \"pending\""));

        Transaction second = transfer(200);
        String json = com.google.protobuf.util.JsonFormat.printer()
                .print(io.khata.proto.Transaction.parseFrom(second.encode()));
        CompletableFuture<HttpResponse<String>> waiting = client.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/txs?wait=true")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        while (node.mempoolSize() < 2) {
            Thread.sleep(10);
        }
        chain.commitNext(node.mempool().candidates(10));
        node.committed(1);
        HttpResponse<String> committed = waiting.get();
        assertEquals(200, committed.statusCode(), committed.body());
        assertTrue(committed.body().contains("\"status\": \"committed\""), committed.body());
        assertTrue(committed.body().contains("\"index\": 1"), committed.body());

        HttpResponse<String> status = get("/txs/" + first.hash().toHex());
        assertTrue(status.body().contains("\"status\": \"committed\""), status.body());
        HttpResponse<String> block = get("/blocks/latest");
        assertTrue(block.body().contains(first.hash().toHex()), block.body());
        assertTrue(block.body().contains("\"commit_signers\": [\"bank0\", \"bank1\", \"bank2\", \"bank3\"]"), block.body());
        assertEquals(block.body(), get("/blocks/1").body());
        HttpResponse<String> account = get("/accounts/" + TestGenesis.treasury(1));
        assertTrue(account.body().contains("\"PKR\": \"" + (TestGenesis.TREASURY_PKR + 300) + "\""), account.body());

        HttpResponse<String> proof = get("/txs/" + first.hash().toHex() + "/proof");
        assertEquals(200, proof.statusCode());
        assertTrue(ProofVerifier.verify(TxProofCodec.fromJson(proof.body()).value(), fixture.genesis()).isEmpty());
        assertTrue(get("/metrics").body().contains("khata_height 1"));
    }

    @Test
    void aRejectedTransactionSaysWhy() throws Exception {
        Transaction unfunded = transfer(TestGenesis.TREASURY_PKR * 3);
        HttpResponse<String> response = post("/txs", "application/x-protobuf", unfunded.encode());
        assertEquals(422, response.statusCode());
        assertTrue(response.body().contains("\"status\": \"rejected\""));
        assertTrue(response.body().contains("insufficient_funds"), response.body());
    }

    @Test
    void everyBadInputGetsAFourHundredWithAJsonError() throws Exception {
        assertError(post("/txs", "application/json", "{not json".getBytes()), 400, "malformed_json");
        assertError(post("/txs", "application/json", "{\"unknown_field\": 1}".getBytes()), 400, "malformed_json");
        assertError(post("/txs", "application/x-protobuf", new byte[] {9, 9, 9, 9}), 400, "malformed");
        assertError(post("/txs", "text/plain", "hello".getBytes()), 415, "unsupported_media_type");
        assertError(get("/nowhere"), 404, "not_found");
        assertError(get("/"), 404, "not_found");
        assertError(post("/status", "application/json", new byte[0]), 405, "method_not_allowed");
        assertError(get("/txs"), 405, "method_not_allowed");
        assertError(post("/txs", "application/x-protobuf", new byte[HttpApiServer.BODY_BYTES_MAX + 1]), 413, "too_large");
        assertError(get("/accounts/nobody@bank0"), 404, "unknown_account");
        assertError(get("/txs/xyz"), 400, "bad_hash");
        assertError(get("/txs/" + "A".repeat(64)), 400, "bad_hash");
        assertError(get("/txs/" + "ab".repeat(32) + "/proof"), 404, "not_found");
        assertError(get("/blocks/abc"), 400, "bad_height");
        assertError(get("/blocks/99"), 404, "not_found");
        assertError(get("/blocks/-1"), 404, "not_found");
        assertEquals(200, get("/status").statusCode());
    }
}
