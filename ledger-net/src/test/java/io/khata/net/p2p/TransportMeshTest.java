package io.khata.net.p2p;

import static io.khata.net.p2p.TestNetwork.await;
import static io.khata.net.p2p.TestNetwork.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.proto.Envelope;
import io.khata.proto.TxBatch;
import com.google.protobuf.ByteString;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Four transports with real Netty and TLS on loopback, in one JVM. */
@Timeout(30)
class TransportMeshTest {
    private static final List<String> MEMBERS = List.of("bank-a", "bank-b", "bank-c", "bank-d");

    private TestNetwork network;

    @BeforeEach
    void startNetwork() {
        network = new TestNetwork(MEMBERS.toArray(new String[0]));
        network.startAll();
        network.awaitMesh();
    }

    @AfterEach
    void closeNetwork() {
        network.close();
    }

    @Test
    void fullMeshDeliversEveryBroadcastToEveryOtherMemberOnce() {
        for (String member : MEMBERS) {
            assertEquals(3, network.transport(member).broadcast(batch("from " + member)));
        }
        for (String receiver : MEMBERS) {
            for (String sender : MEMBERS) {
                if (!sender.equals(receiver)) {
                    TestNetwork.RecordingListener listener = network.listeners.get(receiver);
                    await(receiver + " hears " + sender, () -> listener.textsFrom(sender).contains("from " + sender));
                    assertEquals(List.of("from " + sender), listener.textsFrom(sender));
                }
            }
            assertEquals(0, network.listeners.get(receiver).messagesFrom(receiver), "nothing comes back to its sender");
        }
    }

    @Test
    void sendReachesOnlyItsMemberAndKeepsOrder() {
        Transport a = network.transport("bank-a");
        for (int i = 0; i < 100; i++) {
            assertTrue(a.send("bank-c", batch("m" + i)));
        }
        TestNetwork.RecordingListener c = network.listeners.get("bank-c");
        await("bank-c receives 100 messages", () -> c.textsFrom("bank-a").size() == 100);
        assertEquals("m0", c.textsFrom("bank-a").get(0));
        assertEquals("m99", c.textsFrom("bank-a").get(99));
        assertEquals(0, network.listeners.get("bank-b").messagesFrom("bank-a"));
    }

    @Test
    void eachPairKeepsExactlyOneConnectionAndBothEndsKeepTheSameOne() {
        for (String member : MEMBERS) {
            Transport transport = network.transport(member);
            await(member + " has exactly 3 connections", () -> transport.openChannels() == 3);
        }
        for (String one : MEMBERS) {
            for (String other : MEMBERS) {
                if (one.compareTo(other) >= 0) {
                    continue;
                }
                Channel atOne = network.transport(one).activeChannel(other);
                Channel atOther = network.transport(other).activeChannel(one);
                assertEquals(atOne.localAddress(), atOther.remoteAddress(), "both ends keep the same connection");
                assertEquals(atOne.parent() == null, atOther.parent() != null, "one end dialed, the other accepted");
            }
        }
    }

    @Test
    void reconnectsAfterAPeerRestarts() {
        network.stop("bank-c");
        for (String member : List.of("bank-a", "bank-b", "bank-d")) {
            await(member + " sees bank-c gone", () -> !network.transport(member).connectedPeers().contains("bank-c"));
            await(member + " is told", () -> network.listeners.get(member).disconnectionsFrom("bank-c") >= 1);
        }

        network.start("bank-c");
        network.awaitMesh();
        assertEquals(3, network.transport("bank-c").broadcast(batch("c is back")));
        assertTrue(network.transport("bank-a").send("bank-c", batch("welcome back")));
        for (String member : List.of("bank-a", "bank-b", "bank-d")) {
            await(member + " hears bank-c again",
                    () -> network.listeners.get(member).textsFrom("bank-c").contains("c is back"));
        }
        await("bank-c hears bank-a",
                () -> network.listeners.get("bank-c").textsFrom("bank-a").contains("welcome back"));
    }

    @Test
    void exposesCertificateExpiryOfItselfAndEveryConnectedPeer() {
        Transport a = network.transport("bank-a");
        assertEquals(network.credentials.get("bank-a").notAfter(), a.certificateNotAfter());
        assertEquals(Set.of("bank-b", "bank-c", "bank-d"), a.peerCertificateNotAfter().keySet());
        assertEquals(network.credentials.get("bank-d").notAfter(), a.peerCertificateNotAfter().get("bank-d"));
    }

    @Test
    void refusesToSendWhatCannotBeSent() {
        Transport a = network.transport("bank-a");
        assertThrows(IllegalArgumentException.class, () -> a.send("bank-z", batch("x")), "not a peer");
        assertThrows(IllegalArgumentException.class, () -> a.broadcast(Envelope.getDefaultInstance()), "no message");
        Envelope tooLarge = Envelope.newBuilder().setTxBatch(TxBatch.newBuilder()
                .addTxs(ByteString.copyFrom(new byte[TestNetwork.FRAME_BYTES_MAX])))
                .build();
        assertThrows(IllegalArgumentException.class, () -> a.broadcast(tooLarge), "over the frame limit");
    }

    @Test
    void closeIsIdempotentAndAClosedTransportSendsNothing() {
        Transport a = network.transport("bank-a");
        a.close();
        a.close();
        assertEquals(0, a.broadcast(batch("after close")));
        assertFalse(a.send("bank-b", batch("after close")));
        assertEquals(Set.of(), a.connectedPeers());
        await("bank-b sees bank-a gone", () -> !network.transport("bank-b").connectedPeers().contains("bank-a"));
        assertThrows(IllegalStateException.class, a::start, "a closed transport does not start again");
    }
}
