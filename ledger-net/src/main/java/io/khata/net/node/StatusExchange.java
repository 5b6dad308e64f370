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
 *
 * <p>A proposal can be as large as a block, and a status costs its sender a few bytes, so the
 * answer is bounded: a proposal is encoded once however many peers ask for it, and sent to one
 * peer at most once per {@link #PROPOSAL_RESEND_MILLIS} (a peer that still lacks it asks again
 * after that; the rate of answered statuses per peer is bounded before they get here).
 */
final class StatusExchange {
    /** How often a node announces its status. */
    static final long INTERVAL_MILLIS = 1_000;
    /** The least time between two answers that send one peer the same proposal. */
    static final long PROPOSAL_RESEND_MILLIS = 3_000;

    private record Sent(long height, int round, io.khata.core.crypto.Hash blockHash, long atNanos) {
        boolean is(Proposal proposal) {
            return height == proposal.height() && round == proposal.round() && blockHash.equals(proposal.blockHash());
        }
    }

    private final Consensus consensus;
    private final PeerNetwork network;
    private final java.util.function.LongSupplier nanoTime;
    private final java.util.Map<String, java.util.List<Sent>> proposalsSent = new java.util.HashMap<>();
    private Proposal encodedFor;
    private Envelope encoded;

    StatusExchange(Consensus consensus, PeerNetwork network) {
        this(consensus, network, System::nanoTime);
    }

    StatusExchange(Consensus consensus, PeerNetwork network, java.util.function.LongSupplier nanoTime) {
        this.consensus = consensus;
        this.network = network;
        this.nanoTime = nanoTime;
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
                if (mayResend(peer, proposal)) {
                    network.send(peer, encode(proposal));
                    sent++;
                }
            }
        }
        List<Validator> validators = consensus.currentValidators().validators();
        sent += sendMissing(peer, validators, consensus.heldVotes(VoteType.PREVOTE, round), theirs.getPrevotes());
        sent += sendMissing(peer, validators, consensus.heldVotes(VoteType.PRECOMMIT, round), theirs.getPrecommits());
        return sent;
    }

    /** True (and noted) unless this proposal went to this peer less than {@link #PROPOSAL_RESEND_MILLIS} ago. */
    private boolean mayResend(String peer, Proposal proposal) {
        long now = nanoTime.getAsLong();
        java.util.List<Sent> sent = proposalsSent.computeIfAbsent(peer, p -> new java.util.ArrayList<>());
        sent.removeIf(earlier -> now - earlier.atNanos() >= PROPOSAL_RESEND_MILLIS * 1_000_000
                || earlier.height() != proposal.height());
        for (Sent earlier : sent) {
            if (earlier.is(proposal)) {
                return false;
            }
        }
        sent.add(new Sent(proposal.height(), proposal.round(), proposal.blockHash(), now));
        return true;
    }

    /** The proposal's envelope, encoded once for every peer that asks. */
    private Envelope encode(Proposal proposal) {
        if (encodedFor != proposal) {
            encoded = Envelope.newBuilder().setProposal(MessageCodec.toWire(proposal)).build();
            encodedFor = proposal;
        }
        return encoded;
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
