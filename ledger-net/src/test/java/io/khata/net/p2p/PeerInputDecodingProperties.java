package io.khata.net.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.khata.core.Limits;
import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.Commit;
import io.khata.core.block.Evidence;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteCodec;
import io.khata.core.block.VoteType;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.KeyPair;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.TestChain;
import io.khata.core.testing.Generator;
import io.khata.core.testing.Mutations;
import io.khata.core.testing.SeededProperty;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxCodec;
import io.khata.net.consensus.Message;
import io.khata.net.consensus.MessageCodec;
import io.khata.net.consensus.Proposal;
import io.khata.proto.BlockRequest;
import io.khata.proto.BlockResponse;
import io.khata.proto.BlockWithCommit;
import io.khata.proto.Envelope;
import io.khata.proto.Hello;
import io.khata.proto.Status;
import io.khata.proto.TxBatch;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Whatever a peer sends after the handshake: the frame's {@link Envelope} decodes or is refused
 * with {@link InvalidProtocolBufferException} (the one exception {@link Frames#decode} documents,
 * which the session turns into a {@code MALFORMED_FRAME} fault), and every message it carries
 * then decodes to a value or a typed {@link Rejection} through the same codecs the node uses
 * (consensus messages, evidence, transaction batches, block sync). The consensus message codec
 * is checked on its own bytes too. No input may throw anything else.
 */
class PeerInputDecodingProperties {
    private static final Limits LIMITS = Limits.DEFAULT;
    private static final Samples SAMPLES = Samples.build();

    /** Valid envelopes of every kind, and the consensus messages as {@link MessageCodec} encodes them. */
    private record Samples(List<byte[]> envelopes, List<byte[]> consensusMessages) {
        static Samples build() {
            TestGenesis fixture = TestGenesis.of(4);
            try (Ledger ledger = Ledger.inMemory(fixture.genesis())) {
                TestChain chain = new TestChain(fixture, ledger);
                List<Transaction> txs = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    txs.add(chain.transfer(TestGenesis.PKR, TestGenesis.treasury(i), TestGenesis.treasury(i + 1), 10 + i));
                }
                chain.commitNext(List.of(txs.get(0)));
                chain.commitNext(List.of(txs.get(1)));
                Block next = chain.build(List.of(txs.get(2))).block();
                KeyPair proposerKey = fixture.validatorKeys().get(TestGenesis.bank(0));
                Proposal proposal = Proposal.sign(ledger.chainId(), 3, 1, 0, next, TestGenesis.bank(0), proposerKey);
                Commit commit = ledger.commit(2).orElseThrow();
                Vote vote = commit.votes().get(1);
                Evidence evidence = equivocation(fixture, ledger.chainId());

                BlockResponse.Builder response = BlockResponse.newBuilder();
                for (long height = 1; height <= 2; height++) {
                    response.addBlocks(BlockWithCommit.newBuilder()
                            .setBlock(BlockCodec.toWire(ledger.block(height).orElseThrow()))
                            .setCommit(VoteCodec.toWire(ledger.commit(height).orElseThrow())));
                }
                TxBatch.Builder batch = TxBatch.newBuilder();
                txs.forEach(tx -> batch.addTxs(ByteString.copyFrom(tx.encode())));
                List<Envelope> envelopes = List.of(
                        Envelope.newBuilder().setHello(Hello.newBuilder().setMemberId(TestGenesis.bank(1))
                                .setChainId(ledger.chainId()).setHeight(2)).build(),
                        Envelope.newBuilder().setProposal(MessageCodec.toWire(proposal)).build(),
                        Envelope.newBuilder().setVote(VoteCodec.toWire(vote)).build(),
                        Envelope.newBuilder().setEvidence(VoteCodec.toWire(evidence)).build(),
                        Envelope.newBuilder().setTxBatch(batch).build(),
                        Envelope.newBuilder().setStatus(Status.newBuilder().setHeight(2).setRound(1).setHasProposal(true)
                                .setPrevotes(ByteString.copyFrom(new byte[] {0x0f})).setPrecommits(ByteString.copyFrom(new byte[] {0x07}))).build(),
                        Envelope.newBuilder().setBlockRequest(BlockRequest.newBuilder().setFromHeight(1).setCount(2)).build(),
                        Envelope.newBuilder().setBlockResponse(response).build());
                List<byte[]> consensus = List.of(MessageCodec.encode(new Message.OfProposal(proposal)),
                        MessageCodec.encode(new Message.OfVote(vote)), MessageCodec.encode(new Message.OfEvidence(evidence)));
                return new Samples(envelopes.stream().map(Envelope::toByteArray).toList(), consensus);
            }
        }

        private static Evidence equivocation(TestGenesis fixture, String chainId) {
            KeyPair key = fixture.validatorKeys().get(TestGenesis.bank(3));
            byte[] other = new byte[Hash.BYTES];
            other[31] = 7;
            Vote first = Vote.sign(VoteType.PREVOTE, chainId, 2, 0, null, 0, TestGenesis.bank(3), key);
            Vote second = Vote.sign(VoteType.PREVOTE, chainId, 2, 0, Hash.of(other), 0, TestGenesis.bank(3), key);
            return new Evidence(first, second).normalized();
        }

        byte[] any(SplittableRandom random) {
            return random.nextInt(envelopes.size() + consensusMessages.size()) < envelopes.size()
                    ? envelopes.get(random.nextInt(envelopes.size()))
                    : consensusMessages.get(random.nextInt(consensusMessages.size()));
        }
    }

    /** The frame body as the session decodes it, then its message as the node decodes it; true if all decoded. */
    static boolean decodeAsTheNodeDoes(byte[] body) {
        Envelope envelope;
        try {
            envelope = Frames.decode(Unpooled.wrappedBuffer(body));
        } catch (InvalidProtocolBufferException refused) {
            return false;
        }
        switch (envelope.getMessageCase()) {
            case PROPOSAL:
                return answered(MessageCodec.fromWire(envelope.getProposal(), LIMITS));
            case VOTE:
                return answered(VoteCodec.fromWire(envelope.getVote(), "vote"));
            case EVIDENCE:
                return answered(VoteCodec.fromWire(envelope.getEvidence(), "evidence"));
            case TX_BATCH: {
                boolean all = true;
                for (ByteString tx : envelope.getTxBatch().getTxsList()) {
                    all &= answered(TxCodec.decode(tx.toByteArray(), LIMITS));
                }
                return all;
            }
            case BLOCK_RESPONSE: {
                boolean all = true;
                for (BlockWithCommit entry : envelope.getBlockResponse().getBlocksList()) {
                    all &= answered(BlockCodec.fromWire(entry.getBlock(), LIMITS));
                    all &= answered(VoteCodec.fromWire(entry.getCommit(), "commit", BlockCodec.COMMIT_SIGNATURES_MAX));
                }
                return all;
            }
            default:
                return true; // hello, status and block request are plain numbers and strings
        }
    }

    private static boolean answered(Result<?> result) {
        assertNotNull(result);
        return result.isOk();
    }

    /** Both ways a peer's bytes are read: as a frame body and as a consensus message. */
    private static void decodeEveryWay(byte[] bytes) {
        decodeAsTheNodeDoes(bytes);
        assertNotNull(MessageCodec.decode(bytes, LIMITS));
    }

    // ------------------------------------------------------------------ properties

    @Test
    void theSamplesDecode() {
        for (byte[] envelope : SAMPLES.envelopes()) {
            assertTrue(decodeAsTheNodeDoes(envelope));
        }
        for (byte[] message : SAMPLES.consensusMessages()) {
            Result<Message> result = MessageCodec.decode(message, LIMITS);
            assertTrue(result.isOk(), () -> String.valueOf(result.rejection()));
        }
    }

    @TestFactory
    Stream<DynamicTest> randomBytesAreAnsweredOrRefused() {
        return SeededProperty.forAll(200, Generator.bytes(2048), PeerInputDecodingProperties::decodeEveryWay);
    }

    @Test
    void everyTruncationIsAnsweredOrRefused() {
        for (byte[] sample : SAMPLES.envelopes()) {
            Mutations.truncations(sample).forEach(PeerInputDecodingProperties::decodeEveryWay);
        }
        for (byte[] sample : SAMPLES.consensusMessages()) {
            Mutations.truncations(sample).forEach(PeerInputDecodingProperties::decodeEveryWay);
        }
    }

    @TestFactory
    Stream<DynamicTest> singleByteChangesAreAnsweredOrRefused() {
        return SeededProperty.cases(250, random -> decodeEveryWay(Mutations.oneByteChanged(SAMPLES.any(random), random)));
    }

    @TestFactory
    Stream<DynamicTest> appendedBytesAreAnsweredOrRefused() {
        return SeededProperty.cases(100,
                random -> decodeEveryWay(Mutations.extended(SAMPLES.any(random), 1 + random.nextInt(32), random)));
    }

    @Test
    void aConsensusMessageOverTheBlockLimitIsTooLargeBeforeItIsParsed() {
        Limits small = new Limits(LIMITS.txBytesMax(), LIMITS.operationsPerTxMax(), LIMITS.signaturesPerTxMax(),
                LIMITS.memoBytesMax(), 4096, LIMITS.txsPerBlockMax(), LIMITS.evidencePerBlockMax(),
                LIMITS.identifierBytesMax(), LIMITS.genesisBytesMax());
        byte[] proposal = Mutations.extended(SAMPLES.consensusMessages().get(0), 4096 + 1024, new SplittableRandom(3));
        Result<Message> result = MessageCodec.decode(proposal, small);
        assertFalse(result.isOk());
        assertInstanceOf(Rejection.TooLarge.class, result.rejection());
        assertEquals(new Rejection.Malformed("consensus message", "empty"), MessageCodec.decode(new byte[0], LIMITS).rejection());
    }
}
