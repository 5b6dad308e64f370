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
        String verifier = io.khata.core.crypto.Ed25519.selection().name();
        assertTrue(verifier.equals("java") || verifier.equals("native"), verifier);
        assertTrue(response.body().contains("\"ed25519_verifier\": \"" + verifier + "\""), response.body());
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
        assertError(get("/dashboard/nowhere.js"), 404, "not_found"); // "/" is the dashboard now
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
        assertError(post("/txs?wait=soon", "application/x-protobuf", transfer(1).encode()), 400, "bad_wait");
        assertError(post("/txs?wait=-5", "application/x-protobuf", transfer(1).encode()), 400, "bad_wait");
        assertEquals(0, node.mempoolSize(), "a refused wait parameter admits nothing");
        assertEquals(200, get("/status").statusCode());
    }

    @Test
    void anUnknownTransactionIsANotFoundWithAJsonError() throws Exception {
        HttpResponse<String> response = get("/txs/" + "ab".repeat(32));
        assertError(response, 404, "unknown_transaction");
        assertTrue(response.body().contains("\"message\""), response.body());
        assertTrue(response.body().startsWith("{") && !response.body().contains("\"status\""), response.body());
    }

    @Test
    void aWaitThatRunsOutSaysAcceptedWithATimeoutAndALaterWaiterStillSeesTheCommit() throws Exception {
        Transaction tx = transfer(300);
        HttpResponse<String> gaveUp = post("/txs?wait=50", "application/x-protobuf", tx.encode());
        assertEquals(202, gaveUp.statusCode(), gaveUp.body());
        assertTrue(gaveUp.body().contains("\"status\": \"accepted\""), gaveUp.body());
        assertTrue(gaveUp.body().contains("\"code\": \"timeout\""), gaveUp.body());
        assertTrue(!node.outcome(tx.hash()).isDone(), "one waiter's timeout must not complete the shared outcome");

        CompletableFuture<HttpResponse<String>> waiting = client.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/txs?wait=true")).header("Content-Type", "application/x-protobuf")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(tx.encode())).build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(200);
        assertTrue(!waiting.isDone(), "the second waiter waits instead of inheriting the first one's timeout");
        chain.commitNext(node.mempool().candidates(10));
        node.committed(1);
        HttpResponse<String> committed = waiting.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(200, committed.statusCode(), committed.body());
        assertTrue(committed.body().contains("\"status\": \"committed\""), committed.body());
    }

    /**
     * The README's encoding rule: what the API writes itself (hashes, keys, block fields) is
     * lowercase hex; protobuf {@code bytes} inside a transaction or a proof are base64, as
     * protobuf's JSON mapping writes them; the genesis file writes keys as hex strings.
     */
    @Test
    void hashesAndKeysTheApiWritesAreHexAndBytesInsideProofsAreBase64() throws Exception {
        Transaction tx = transfer(400);
        assertEquals(202, post("/txs", "application/x-protobuf", tx.encode()).statusCode());
        chain.commitNext(node.mempool().candidates(10));
        node.committed(1);

        com.google.gson.JsonObject block = com.google.gson.JsonParser.parseString(get("/blocks/1").body()).getAsJsonObject();
        String blockHash = block.get("hash").getAsString();
        assertTrue(blockHash.matches("[0-9a-f]{64}"), blockHash);
        assertTrue(block.get("state_root").getAsString().matches("[0-9a-f]{64}"), block.toString());
        assertEquals(tx.hash().toHex(), block.getAsJsonArray("tx_hashes").get(0).getAsString());

        com.google.gson.JsonObject status = com.google.gson.JsonParser.parseString(get("/status").body()).getAsJsonObject();
        assertEquals(fixture.validatorKey(TestGenesis.bank(0)).publicKey().toHex(),
                status.getAsJsonArray("validators").get(0).getAsJsonObject().get("key").getAsString());
        com.google.gson.JsonObject account = com.google.gson.JsonParser.parseString(
                get("/accounts/" + TestGenesis.treasury(0)).body()).getAsJsonObject();
        assertEquals(fixture.accountKey(TestGenesis.treasury(0)).publicKey().toHex(),
                account.getAsJsonArray("keys").get(0).getAsString());

        com.google.gson.JsonObject proof = com.google.gson.JsonParser.parseString(
                get("/txs/" + tx.hash().toHex() + "/proof").body()).getAsJsonObject();
        byte[] header = java.util.Base64.getDecoder().decode(proof.get("header").getAsString());
        assertEquals(blockHash, java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(header)));
        assertTrue(java.util.Arrays.equals(tx.encode(), java.util.Base64.getDecoder().decode(proof.get("tx").getAsString())));

        com.google.gson.JsonObject genesis = com.google.gson.JsonParser.parseString(
                io.khata.core.genesis.GenesisWriter.toJson(fixture.genesis())).getAsJsonObject();
        assertEquals(fixture.validatorKey(TestGenesis.bank(0)).publicKey().toHex(),
                genesis.getAsJsonArray("members").get(0).getAsJsonObject().get("validator_key").getAsString());
    }
}
