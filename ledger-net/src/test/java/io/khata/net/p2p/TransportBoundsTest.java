package io.khata.net.p2p;

import static io.khata.net.p2p.TestNetwork.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The connection bounds a stranger or a member over budget meets: the allow-list and the penalty. */
class TransportBoundsTest {

    @Test
    void theAllowListRefusesOtherAddressesBeforeTls() throws Exception {
        try (TestNetwork network = new TestNetwork("bank-a", "bank-b")) {
            TransportConfig base = network.config("bank-a");
            TransportConfig.Builder builder = TransportConfig.builder(network.credentials.get("bank-a"),
                            network.ca.certificate(), TestNetwork.CHAIN_ID, TestNetwork.FRAME_BYTES_MAX)
                    .listenAddress(base.listenAddress())
                    .peer("bank-b", network.addresses.get("bank-b"))
                    .allowedAddresses(List.of(AddressRange.parse("127.0.0.1/32")));
            Transport guarded = new Transport(builder.build(), network.listeners.get("bank-a"));
            network.start("bank-a", guarded);
            network.start("bank-b");
            network.awaitMesh();

            try (Socket stranger = new Socket()) {
                stranger.bind(new InetSocketAddress("127.0.0.2", 0));
                stranger.connect(guarded.localAddress());
                stranger.setSoTimeout(5_000);
                InputStream in = stranger.getInputStream();
                assertEquals(-1, in.read(), "closed at once, before any TLS byte");
            }
            await("the refusal counted", () -> guarded.faultCounts().get(PeerFault.NOT_ALLOWED) == 1);
            assertEquals(List.of("bank-b"), List.copyOf(guarded.connectedPeers()), "the member on 127.0.0.1 is connected");
        }
    }

    @Test
    void aMemberDisconnectedForAFaultIsRefusedForItsPenaltyThenReconnects() {
        try (TestNetwork network = new TestNetwork("bank-a", "bank-b")) {
            network.startAll();
            network.awaitMesh();
            Transport a = network.transport("bank-a");
            long start = System.nanoTime();
            a.disconnect("bank-b", PeerFault.OVER_BUDGET, "status far over its rate");
            await("bank-b disconnected", () -> !a.connectedPeers().contains("bank-b"));
            assertEquals(1, a.faultCounts().get(PeerFault.OVER_BUDGET));
            sleep(300);
            assertFalse(a.connectedPeers().contains("bank-b"), "refused while the penalty runs, though bank-b redials");
            await("bank-b back after its penalty", () -> a.connectedPeers().contains("bank-b"), Duration.ofSeconds(10));
            assertTrue(System.nanoTime() - start >= 800_000_000L, "the first penalty is about a second");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
