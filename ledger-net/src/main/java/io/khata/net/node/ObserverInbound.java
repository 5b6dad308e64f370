package io.khata.net.node;

import io.khata.net.tls.PeerIdentity;
import io.khata.proto.Envelope;

/**
 * What a node takes from an observer's connection: transactions (an observer forwards what its
 * clients submit), status announcements and block requests (it follows). Never a proposal, a
 * vote or evidence, whatever keys sign them: an observer holds no validator key, and nothing it
 * relays may count towards a quorum, so such messages are dropped before they are decoded or
 * queued for consensus. Nor a block response: this node never asks an observer for blocks.
 * The transport names an observer's connection with a key no member id can take
 * ({@link PeerIdentity#key()}), so the role is known before anything is read.
 */
final class ObserverInbound {
    /** The metrics reason of a message dropped because an observer sent it. */
    static final String DROPPED_REASON = "observer_consensus_message";

    private ObserverInbound() {
    }

    /** True if {@code envelope} from {@code peer} is to be dropped because the peer is an observer. */
    static boolean refused(String peer, Envelope envelope) {
        return PeerIdentity.isObserverKey(peer)
                && (ObserverOutbound.consensusMessage(envelope) || envelope.hasBlockResponse());
    }
}
