package io.khata.net.node;

import io.khata.proto.Envelope;
import java.util.List;

/**
 * The node's view of its peers: send an envelope to one member or to all, and hear what they
 * send. Implemented by the TLS transport for real nodes and by an in-memory network in tests.
 * Listener calls come on the network's threads; the node hands them to its own threads.
 */
public interface PeerNetwork extends AutoCloseable {
    void start(Listener listener);

    void broadcast(Envelope envelope);

    void send(String memberId, Envelope envelope);

    /**
     * Replaces the set of peers (member id to address) this node talks to, after a membership
     * change: new members are dialed and accepted, removed ones disconnected and refused.
     */
    default void updatePeers(java.util.Map<String, java.net.InetSocketAddress> peers) {
    }

    /**
     * Closes the connection with {@code memberId} because it went over a budget (see
     * {@link InboundMessages}), counts the fault, and refuses the member for a backoff period.
     * A network without connections to close (in-memory tests) ignores it.
     */
    default void disconnect(String memberId, String reason) {
    }

    /** Member ids of the peers connected now. */
    List<String> connectedPeers();

    @Override
    void close();

    interface Listener {
        void onMessage(String fromMember, Envelope envelope);

        default void onPeerConnected(String memberId) {
        }

        default void onPeerDisconnected(String memberId) {
        }
    }
}
