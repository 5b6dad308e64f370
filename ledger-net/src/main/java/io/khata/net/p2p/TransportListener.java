package io.khata.net.p2p;

import io.khata.proto.Envelope;

/**
 * What the transport tells the node. Every call comes on a Netty event loop thread and must
 * return quickly without blocking: the node hands the event to its own thread. A listener
 * that throws is logged at ERROR and the connection stays up (the fault is the node's, not
 * the peer's).
 *
 * <p>For one member, {@link #onPeerConnected} comes before the messages of the connection it
 * announces. It may come again without an {@link #onPeerDisconnected} in between when a new
 * connection replaces the current one (a duplicate resolved, or the peer restarted): either
 * way it means "anything sent to this member before may not have arrived; resend your
 * status". {@link #onPeerDisconnected} means no connection to the member is left. A message
 * from a replaced connection may still arrive shortly after the new one is announced.
 */
public interface TransportListener {

    /** One envelope from an authenticated member; never a Hello, which the transport consumes. */
    void onMessage(String fromMember, Envelope envelope);

    /** A connection to {@code member} is open; {@code height} is what the member's Hello said. */
    default void onPeerConnected(String member, long height) {
    }

    default void onPeerDisconnected(String member) {
    }
}
