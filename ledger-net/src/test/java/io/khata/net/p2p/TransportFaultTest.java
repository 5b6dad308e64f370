package io.khata.net.p2p;

import static io.khata.net.p2p.TestNetwork.CHAIN_ID;
import static io.khata.net.p2p.TestNetwork.FRAME_BYTES_MAX;
import static io.khata.net.p2p.TestNetwork.NOW;
import static io.khata.net.p2p.TestNetwork.await;
import static io.khata.net.p2p.TestNetwork.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.khata.net.tls.ConsortiumCa;
import io.khata.net.tls.NodeCredentials;
import io.khata.proto.Envelope;
import io.khata.proto.TxBatch;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a transport does with peers that should not be there or that send bad bytes. Three
 * transports (bank-a, bank-b, bank-c) run; test clients connect to bank-a, some as bank-d (a
 * member with no node running), some with certificates bank-a must refuse. After each case
 * bank-a and bank-b must still exchange messages.
 */
@Timeout(30)
class TransportFaultTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static TestNetwork network;
    private static Transport bankA;

    @BeforeAll
    static void startNetwork() {
        network = new TestNetwork("bank-a", "bank-b", "bank-c", "bank-d");
        network.start("bank-a");
        network.start("bank-b");
        network.start("bank-c");
        network.awaitMesh();
        bankA = network.transport("bank-a");
    }

    @AfterAll
    static void closeNetwork() {
        network.close();
    }

    @AfterEach
    void goodPeersStillTalk() {
        String aToB = "a to b " + UUID.randomUUID();
        String bToA = "b to a " + UUID.randomUUID();
        assertTrue(bankA.send("bank-b", batch(aToB)));
        assertTrue(network.transport("bank-b").send("bank-a", batch(bToA)));
        await("bank-b hears bank-a", () -> network.listeners.get("bank-b").textsFrom("bank-a").contains(aToB));
        await("bank-a hears bank-b", () -> network.listeners.get("bank-a").textsFrom("bank-b").contains(bToA));
        assertTrue(bankA.connectedPeers().containsAll(java.util.Set.of("bank-b", "bank-c")));
    }

    // ------------------------------------------------------------------ refused at the handshake

    @Test
    void clientWithACertificateFromAnotherCaIsRefused() {
        ConsortiumCa other = ConsortiumCa.create("Other", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)));
        assertRefusedAtHandshake(valid(other, "bank-d"), "bank-d");
    }

    @Test
    void clientWithAnExpiredCertificateIsRefused() {
        NodeCredentials expired = network.ca.issue("bank-d", NOW.minus(Duration.ofDays(10)),
                NOW.minus(Duration.ofDays(1)));
        assertRefusedAtHandshake(expired, "bank-d");
    }

    @Test
    void clientWhoseCertificateNamesANonMemberIsRefused() {
        assertRefusedAtHandshake(valid(network.ca, "mallory"), "mallory");
    }

    @Test
    void plainTcpGarbageIsRefusedAtTheHandshake() throws IOException {
        long before = count(PeerFault.HANDSHAKE_FAILED);
        try (Socket socket = new Socket(bankA.localAddress().getAddress(), bankA.localAddress().getPort())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            byte[] request = "GET / HTTP/1.1\r\nHost: bank-a\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            socket.getOutputStream().write(request);
            assertTrue(readsToEnd(socket.getInputStream()), "bank-a closes the connection");
        }
        await("the handshake failure is counted", () -> count(PeerFault.HANDSHAKE_FAILED) == before + 1);
    }

    private void assertRefusedAtHandshake(NodeCredentials credentials, String claimedMember) {
        TestNetwork.RecordingListener listener = network.listeners.get("bank-a");
        long before = count(PeerFault.HANDSHAKE_FAILED);
        int connectionsBefore = listener.connectionsFrom(claimedMember);
        long messagesBefore = listener.messagesFrom(claimedMember);
        try (TestClient client = client(credentials)) {
            if (client.awaitHandshake(WAIT)) {
                client.sendHello(claimedMember, CHAIN_ID);
                client.send(batch("let me in"));
            }
            assertTrue(client.awaitClosed(WAIT), "the client sees its connection closed");
        }
        await("the handshake failure is counted", () -> count(PeerFault.HANDSHAKE_FAILED) == before + 1);
        assertEquals(connectionsBefore, listener.connectionsFrom(claimedMember), "never reported connected");
        assertEquals(messagesBefore, listener.messagesFrom(claimedMember), "no message delivered");
        assertTrue(!bankA.connectedPeers().contains(claimedMember));
    }

    // ------------------------------------------------------------------ bad frames from a member

    @Test
    void garbageAfterTheHelloClosesTheConnection() {
        byte[] garbage = new byte[512];
        new Random(6).nextBytes(garbage);
        Map<PeerFault, Long> before = bankA.faultCounts();
        try (TestClient client = helloFromBankD()) {
            client.sendRaw(garbage);
            assertTrue(client.awaitClosed(WAIT));
        }
        await("counted as an oversized or malformed frame", () -> count(PeerFault.FRAME_TOO_LARGE)
                + count(PeerFault.MALFORMED_FRAME) == before.get(PeerFault.FRAME_TOO_LARGE)
                + before.get(PeerFault.MALFORMED_FRAME) + 1);
    }

    @Test
    void frameOverTheLimitIsRefusedFromItsLengthPrefixAlone() {
        long before = count(PeerFault.FRAME_TOO_LARGE);
        try (TestClient client = helloFromBankD()) {
            client.sendRaw(TestClient.frameWithLength(FRAME_BYTES_MAX + 1, new byte[16]));
            assertTrue(client.awaitClosed(WAIT), "closed without waiting for the rest of the frame");
        }
        await("counted", () -> count(PeerFault.FRAME_TOO_LARGE) == before + 1);
    }

    @Test
    void validLengthWithMalformedProtobufClosesTheConnection() {
        assertMalformed(new byte[] {0x12, 0x05, 0x01});
    }

    @Test
    void envelopeWithNoMessageIsMalformed() {
        assertMalformed(new byte[0]);
    }

    @Test
    void envelopeWithAMessageThisSchemaDoesNotKnowIsMalformed() {
        assertMalformed(new byte[] {(byte) 0xF8, 0x06, 0x01});
    }

    @Test
    void envelopeWithAnUnknownFieldBesideAKnownMessageIsMalformed() {
        byte[] known = batch("x").toByteArray();
        byte[] body = new byte[known.length + 3];
        System.arraycopy(known, 0, body, 0, known.length);
        body[known.length] = (byte) 0xF8;
        body[known.length + 1] = 0x06;
        body[known.length + 2] = 0x01;
        assertMalformed(body);
    }

    private void assertMalformed(byte[] body) {
        long before = count(PeerFault.MALFORMED_FRAME);
        long messagesBefore = network.listeners.get("bank-a").messagesFrom("bank-d");
        try (TestClient client = helloFromBankD()) {
            client.sendRaw(TestClient.frame(body));
            assertTrue(client.awaitClosed(WAIT));
        }
        await("counted", () -> count(PeerFault.MALFORMED_FRAME) == before + 1);
        assertEquals(messagesBefore, network.listeners.get("bank-a").messagesFrom("bank-d"));
    }

    // ------------------------------------------------------------------ unexpected messages and bad Hellos

    @Test
    void messageBeforeTheHelloIsUnexpected() {
        long before = count(PeerFault.UNEXPECTED_MESSAGE);
        try (TestClient client = client(valid(network.ca, "bank-d"))) {
            assertTrue(client.awaitHandshake(WAIT));
            client.send(batch("too early"));
            assertTrue(client.awaitClosed(WAIT));
        }
        await("counted", () -> count(PeerFault.UNEXPECTED_MESSAGE) == before + 1);
    }

    @Test
    void secondHelloIsUnexpected() {
        long before = count(PeerFault.UNEXPECTED_MESSAGE);
        try (TestClient client = helloFromBankD()) {
            client.sendHello("bank-d", CHAIN_ID);
            assertTrue(client.awaitClosed(WAIT));
        }
        await("counted", () -> count(PeerFault.UNEXPECTED_MESSAGE) == before + 1);
    }

    @Test
    void helloForAnotherChainIsRefused() {
        long before = count(PeerFault.WRONG_CHAIN);
        try (TestClient client = client(valid(network.ca, "bank-d"))) {
            assertTrue(client.awaitHandshake(WAIT));
            client.sendHello("bank-d", "another-chain");
            assertTrue(client.awaitClosed(WAIT));
        }
        await("counted", () -> count(PeerFault.WRONG_CHAIN) == before + 1);
    }

    @Test
    void helloNamingAnotherMemberThanTheCertificateIsRefused() {
        long before = count(PeerFault.WRONG_PEER);
        try (TestClient client = client(valid(network.ca, "bank-d"))) {
            assertTrue(client.awaitHandshake(WAIT));
            client.sendHello("bank-c", CHAIN_ID);
            assertTrue(client.awaitClosed(WAIT));
        }
        await("counted", () -> count(PeerFault.WRONG_PEER) == before + 1);
    }

    // ------------------------------------------------------------------ backpressure

    @Test
    void aPeerThatStopsReadingCostsABoundedQueueNotMemory() {
        long droppedBefore = bankA.outboundFramesDropped();
        Envelope large = Envelope.newBuilder()
                .setTxBatch(TxBatch.newBuilder().addTxs(ByteString.copyFrom(new byte[FRAME_BYTES_MAX - 64])))
                .build();
        try (TestClient client = helloFromBankD()) {
            client.stopReading();
            // 20,000 frames of 64 KiB would be 1.25 GiB; the queue holds 10,000 frames or 16 MiB and a frame at most.
            for (int i = 0; i < 20_000 && bankA.outboundFramesDropped() == droppedBefore; i++) {
                assertTrue(bankA.send("bank-d", large));
            }
            assertTrue(bankA.outboundFramesDropped() > droppedBefore, "the oldest frames are dropped, not kept");
        }
    }

    // ------------------------------------------------------------------ helpers

    private static NodeCredentials valid(ConsortiumCa ca, String member) {
        return ca.issue(member, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)));
    }

    private static TestClient client(NodeCredentials credentials) {
        return new TestClient(credentials, network.ca.certificate(), "bank-a", bankA.localAddress());
    }

    /** A client that authenticates as bank-d and says Hello, and that bank-a reports connected. */
    private static TestClient helloFromBankD() {
        TestNetwork.RecordingListener listener = network.listeners.get("bank-a");
        int connectionsBefore = listener.connectionsFrom("bank-d");
        TestClient client = client(valid(network.ca, "bank-d"));
        assertTrue(client.awaitHandshake(WAIT));
        client.sendHello("bank-d", CHAIN_ID);
        await("bank-a reports bank-d connected", () -> listener.connectionsFrom("bank-d") > connectionsBefore);
        return client;
    }

    private static long count(PeerFault fault) {
        return bankA.faultCounts().get(fault);
    }

    /** Reads until the peer closes; false if it stays open past the socket timeout. */
    private static boolean readsToEnd(InputStream input) throws IOException {
        byte[] buffer = new byte[1024];
        try {
            while (input.read(buffer) >= 0) {
                // discard whatever the server sends before closing
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
