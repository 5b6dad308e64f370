package io.khata.net.sim;

import io.khata.core.Limits;
import io.khata.core.Result;
import io.khata.core.block.VoteCodec;
import io.khata.net.consensus.Message;
import io.khata.net.consensus.MessageCodec;
import io.khata.net.node.PeerNetwork;
import io.khata.proto.Envelope;
import java.util.ArrayList;
import java.util.List;

/**
 * One node's {@link PeerNetwork} in the simulator: envelopes leave as their wire bytes over the
 * {@link SimNetwork}'s links. What an honest node signs is checked here, on its way out; a
 * Byzantine node's messages go to its adversary instead, which decides who gets what. Peers
 * that are up count as connected (a link that drops everything still looks connected, as a
 * black-holing network does).
 */
final class SimPeerNetwork implements PeerNetwork {
    private final Simulation sim;
    private final SimNode node;

    SimPeerNetwork(Simulation sim, SimNode node) {
        this.sim = sim;
        this.node = node;
    }

    @Override
    public void start(Listener listener) {
        throw new IllegalStateException("simulated nodes receive through the simulation, not a listener");
    }

    @Override
    public void broadcast(Envelope envelope) {
        Message message = consensusMessage(envelope);
        if (message != null && node.byzantine && sim.byzantineActive) {
            sim.byzantine.broadcast(node, message);
            return;
        }
        if (message != null && !node.byzantine) {
            sim.invariants.signedByHonest(node.id, message, sim.now);
            sim.invariants.signedAsValidator(node.id, node.ledger, message, sim.now);
        }
        sim.sendToAll(node.index, envelope.toByteArray());
    }

    @Override
    public void send(String memberId, Envelope envelope) {
        sim.send(node.index, sim.nodeById(memberId).index, envelope.toByteArray());
    }

    @Override
    public List<String> connectedPeers() {
        List<String> peers = new ArrayList<>();
        for (SimNode peer : sim.nodes) {
            if (peer != node && !peer.crashed) {
                peers.add(peer.id);
            }
        }
        return peers;
    }

    @Override
    public void close() {
    }

    /** The consensus message an envelope carries, or null for anything else (status, sync). */
    private static Message consensusMessage(Envelope envelope) {
        Result<? extends Message> message;
        switch (envelope.getMessageCase()) {
            case PROPOSAL:
                message = MessageCodec.fromWire(envelope.getProposal(), Limits.DEFAULT).map(Message.OfProposal::new);
                break;
            case VOTE:
                message = VoteCodec.fromWire(envelope.getVote(), "vote").map(Message.OfVote::new);
                break;
            case EVIDENCE:
                message = VoteCodec.fromWire(envelope.getEvidence(), "evidence").map(Message.OfEvidence::new);
                break;
            default:
                return null;
        }
        return message.value(); // the node's own message: not decoding is a bug, and value() throws
    }
}
