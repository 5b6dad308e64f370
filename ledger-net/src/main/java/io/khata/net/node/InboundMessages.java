package io.khata.net.node;

import io.khata.core.Limits;
import io.khata.core.Result;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteCodec;
import io.khata.net.consensus.Event;
import io.khata.net.consensus.Message;
import io.khata.net.consensus.MessageCodec;
import io.khata.net.consensus.Proposal;
import io.khata.net.mempool.Admission;
import io.khata.proto.BlockResponse;
import io.khata.proto.Envelope;
import com.google.protobuf.ByteString;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What peers send, routed: proposals and votes to the consensus thread, transactions to the
 * mempool (on the worker thread, since admission verifies signatures), block requests answered
 * from the ledger, block responses to sync. Bad input is counted and dropped, never thrown.
 */
final class InboundMessages implements PeerNetwork.Listener {
    private final Node node;
    private final ConsensusThread shell;
    private final ScheduledExecutorService workThread;
    private final Limits limits;

    InboundMessages(Node node, ConsensusThread shell, ScheduledExecutorService workThread) {
        this.node = node;
        this.shell = shell;
        this.workThread = workThread;
        this.limits = node.ledger().options().limits();
    }

    @Override
    public void onMessage(String fromMember, Envelope envelope) {
        if (node.isClosed()) {
            return;
        }
        switch (envelope.getMessageCase()) {
            case PROPOSAL: {
                Result<Proposal> proposal = MessageCodec.fromWire(envelope.getProposal(), limits);
                received(proposal.map(Message.OfProposal::new), fromMember);
                break;
            }
            case VOTE: {
                Result<Vote> vote = VoteCodec.fromWire(envelope.getVote(), "vote");
                received(vote.map(Message.OfVote::new), fromMember);
                break;
            }
            case EVIDENCE:
                received(VoteCodec.fromWire(envelope.getEvidence(), "evidence").map(Message.OfEvidence::new), fromMember);
                break;
            case TX_BATCH:
                execute(() -> admit(envelope.getTxBatch().getTxsList(), fromMember));
                break;
            case BLOCK_REQUEST:
                execute(() -> answerBlockRequest(fromMember, envelope.getBlockRequest().getFromHeight(),
                        envelope.getBlockRequest().getCount()));
                break;
            case BLOCK_RESPONSE:
                blockResponse(envelope.getBlockResponse(), fromMember);
                break;
            case STATUS:
                shell.statusReceived(fromMember, envelope.getStatus());
                break;
            default:
                break; // hello is the transport's business
        }
    }

    private void execute(Runnable task) {
        try {
            workThread.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private void received(Result<? extends Message> message, String fromMember) {
        if (message.isOk()) {
            shell.post(new Event.Received(message.value()));
        } else {
            node.metrics().rejected("peer:" + fromMember, message.rejection().code());
        }
    }

    private void admit(List<ByteString> txs, String fromMember) {
        for (ByteString bytes : txs) {
            Admission admission = node.mempool().offer(bytes.toByteArray());
            if (admission instanceof Admission.Accepted accepted) {
                node.gossip().enqueue(accepted.transaction(), fromMember);
            }
        }
    }

    private void answerBlockRequest(String peer, long fromHeight, int count) {
        BlockSync.answer(node.ledger(), fromHeight, count).ifPresent(answer -> node.network().send(peer, answer));
    }

    private void blockResponse(BlockResponse response, String fromMember) {
        Result<BlockSync.Batch> batch = BlockSync.decode(response, limits);
        if (batch.isOk()) {
            shell.synced(fromMember, batch.value().blocks(), batch.value().commits());
        } else {
            node.metrics().rejected("sync:" + fromMember, "malformed");
        }
    }
}
