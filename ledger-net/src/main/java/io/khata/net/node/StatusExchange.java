package io.khata.net.node;

import com.google.protobuf.ByteString;
import io.khata.core.block.Validator;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteCodec;
import io.khata.core.block.VoteType;
import io.khata.net.consensus.Consensus;
import io.khata.net.consensus.MessageCodec;
import io.khata.net.consensus.Proposal;
import io.khata.proto.Envelope;
import io.khata.proto.Status;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Anti-entropy between peers: every node periodically tells the others its height, round,
 * whether it holds the round's proposal and which validators' prevotes and precommits it holds
 * (one bit per validator of the height, in id order). A peer at the same height and round
 * answers with what the sender lacks, so a node that missed messages during a disconnect
 * catches up without waiting for a new round. Runs on the consensus thread; only reads the
 * state machine.
 */
final class StatusExchange {
    /** How often a node announces its status. */
    static final long INTERVAL_MILLIS = 1_000;

    private final Consensus consensus;
    private final PeerNetwork network;

    StatusExchange(Consensus consensus, PeerNetwork network) {
        this.consensus = consensus;
        this.network = network;
    }

    Envelope status() {
        List<Validator> validators = consensus.currentValidators().validators();
        int round = consensus.round();
        Status status = Status.newBuilder()
                .setHeight(consensus.height())
                .setRound(round)
                .setHasProposal(!consensus.heldProposals(round).isEmpty())
                .setPrevotes(bitmap(validators, consensus.heldVotes(VoteType.PREVOTE, round)))
                .setPrecommits(bitmap(validators, consensus.heldVotes(VoteType.PRECOMMIT, round)))
                .build();
        return Envelope.newBuilder().setStatus(status).build();
    }

    void announce() {
        network.broadcast(status());
    }

    /** Sends {@code peer} the proposal and votes of the current round its status says it lacks. */
    int answer(String peer, Status theirs) {
        if (theirs.getHeight() != consensus.height() || theirs.getRound() != consensus.round()) {
            return 0;
        }
        int round = consensus.round();
        int sent = 0;
        if (!theirs.getHasProposal()) {
            for (Proposal proposal : consensus.heldProposals(round)) {
                network.send(peer, Envelope.newBuilder().setProposal(MessageCodec.toWire(proposal)).build());
                sent++;
            }
        }
        List<Validator> validators = consensus.currentValidators().validators();
        sent += sendMissing(peer, validators, consensus.heldVotes(VoteType.PREVOTE, round), theirs.getPrevotes());
        sent += sendMissing(peer, validators, consensus.heldVotes(VoteType.PRECOMMIT, round), theirs.getPrecommits());
        return sent;
    }

    private int sendMissing(String peer, List<Validator> validators, List<Vote> held, ByteString theirBits) {
        int sent = 0;
        for (Vote vote : held) {
            int index = indexOf(validators, vote.validator());
            if (index >= 0 && !isSet(theirBits, index)) {
                network.send(peer, Envelope.newBuilder().setVote(VoteCodec.toWire(vote)).build());
                sent++;
            }
        }
        return sent;
    }

    static ByteString bitmap(List<Validator> validators, List<Vote> votes) {
        byte[] bits = new byte[(validators.size() + 7) / 8];
        Set<String> voters = new HashSet<>();
        for (Vote vote : votes) {
            voters.add(vote.validator());
        }
        for (int i = 0; i < validators.size(); i++) {
            if (voters.contains(validators.get(i).id())) {
                bits[i / 8] |= (byte) (1 << (i % 8));
            }
        }
        return ByteString.copyFrom(bits);
    }

    static boolean isSet(ByteString bits, int index) {
        return index / 8 < bits.size() && ((bits.byteAt(index / 8) >> (index % 8)) & 1) == 1;
    }

    private static int indexOf(List<Validator> validators, String id) {
        for (int i = 0; i < validators.size(); i++) {
            if (validators.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
