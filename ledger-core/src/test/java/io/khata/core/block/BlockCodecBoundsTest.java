package io.khata.core.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.khata.core.Limits;
import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.Signature;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Block bytes from a peer: the size is judged before parsing, and a header carries nothing but its fields. */
class BlockCodecBoundsTest {
    private static final Limits SMALL = new Limits(4096, 8, 4, 64, 1024, 16, 4, 64, 4096);

    private static ByteString hash(int fill) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) fill);
        return ByteString.copyFrom(b);
    }

    private static io.khata.proto.BlockHeader.Builder header() {
        return io.khata.proto.BlockHeader.newBuilder()
                .setChainId("khata-test")
                .setHeight(1)
                .setPrevBlockHash(hash(1))
                .setTime(5)
                .setProposer("bank0")
                .setTxRoot(hash(2))
                .setStateRoot(hash(3))
                .setLastCommitHash(hash(4))
                .setValidatorsHash(hash(5))
                .setEvidenceHash(hash(6))
                .setNextValidatorsHash(hash(7));
    }

    @Test
    void bytesOverTheBlockLimitAreRefusedForTheirSizeBeforeAnyParsing() {
        // Not protobuf at all: only a size check made before parsing can say "too large" here.
        byte[] garbage = new byte[SMALL.blockBytesMax() + 1];
        Arrays.fill(garbage, (byte) 0xff);
        Rejection.TooLarge tooLarge = assertInstanceOf(Rejection.TooLarge.class, BlockCodec.decode(garbage, SMALL).rejection());
        assertEquals(SMALL.blockBytesMax() + 1, tooLarge.bytes());
        byte[] atLimit = Arrays.copyOf(garbage, SMALL.blockBytesMax());
        assertInstanceOf(Rejection.Malformed.class, BlockCodec.decode(atLimit, SMALL).rejection());
    }

    @Test
    void aHeaderDecodesItsFieldsExactly() {
        Result<BlockHeader> decoded = BlockCodec.decodeHeader(header().build().toByteArray());
        assertTrue(decoded.isOk(), () -> decoded.rejection().toString());
        BlockHeader h = decoded.value();
        assertEquals("khata-test", h.chainId());
        assertEquals(1, h.height());
        assertEquals(5, h.timeMillis());
        assertEquals("bank0", h.proposer());
        assertEquals(Hash.of(hash(1).toByteArray()), h.prevBlockHash());
        assertEquals(Hash.of(hash(7).toByteArray()), h.nextValidatorsHash());
    }

    @Test
    void aHeaderWithAFieldThisVersionDoesNotKnowIsRefused() {
        byte[] known = header().build().toByteArray();
        // Field 99, varint, value 1: a header that hashes differently from the one validated.
        byte[] unknown = Arrays.copyOf(known, known.length + 3);
        unknown[known.length] = (byte) 0x98;
        unknown[known.length + 1] = 0x06;
        unknown[known.length + 2] = 0x01;
        Result<BlockHeader> decoded = BlockCodec.decodeHeader(unknown);
        Rejection.Malformed malformed = assertInstanceOf(Rejection.Malformed.class, decoded.rejection());
        assertTrue(malformed.reason().contains("unknown"), malformed.toString());
    }

    @Test
    void aHeaderStartsAtHeightOneAndEveryHashIs32Bytes() {
        assertFalse(BlockCodec.decodeHeader(header().setHeight(0).build().toByteArray()).isOk());
        assertFalse(BlockCodec.decodeHeader(header().setHeight(Long.MIN_VALUE).build().toByteArray()).isOk());
        assertFalse(BlockCodec.decodeHeader(header().setTxRoot(ByteString.copyFrom(new byte[31])).build().toByteArray()).isOk());
        assertFalse(BlockCodec.decodeHeader(header().setNextValidatorsHash(ByteString.copyFrom(new byte[33])).build().toByteArray()).isOk());
        assertInstanceOf(Rejection.Malformed.class, BlockCodec.decodeHeader(new byte[] {(byte) 0xff}).rejection());
    }

    @Test
    void onlyAVoteWithoutABlockHashIsNil() {
        Signature zero = Signature.of(new byte[64]);
        assertTrue(new Vote(VoteType.PREVOTE, 1, 0, null, 0, "bank0", zero).isNil());
        assertFalse(new Vote(VoteType.PREVOTE, 1, 0, Hash.of(hash(1).toByteArray()), 0, "bank0", zero).isNil());
    }
}
