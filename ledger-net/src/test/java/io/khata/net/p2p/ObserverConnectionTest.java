package io.khata.net.p2p;

import static io.khata.net.p2p.TestNetwork.NOW;
import static io.khata.net.p2p.TestNetwork.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.net.tls.NodeCredentials;
import io.khata.net.tls.PeerIdentity;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Observer nodes on the real TLS transport: a member accepts them in slots of their own, at
 * most two in all and one per owning bank here, refuses the next with a counted fault, sends
 * them what it broadcasts, refuses an observer of a bank that is not a member during the
 * handshake, and with every observer slot taken still takes back a member that restarts.
 */
class ObserverConnectionTest {
    private final TestNetwork network = new TestNetwork("bank0", "bank1");
    private final List<Transport> observers = new ArrayList<>();

    @AfterEach
    void close() {
        observers.forEach(Transport::close);
        network.close();
    }

    /** bank0 with two observer slots, at most one per bank. */
    private Transport startBank0() {
        TransportConfig.Builder builder = TransportConfig.builder(network.credentials.get("bank0"),
                        network.ca.certificate(), TestNetwork.CHAIN_ID, TestNetwork.FRAME_BYTES_MAX)
                .listenAddress(network.addresses.get("bank0"))
                .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(400))
                .handshakeTimeout(Duration.ofSeconds(3))
                .peer("bank1", network.addresses.get("bank1"))
                .observerSlots(2, 1);
        return network.start("bank0", new Transport(builder.build(), network.listeners.get("bank0")));
    }

    /** An observer's own transport: it dials bank0 only, and accepts no observer itself. */
    private TestNetwork.RecordingListener startObserver(String owner, String name) {
        NodeCredentials credentials = network.ca.issueObserver(owner, name, NOW.minus(Duration.ofHours(1)),
                NOW.plus(Duration.ofDays(30)));
        TransportConfig config = TransportConfig.builder(credentials, network.ca.certificate(), TestNetwork.CHAIN_ID,
                        TestNetwork.FRAME_BYTES_MAX)
                .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(400))
                .peer("bank0", network.addresses.get("bank0"))
                .observerSlots(0, 0)
                .build();
        TestNetwork.RecordingListener listener = new TestNetwork.RecordingListener();
        Transport transport = new Transport(config, listener);
        transport.start();
        observers.add(transport);
        return listener;
    }

    private static String key(String owner, String name) {
        return PeerIdentity.observer(owner, name).key();
    }

    @Test
    void observersHaveBoundedSlotsOfTheirOwnAndNeverKeepAMemberOut() throws Exception {
        Transport bank0 = startBank0();
        network.start("bank1");
        await("bank0 and bank1 connected", () -> bank0.connectedPeers().contains("bank1"));

        TestNetwork.RecordingListener first = startObserver("bank0", "obs-a");
        await("bank0's observer connected", () -> bank0.connectedObservers().contains(key("bank0", "obs-a")));
        assertFalse(bank0.connectedPeers().contains(key("bank0", "obs-a")), "an observer is not a member peer");

        // A second observer of bank0: over the bank's one slot, refused and counted.
        startObserver("bank0", "obs-b");
        await("the second observer of bank0 refused",
                () -> bank0.faultCounts().get(PeerFault.OBSERVER_SLOTS_FULL) >= 1);
        // bank1's observer takes the second and last slot.
        startObserver("bank1", "obs-c");
        await("bank1's observer connected", () -> bank0.connectedObservers().contains(key("bank1", "obs-c")));
        assertEquals(2, bank0.observerSlotsTaken());
        assertFalse(bank0.connectedObservers().contains(key("bank0", "obs-b")));

        // A member restarting while every observer slot is taken connects again.
        network.stop("bank1");
        await("bank1 gone", () -> !bank0.connectedPeers().contains("bank1"));
        network.start("bank1");
        await("bank1 back although the observer slots are full", () -> bank0.connectedPeers().contains("bank1"),
                Duration.ofSeconds(15));

        // Observers hear what bank0 broadcasts, and bank0 hears what they send.
        assertEquals(1, bank0.broadcast(TestNetwork.batch("block 7")), "counted peers are members only");
        await("the observer got the broadcast", () -> first.messages.stream()
                .anyMatch(m -> m.envelope().hasTxBatch() && TestNetwork.text(m.envelope()).equals("block 7")));
        assertTrue(bank0.send(key("bank0", "obs-a"), TestNetwork.batch("answer")));
        observers.get(0).send("bank0", TestNetwork.batch("from the observer"));
        await("bank0 got the observer's message", () -> network.listeners.get("bank0")
                .textsFrom(key("bank0", "obs-a")).contains("from the observer"));

        // The first observer leaves: its slot is free again, and bank0's refused observer, which
        // kept redialing, takes it.
        observers.get(0).close();
        await("bank0's other observer in the freed slot",
                () -> bank0.connectedObservers().contains(key("bank0", "obs-b")), Duration.ofSeconds(15));
        assertFalse(bank0.connectedObservers().contains(key("bank0", "obs-a")));
        assertEquals(2, bank0.observerSlotsTaken());
    }

    @Test
    void anObserverOfABankThatIsNotAMemberIsRefusedInTheHandshake() throws Exception {
        Transport bank0 = startBank0();
        long before = bank0.faultCounts().get(PeerFault.HANDSHAKE_FAILED);
        startObserver("bank9", "stranger");
        await("the observer of a non-member refused", () -> bank0.faultCounts().get(PeerFault.HANDSHAKE_FAILED) > before);
        Thread.sleep(300);
        assertTrue(bank0.connectedObservers().isEmpty(), bank0.connectedObservers().toString());
        assertEquals(0, bank0.observerSlotsTaken());
    }

    @Test
    void aMemberThatAcceptsNoObserversRefusesThemAll() throws Exception {
        TransportConfig config = TransportConfig.builder(network.credentials.get("bank0"), network.ca.certificate(),
                        TestNetwork.CHAIN_ID, TestNetwork.FRAME_BYTES_MAX)
                .listenAddress(network.addresses.get("bank0"))
                .peer("bank1", network.addresses.get("bank1"))
                .observerSlots(0, 0)
                .build();
        Transport closed = network.start("bank0", new Transport(config, network.listeners.get("bank0")));
        long before = closed.faultCounts().get(PeerFault.HANDSHAKE_FAILED);
        startObserver("bank0", "own");
        await("its own bank's observer refused", () -> closed.faultCounts().get(PeerFault.HANDSHAKE_FAILED) > before);
        assertTrue(closed.connectedObservers().isEmpty());
    }
}
