package io.khata.net.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The duplicate-connection rule and the ordering of connection callbacks, without sockets. */
class PeerTest {

    /** A session of this node with {@code remote}, dialed by this node or accepted from the remote. */
    private static Session session(String remote, boolean dialed) {
        return new Session(null, new EmbeddedChannel(), dialed ? remote : null, null);
    }

    private static Peer peer(String self, String remote) {
        return new Peer(remote, InetSocketAddress.createUnresolved("localhost", 1), self, 10, 1_000);
    }

    @Test
    void firstSessionIsKept() {
        Peer peer = peer("bank-a", "bank-b");
        Session first = session("bank-b", true);
        Peer.Attachment attachment = peer.attach(first);
        assertEquals(Peer.Outcome.FIRST, attachment.outcome());
        assertSame(first.channel(), peer.activeChannel());
    }

    @Test
    void smallerMemberKeepsItsOwnDialWhicheverArrivesFirst() {
        Peer acceptedFirst = peer("bank-a", "bank-b");
        Session accepted = session("bank-b", false);
        Session dialed = session("bank-b", true);
        acceptedFirst.attach(accepted);
        Peer.Attachment replacement = acceptedFirst.attach(dialed);
        assertEquals(Peer.Outcome.REPLACED, replacement.outcome());
        assertSame(accepted, replacement.displaced());

        Peer dialedFirst = peer("bank-a", "bank-b");
        dialedFirst.attach(dialed);
        assertEquals(Peer.Outcome.REFUSED, dialedFirst.attach(accepted).outcome());
        assertSame(dialed.channel(), dialedFirst.activeChannel());
    }

    @Test
    void largerMemberKeepsTheSmallerOnesDialWhicheverArrivesFirst() {
        Peer dialedFirst = peer("bank-b", "bank-a");
        Session dialed = session("bank-a", true);
        Session accepted = session("bank-a", false);
        dialedFirst.attach(dialed);
        Peer.Attachment replacement = dialedFirst.attach(accepted);
        assertEquals(Peer.Outcome.REPLACED, replacement.outcome());
        assertSame(dialed, replacement.displaced());

        Peer acceptedFirst = peer("bank-b", "bank-a");
        acceptedFirst.attach(accepted);
        assertEquals(Peer.Outcome.REFUSED, acceptedFirst.attach(dialed).outcome());
    }

    @Test
    void aNewerConnectionFromTheSameSideReplacesTheOlder() {
        Peer peer = peer("bank-b", "bank-a");
        Session before = session("bank-a", false);
        Session afterRestart = session("bank-a", false);
        peer.attach(before);
        Peer.Attachment attachment = peer.attach(afterRestart);
        assertEquals(Peer.Outcome.REPLACED, attachment.outcome());
        assertSame(before, attachment.displaced());
    }

    @Test
    void detachingAReplacedSessionChangesNothing() {
        Peer peer = peer("bank-a", "bank-b");
        Session accepted = session("bank-b", false);
        Session dialed = session("bank-b", true);
        peer.attach(accepted);
        peer.attach(dialed);
        assertEquals(-1, peer.detach(accepted));
        assertSame(dialed.channel(), peer.activeChannel());
        assertEquals(3, peer.detach(dialed));
        assertNull(peer.activeChannel());
    }

    @Test
    void aStaleCallbackIsNotReportedAfterANewerOne() {
        Peer peer = peer("bank-a", "bank-b");
        List<String> reported = new ArrayList<>();
        peer.report(2, () -> reported.add("connected (epoch 2)"));
        peer.report(1, () -> reported.add("disconnected (epoch 1)"));
        peer.report(3, () -> reported.add("disconnected (epoch 3)"));
        assertEquals(List.of("connected (epoch 2)", "disconnected (epoch 3)"), reported);
    }

    @Test
    void aClosedPeerRefusesSessionsAndQueuesNothing() {
        Peer peer = peer("bank-a", "bank-b");
        peer.close();
        assertEquals(Peer.Outcome.REFUSED, peer.attach(session("bank-b", true)).outcome());
        assertEquals(-1, peer.enqueue(new byte[] {1}));
    }
}
