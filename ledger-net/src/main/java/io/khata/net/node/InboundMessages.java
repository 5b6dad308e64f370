package io.khata.net.node;

import com.google.protobuf.ByteString;
import io.khata.core.Limits;
import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.block.VoteCodec;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.Sha256;
import io.khata.net.consensus.Event;
import io.khata.net.consensus.Message;
import io.khata.net.consensus.MessageCodec;
import io.khata.net.mempool.Admission;
import io.khata.proto.BlockRequest;
import io.khata.proto.BlockResponse;
import io.khata.proto.Envelope;
import io.khata.proto.Status;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * What peers send, routed: proposals, votes, evidence and status catch-ups to the consensus
 * thread, transactions and block requests to the worker thread (admission verifies signatures,
 * answers read the store), block responses to sync. Runs on the network's threads and never
 * blocks them. Every peer may be hostile, so:
 * <ul>
 *   <li>everything bound for a node thread goes through {@link FairLanes}: bounded per peer and
 *       in all, served in turn, so one noisy peer never starves another's consensus messages;
 *       a copy of a message still queued from the same peer, or of a proposal it sent within the
 *       last {@link #PROPOSAL_REPLAY_WINDOW_MILLIS}, is dropped before it is decoded;</li>
 *   <li>status catch-ups and block requests, whose answers cost far more than the asking, are
 *       rate-limited per peer ({@link RequestBudget}); a peer far over the rate is disconnected
 *       with backoff and counted as a fault;</li>
 *   <li>a block response that answers no request this node sent is dropped unread and counted;</li>
 *   <li>a transaction whose exact bytes already failed their signature or structure checks is
 *       dropped for the cost of one hash.</li>
 * </ul>
 * Bad input is counted ({@code khata_rejected}) and dropped, never thrown.
 */
final class InboundMessages implements PeerNetwork.Listener {
    /** How long a proposal a peer sent is recognised as a replay when it sends it again. */
    static final long PROPOSAL_REPLAY_WINDOW_MILLIS = 2_000;
    /** The key under which a queued status stands for any later one from the same peer. */
    private static final Object STATUS_KEY = new Object();

    /** A proposal's identity, computed from the wire without decoding the block. */
    private record ProposalKey(long height, int round, int validRoundPlusOne, String proposer, Hash header,
                               ByteString signature) {
    }

    private final Node node;
    private final ConsensusThread shell;
    private final Limits limits;
    private final FairLanes consensusLanes;
    private final FairLanes workLanes;
    private final RequestBudget statusBudget;
    private final RequestBudget blockRequestBudget;
    private final RequestBudget unsolicitedBudget;
    private final BoundedHashSet<Hash> badTransactions;
    private final long syncResponseBytesMax;
    private final RecentKeys recentProposals = new RecentKeys(PROPOSAL_REPLAY_WINDOW_MILLIS, 64, System::nanoTime);

    InboundMessages(Node node, ConsensusThread shell, Executor consensusThread, Executor workThread) {
        this(node, shell, consensusThread, workThread, InboundBounds.of(node.ledger().options().limits()));
    }

    InboundMessages(Node node, ConsensusThread shell, Executor consensusThread, Executor workThread,
                    InboundBounds bounds) {
        this.node = node;
        this.shell = shell;
        this.limits = node.ledger().options().limits();
        this.consensusLanes = new FairLanes("consensus", consensusThread, bounds.consensusBytesPerPeerMax(),
                bounds.consensusMessagesPerPeerMax(), bounds.consensusBytesMax());
        this.workLanes = new FairLanes("work", workThread, bounds.workBytesPerPeerMax(), bounds.workItemsPerPeerMax(),
                bounds.workBytesMax());
        this.statusBudget = new RequestBudget(bounds.statusPerSecond(), 4, bounds.toleranceFactor(), System::nanoTime);
        this.blockRequestBudget = new RequestBudget(bounds.blockRequestsPerSecond(), 16, bounds.toleranceFactor(),
                System::nanoTime);
        this.unsolicitedBudget = new RequestBudget(bounds.unsolicitedPerSecond(), 2, bounds.toleranceFactor(),
                System::nanoTime);
        this.badTransactions = new BoundedHashSet<>(bounds.badTransactionsRemembered());
        this.syncResponseBytesMax = bounds.syncResponseBytesMax();
    }

    @Override
    public void onMessage(String fromMember, Envelope envelope) {
        if (node.isClosed()) {
            return;
        }
        if (ObserverInbound.refused(fromMember, envelope)) {
            node.observerMessageDropped();
            return;
        }
        switch (envelope.getMessageCase()) {
            case PROPOSAL:
                proposal(fromMember, envelope.getProposal());
                break;
            case VOTE: {
                io.khata.proto.Vote wire = envelope.getVote();
                consensus(fromMember, wire, wire.getSerializedSize(),
                        () -> VoteCodec.fromWire(wire, "vote").map(Message.OfVote::new));
                break;
            }
            case EVIDENCE: {
                io.khata.proto.Evidence wire = envelope.getEvidence();
                consensus(fromMember, wire, wire.getSerializedSize(),
                        () -> VoteCodec.fromWire(wire, "evidence").map(Message.OfEvidence::new));
                break;
            }
            case TX_BATCH:
                work(fromMember, null, envelope.getTxBatch().getSerializedSize(),
                        () -> admit(envelope.getTxBatch().getTxsList(), fromMember));
                break;
            case BLOCK_REQUEST:
                blockRequest(fromMember, envelope.getBlockRequest());
                break;
            case BLOCK_RESPONSE:
                blockResponse(envelope.getBlockResponse(), fromMember);
                break;
            case STATUS:
                status(fromMember, envelope.getStatus());
                break;
            default:
                break; // hello is the transport's business
        }
    }

    @Override
    public void onPeerDisconnected(String memberId) {
        consensusLanes.clear(memberId);
        workLanes.clear(memberId);
        recentProposals.forget(memberId);
    }

    /** A proposal is recognised as a copy from its header hash and signature, before its block is decoded. */
    private void proposal(String fromMember, io.khata.proto.Proposal wire) {
        ProposalKey key = new ProposalKey(wire.getHeight(), wire.getRound(), wire.getValidRoundPlusOne(),
                wire.getProposer(), Sha256.hash(wire.getBlock().getHeader().toByteArray()), wire.getSignature());
        if (recentProposals.seen(fromMember, key)) {
            node.metrics().rejected("peer:" + fromMember, "duplicate");
            return;
        }
        if (consensus(fromMember, key, wire.getSerializedSize(),
                () -> MessageCodec.fromWire(wire, limits).map(Message.OfProposal::new))) {
            recentProposals.remember(fromMember, key);
        }
    }

    /**
     * Queues a consensus message for the consensus thread; it is decoded when its turn comes,
     * so a dropped copy was never decoded at all.
     */
    private boolean consensus(String fromMember, Object key, long bytes,
                              java.util.function.Supplier<Result<? extends Message>> decode) {
        FairLanes.Outcome outcome = consensusLanes.offer(fromMember, key, bytes, () -> {
            Result<? extends Message> message = decode.get();
            if (message.isOk()) {
                shell.handleHere(new Event.Received(message.value()));
            } else {
                node.metrics().rejected("peer:" + fromMember, message.rejection().code());
            }
        });
        counted(fromMember, outcome);
        return outcome == FairLanes.Outcome.QUEUED;
    }

    private void work(String fromMember, Object key, long bytes, Runnable task) {
        counted(fromMember, workLanes.offer(fromMember, key, bytes, task));
    }

    private void counted(String fromMember, FairLanes.Outcome outcome) {
        if (outcome == FairLanes.Outcome.DUPLICATE) {
            node.metrics().rejected("peer:" + fromMember, "duplicate");
        } else if (outcome == FairLanes.Outcome.FULL) {
            node.metrics().rejected("peer:" + fromMember, "queue_full");
        }
    }

    private void status(String fromMember, Status status) {
        if (charged(statusBudget, fromMember, "status")) {
            node.peerHeightReported(fromMember, status.getHeight());
            consensusLanes.offer(fromMember, STATUS_KEY, status.getSerializedSize(),
                    () -> shell.statusReceivedHere(fromMember, status));
        }
    }

    private void blockRequest(String fromMember, BlockRequest request) {
        if (charged(blockRequestBudget, fromMember, "block_request")) {
            work(fromMember, request, request.getSerializedSize(),
                    () -> answerBlockRequest(fromMember, request.getFromHeight(), request.getCount()));
        }
    }

    /** True if the request is to be served; a peer far over its budget is disconnected. */
    private boolean charged(RequestBudget budget, String fromMember, String what) {
        RequestBudget.Verdict verdict = budget.charge(fromMember);
        if (verdict == RequestBudget.Verdict.SERVE) {
            return true;
        }
        node.metrics().rejected("peer:" + fromMember, what + "_over_rate");
        if (verdict == RequestBudget.Verdict.DISCONNECT) {
            node.network().disconnect(fromMember, what + " far over its rate");
        }
        return false;
    }

    private void admit(List<ByteString> txs, String fromMember) {
        for (ByteString bytes : txs) {
            byte[] encoded = bytes.toByteArray();
            Hash exact = Sha256.hash(encoded);
            if (badTransactions.contains(exact)) {
                node.metrics().rejected("peer:" + fromMember, "known_bad");
                continue;
            }
            Admission admission = node.mempool().offer(encoded);
            if (admission instanceof Admission.Accepted accepted) {
                node.gossip().enqueue(accepted.transaction(), fromMember);
            } else if (admission instanceof Admission.Refused refused) {
                node.metrics().rejected("peer:" + fromMember, refused.reason().code());
                if (failsWhateverTheState(refused.reason())) {
                    badTransactions.add(exact);
                }
            }
        }
    }

    /**
     * Rejections that depend only on the exact bytes, so the same bytes fail again however the
     * ledger moves on: remembering them is safe. (The hash is of the whole encoding, signatures
     * included: a peer cannot get a good transaction refused by sending its body with a bad signature.)
     */
    static boolean failsWhateverTheState(Rejection reason) {
        return reason instanceof Rejection.BadSignature || reason instanceof Rejection.NonCanonicalSignature
                || reason instanceof Rejection.DuplicateSigner || reason instanceof Rejection.Malformed
                || reason instanceof Rejection.TooLarge || reason instanceof Rejection.WrongChain;
    }

    /** Answers from the ledger, within this node's byte budget for one answer. */
    private void answerBlockRequest(String peer, long fromHeight, int count) {
        BlockSync.answer(node.ledger(), fromHeight, count, syncResponseBytesMax)
                .ifPresent(answer -> node.network().send(peer, answer));
    }

    /** A block response is read only as the answer to a request this node sent; a malformed one is refused whole. */
    private void blockResponse(BlockResponse response, String fromMember) {
        if (!node.syncRequests().answered(fromMember)) {
            node.metrics().rejected("sync:" + fromMember, "unsolicited");
            if (unsolicitedBudget.charge(fromMember) == RequestBudget.Verdict.DISCONNECT) {
                node.network().disconnect(fromMember, "unsolicited block responses");
            }
            return;
        }
        Result<BlockSync.Batch> batch = BlockSync.decode(response, limits);
        if (batch.isOk()) {
            shell.synced(fromMember, batch.value().blocks(), batch.value().commits());
        } else {
            node.metrics().rejected("sync:" + fromMember, "malformed");
        }
    }

    /** Messages dropped because a lane was full, and evicted to make room, since start (for tests). */
    long consensusDropped() {
        return consensusLanes.dropped() + consensusLanes.evicted();
    }

    long consensusQueuedBytes() {
        return consensusLanes.bytes();
    }
}
