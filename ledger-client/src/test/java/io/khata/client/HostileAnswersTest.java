package io.khata.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.crypto.KeyPair;
import io.khata.core.tx.Transaction;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node that floods, drips, lies or speaks nonsense gets a typed error, within the limits. */
class HostileAnswersTest {
    private final FakeNode node;
    private final KhataClient client;

    HostileAnswersTest() throws Exception {
        node = new FakeNode();
        client = KhataClient.builder(node.uri()).bodyBytesMax(1024).build();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private static Transaction transaction() throws Exception {
        return TransactionBuilder.forChain("c").transfer("PKR", "a@b", "c@d", 1).validUntilTime(java.time.Instant.ofEpochMilli(5))
                .sign(KeyFileSigner.of(KeyPair.generate(new SecureRandom())));
    }

    @Test
    void aBodyOverTheLimitIsRefusedDeclaredOrNot() throws Exception {
        node.route("/status", exchange -> FakeNode.json(exchange, 200, "{\"chain_id\":\"" + "x".repeat(5000) + "\"}"));
        node.route("/accounts", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: no length announced
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    out.write(new byte[1000]);
                    out.flush();
                }
            }
        });
        KhataException e = assertThrows(KhataException.BadResponse.class, client::status);
        assertTrue(e.getMessage().contains("limit of 1024"), e.getMessage());
        assertThrows(KhataException.BadResponse.class, () -> client.account("alice@bank0"));
    }

    @Test
    void aNodeThatDripsIsCutOffAtTheTimeout() throws Exception {
        node.route("/status", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 50; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(100);
                }
            }
        });
        KhataClient impatient = KhataClient.builder(node.uri()).requestTimeout(Duration.ofSeconds(1)).build();
        long start = System.nanoTime();
        assertThrows(KhataException.Unreachable.class, impatient::status);
        assertTrue(System.nanoTime() - start < 4_000_000_000L, "waited well past the timeout");
    }

    @Test
    void notJsonOrWrongTypesIsABadResponse() throws Exception {
        node.route("/status", exchange -> FakeNode.json(exchange, 200, "<html>hello</html>"));
        node.route("/accounts", exchange -> FakeNode.json(exchange, 200, "{\"id\":\"a\",\"balances\":{\"PKR\":\"lots\"}}"));
        node.route("/blocks", exchange -> FakeNode.json(exchange, 200, "[".repeat(900)));
        assertThrows(KhataException.BadResponse.class, client::status);
        assertThrows(KhataException.BadResponse.class, () -> client.account("a@b"));
        assertThrows(KhataException.BadResponse.class, () -> client.block(3));
    }

    @Test
    void errorsAreTheNodesCodeOrAStandIn() throws Exception {
        node.route("/accounts", exchange -> {
            if (exchange.getRequestURI().getPath().endsWith("/txs")) {
                FakeNode.json(exchange, 400, "{\"error\":{\"code\":\"bad_limit\",\"message\":\"limit is 1 to 500\"}}");
            } else {
                FakeNode.json(exchange, 404, "{\"error\":{\"code\":\"unknown_account\",\"message\":\"no account\"}}");
            }
        });
        node.route("/status", exchange -> FakeNode.json(exchange, 500, "<h1>oops</h1>"));
        assertTrue(client.account("nobody@bank0").isEmpty());
        KhataException.ErrorAnswer badLimit = assertThrows(KhataException.ErrorAnswer.class,
                () -> client.accountHistory("a@b", 9999, null));
        assertEquals("bad_limit", badLimit.code());
        assertEquals(400, badLimit.httpStatus());
        KhataException.ErrorAnswer broken = assertThrows(KhataException.ErrorAnswer.class, client::status);
        assertEquals("http_500", broken.code());
    }

    @Test
    void anAnswerAboutAnotherTransactionIsNotBelieved() throws Exception {
        node.route("/txs", exchange -> FakeNode.json(exchange, 200,
                "{\"tx_hash\":\"" + "00".repeat(32) + "\",\"status\":\"committed\",\"height\":\"3\"}"));
        assertThrows(KhataException.BadResponse.class, () -> client.submitAndWait(transaction(), Duration.ofSeconds(1)));
    }

    @Test
    void aRejectionIsAValueAndAnUnknownCodeStaysReadable() throws Exception {
        Transaction tx = transaction();
        node.route("/txs", exchange -> FakeNode.json(exchange, 422, "{\"tx_hash\":\"" + tx.hash().toHex()
                + "\",\"status\":\"rejected\",\"error\":{\"code\":\"quantum_flux\",\"message\":\"the flux\"}}"));
        SubmitResult result = client.submit(tx);
        SubmitResult.Rejected rejected = assertInstanceOf(SubmitResult.Rejected.class, result);
        assertEquals(RejectionCode.UNRECOGNIZED, rejected.code());
        assertEquals("the flux", rejected.message());
    }

    @Test
    void anUnreachableNodeIsUnreachable() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        KhataClient nowhere = KhataClient.connect("http://127.0.0.1:" + port);
        assertThrows(KhataException.Unreachable.class, nowhere::status);
    }
}
