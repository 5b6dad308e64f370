package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.khata.net.consensus.SignState;
import io.khata.net.consensus.Step;
import io.khata.proto.Envelope;
import io.khata.proto.Status;
import io.khata.proto.TxBatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An observer's two guards on its own side: its sign-state reads as "never signed" and refuses
 * any write (a write would mean its consensus tried to sign: the shell halts the node), and its
 * shell's network lets status and transactions out but never a proposal, vote or evidence. And
 * the guard on every node's side: what comes from an observer's connection is judged by kind.
 */
class ObserverSigningTest {
    @Test
    void anObserverHasNoSignStateToWrite() {
        SignStateFile file = NoSignState.file();
        assertEquals(SignState.NONE, file.load());
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> file.save(new SignState(1, 0, Step.PREVOTE, -1, null)));
        assertTrue(refused.getMessage().contains("never signs"), refused.getMessage());
        file.close();
    }

    @Test
    void anObserversShellSendsStatusAndTransactionsButNoConsensusMessage() {
        List<Envelope> sent = new ArrayList<>();
        PeerNetwork recording = new PeerNetwork() {
            @Override
            public void start(Listener listener) {
            }

            @Override
            public void broadcast(Envelope envelope) {
                sent.add(envelope);
            }

            @Override
            public void send(String memberId, Envelope envelope) {
                sent.add(envelope);
            }

            @Override
            public List<String> connectedPeers() {
                return List.of("bank0");
            }

            @Override
            public void close() {
            }
        };
        ObserverOutbound outbound = new ObserverOutbound(recording);
        Envelope status = Envelope.newBuilder().setStatus(Status.newBuilder().setHeight(3)).build();
        Envelope txs = Envelope.newBuilder().setTxBatch(TxBatch.newBuilder().addTxs(ByteString.copyFromUtf8("tx"))).build();
        Envelope vote = Envelope.newBuilder().setVote(io.khata.proto.Vote.newBuilder().setHeight(3)).build();
        Envelope proposal = Envelope.newBuilder().setProposal(io.khata.proto.Proposal.newBuilder().setHeight(3)).build();
        Envelope evidence = Envelope.newBuilder().setEvidence(io.khata.proto.Evidence.getDefaultInstance()).build();
        outbound.broadcast(status);
        outbound.send("bank0", txs);
        outbound.broadcast(vote);
        outbound.send("bank0", proposal);
        outbound.broadcast(evidence);
        assertEquals(List.of(status, txs), sent);
        assertEquals(3, outbound.withheld());

        String observer = "observer:bank0:obs";
        assertTrue(ObserverInbound.refused(observer, vote));
        assertTrue(ObserverInbound.refused(observer, proposal));
        assertTrue(ObserverInbound.refused(observer, evidence));
        assertTrue(ObserverInbound.refused(observer, Envelope.newBuilder()
                .setBlockResponse(io.khata.proto.BlockResponse.getDefaultInstance()).build()));
        assertEquals(false, ObserverInbound.refused(observer, txs));
        assertEquals(false, ObserverInbound.refused(observer, status));
        assertEquals(false, ObserverInbound.refused("bank1", vote), "a member's vote is consensus's to judge");
    }
}
