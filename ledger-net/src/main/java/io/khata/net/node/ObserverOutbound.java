package io.khata.net.node;

import io.khata.proto.Envelope;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The peer network as an observer's consensus shell sees it: its status announcements go out,
 * consensus messages never do. A follower's state machine re-gossips the votes it holds and
 * answers peers' statuses with them; from an observer those would only be dropped by the
 * validators (see {@link ObserverInbound}), so they are not sent at all. Counted, for tests and
 * for an operator wondering why nothing leaves.
 */
final class ObserverOutbound implements PeerNetwork {
    private final PeerNetwork network;
    private final LongAdder withheld = new LongAdder();

    ObserverOutbound(PeerNetwork network) {
        this.network = network;
    }

    /** Proposals, votes and evidence: what only a validator sends. */
    static boolean consensusMessage(Envelope envelope) {
        return envelope.hasProposal() || envelope.hasVote() || envelope.hasEvidence();
    }

    @Override
    public void start(Listener listener) {
        throw new IllegalStateException("the node starts the network it wraps");
    }

    @Override
    public void broadcast(Envelope envelope) {
        if (consensusMessage(envelope)) {
            withheld.increment();
            return;
        }
        network.broadcast(envelope);
    }

    @Override
    public void send(String memberId, Envelope envelope) {
        if (consensusMessage(envelope)) {
            withheld.increment();
            return;
        }
        network.send(memberId, envelope);
    }

    @Override
    public void updatePeers(Map<String, java.net.InetSocketAddress> peers) {
        network.updatePeers(peers);
    }

    @Override
    public void disconnect(String memberId, String reason) {
        network.disconnect(memberId, reason);
    }

    @Override
    public List<String> connectedPeers() {
        return network.connectedPeers();
    }

    long withheld() {
        return withheld.sum();
    }

    @Override
    public void close() {
        network.close();
    }
}
