package io.khata.net.consensus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.khata.core.Limits;
import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.block.BlockCodec;
import io.khata.core.crypto.KeyPair;
import org.junit.jupiter.api.Test;

/**
 * Consensus messages as a peer sends them: the kind byte, the size bound judged before parsing,
 * and every structural rule of a proposal at its boundary (the last value accepted, the first refused).
 */
class MessageCodecBoundsTest {
    private static final KeyPair KEY = KeyPair.fromSeed(new byte[32]);
    private static final Limits LIMITS = Limits.DEFAULT;

    private static io.khata.proto.Proposal.Builder proposal(long height, int round, int validRound) {
        Block block = Harness.block(height, "p");
        Proposal signed = Proposal.sign(Harness.CHAIN, height, round, validRound, block, "bank-1", KEY);
        return MessageCodec.toWire(signed).toBuilder();
    }

    private static Result<Proposal> decode(io.khata.proto.Proposal.Builder wire) {
        return MessageCodec.fromWire(wire.build(), LIMITS);
    }

    private static void refused(Result<?> result, String field) {
        assertTrue(!result.isOk(), "accepted, expected a refusal of " + field);
        assertTrue(result.rejection().toString().contains(field), result.rejection().toString());
    }

    @Test
    void aProposalSurvivesItsBytesWithItsValidRoundAndBlock() {
        Proposal p = Proposal.sign(Harness.CHAIN, 3, 2, 1, Harness.block(3, "x"), "bank-1", KEY);
        Message decoded = MessageCodec.decode(MessageCodec.encode(new Message.OfProposal(p)), LIMITS).value();
        Proposal back = assertInstanceOf(Message.OfProposal.class, decoded).proposal();
        assertEquals(3, back.height());
        assertEquals(2, back.round());
        assertEquals(1, back.validRound());
        assertEquals(p.block().hash(), back.block().hash());
        assertEquals("bank-1", back.proposer());
        assertEquals(p.signature(), back.signature());
        assertEquals(-1, decode(proposal(1, 0, -1)).value().validRound());
    }

    @Test
    void theKindByteSaysWhatFollowsAndAnEmptyOrUnknownMessageIsRefused() {
        assertInstanceOf(Rejection.Malformed.class, MessageCodec.decode(new byte[0], LIMITS).rejection());
        byte[] proposalBytes = MessageCodec.encode(new Message.OfProposal(decode(proposal(1, 0, -1)).value()));
        assertEquals(MessageCodec.PROPOSAL, proposalBytes[0]);
        byte[] asVote = proposalBytes.clone();
        asVote[0] = MessageCodec.VOTE;
        assertTrue(!MessageCodec.decode(asVote, LIMITS).isOk());
        byte[] unknown = proposalBytes.clone();
        unknown[0] = 4;
        Rejection.Malformed malformed = assertInstanceOf(Rejection.Malformed.class, MessageCodec.decode(unknown, LIMITS).rejection());
        assertTrue(malformed.reason().contains("unknown kind 4"), malformed.reason());
        assertInstanceOf(Rejection.Malformed.class, MessageCodec.decode(new byte[] {MessageCodec.EVIDENCE, (byte) 0xff}, LIMITS).rejection());
    }

    @Test
    void aMessageMayBeABlockAndAKibibyteAndNotOneByteMoreJudgedBeforeParsing() {
        Limits small = new Limits(4096, 8, 4, 64, 2048, 16, 4, 64, 4096);
        int max = small.blockBytesMax() + 1024;
        // Bytes that do not parse: only a size check made before parsing can call them too large.
        byte[] over = new byte[max + 1];
        java.util.Arrays.fill(over, (byte) 0xff);
        over[0] = MessageCodec.VOTE;
        Rejection.TooLarge tooLarge = assertInstanceOf(Rejection.TooLarge.class, MessageCodec.decode(over, small).rejection());
        assertEquals(max + 1, tooLarge.bytes());
        assertEquals(max, tooLarge.bytesMax());
        byte[] atMax = java.util.Arrays.copyOf(over, max);
        assertInstanceOf(Rejection.Malformed.class, MessageCodec.decode(atMax, small).rejection());
    }

    @Test
    void theHeightStartsAtOneAndTheRoundStaysBelow2To30() {
        refused(decode(proposal(1, 0, -1).setHeight(0)), "proposal.height");
        refused(decode(proposal(1, 0, -1).setHeight(Long.MIN_VALUE)), "proposal.height");
        int roundMax = Integer.MAX_VALUE / 2;
        assertEquals(roundMax, decode(proposal(1, roundMax, -1)).value().round());
        refused(decode(proposal(1, 0, -1).setRound(roundMax + 1)), "proposal.round");
        refused(decode(proposal(1, 0, -1).setRound(-1)), "proposal.round");
    }

    @Test
    void theValidRoundIsMinusOneOrBelowTheRound() {
        assertEquals(4, decode(proposal(1, 5, 4)).value().validRound());
        refused(decode(proposal(1, 5, 4).setValidRoundPlusOne(6)), "proposal.valid_round");
        refused(decode(proposal(1, 5, 4).setValidRoundPlusOne(7)), "proposal.valid_round");
        assertEquals(-1, decode(proposal(1, 5, 4).setValidRoundPlusOne(0)).value().validRound());
        // In round 0 nothing can have been valid before.
        refused(decode(proposal(1, 0, -1).setValidRoundPlusOne(1)), "proposal.valid_round");
        // A carried value that wraps around when the offset is taken off is refused, not read as a huge round.
        refused(decode(proposal(1, 5, 4).setValidRoundPlusOne(Integer.MIN_VALUE)), "proposal.valid_round");
    }

    @Test
    void aProposalCarriesA64ByteSignatureAndABlockOfItsOwnHeight() {
        refused(decode(proposal(1, 0, -1).setSignature(ByteString.copyFrom(new byte[63]))), "proposal.signature");
        refused(decode(proposal(1, 0, -1).setSignature(ByteString.copyFrom(new byte[65]))), "proposal.signature");
        Rejection.Malformed noBlock = assertInstanceOf(Rejection.Malformed.class,
                decode(proposal(1, 0, -1).clearBlock()).rejection());
        assertTrue(noBlock.reason().contains("no block"), noBlock.reason());
        refused(decode(proposal(1, 0, -1).setHeight(2)), "proposal.block.height");
        io.khata.proto.Block tooBig = BlockCodec.toWire(Harness.block(1, "big")).toBuilder()
                .setHeader(ByteString.copyFrom(new byte[LIMITS.blockBytesMax()])).build();
        assertInstanceOf(Rejection.TooLarge.class, decode(proposal(1, 0, -1).setBlock(tooBig)).rejection());
    }

    @Test
    void encodingPrefixesTheKindToTheProtobufBody() {
        Proposal p = decode(proposal(2, 1, 0)).value();
        byte[] bytes = MessageCodec.encode(new Message.OfProposal(p));
        byte[] body = MessageCodec.toWire(p).toByteArray();
        assertEquals(body.length + 1, bytes.length);
        assertArrayEquals(body, java.util.Arrays.copyOfRange(bytes, 1, bytes.length));
    }
}
