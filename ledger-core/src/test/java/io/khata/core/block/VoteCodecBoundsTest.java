package io.khata.core.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.khata.core.Rejection;
import io.khata.core.Result;
import org.junit.jupiter.api.Test;

/**
 * The structural rules a vote, a commit and a piece of evidence must meet before anything is
 * verified, each at its boundary: the last value accepted and the first refused. A peer sends
 * these bytes, so every refusal is a typed rejection naming the field.
 */
class VoteCodecBoundsTest {
    /** The highest round a vote may carry: 2^30 - 1, so that round arithmetic never overflows an int. */
    private static final int ROUND_MAX = Integer.MAX_VALUE / 2;

    private static ByteString bytes(int length, int fill) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) fill);
        return ByteString.copyFrom(b);
    }

    private static io.khata.proto.Vote.Builder vote() {
        return io.khata.proto.Vote.newBuilder()
                .setType(io.khata.proto.VoteType.PRECOMMIT)
                .setHeight(1)
                .setRound(0)
                .setBlockHash(bytes(32, 7))
                .setTime(0)
                .setValidator("bank0")
                .setSignature(bytes(64, 1));
    }

    private static Result<Vote> decode(io.khata.proto.Vote.Builder wire) {
        return VoteCodec.fromWire(wire.build(), "vote");
    }

    private static void refused(Result<?> result, String field) {
        assertTrue(!result.isOk(), "accepted, expected a refusal of " + field);
        String text = result.rejection().toString();
        assertTrue(text.contains(field), text);
    }

    @Test
    void aVoteAtEveryLowerBoundIsAccepted() {
        Result<Vote> decoded = decode(vote());
        assertTrue(decoded.isOk(), () -> decoded.rejection().toString());
        Vote v = decoded.value();
        assertEquals(VoteType.PRECOMMIT, v.type());
        assertEquals(1, v.height());
        assertEquals(0, v.round());
        assertEquals(0, v.timeMillis());
        assertEquals("bank0", v.validator());
        assertEquals(VoteType.PREVOTE, decode(vote().setType(io.khata.proto.VoteType.PREVOTE)).value().type());
    }

    @Test
    void theTypeMustBePrevoteOrPrecommit() {
        refused(decode(vote().setType(io.khata.proto.VoteType.VOTE_TYPE_UNSPECIFIED)), "vote.type");
        refused(decode(vote().setTypeValue(9)), "vote.type");
    }

    @Test
    void theRoundIsAcceptedUpTo2To30MinusOneAndRefusedAboveOrWhenItReadsNegative() {
        assertEquals(ROUND_MAX, decode(vote().setRound(ROUND_MAX)).value().round());
        refused(decode(vote().setRound(ROUND_MAX + 1)), "vote.round");
        // uint32 2^31 and above read as a negative int.
        refused(decode(vote().setRound(Integer.MIN_VALUE)), "vote.round");
        refused(decode(vote().setRound(-1)), "vote.round");
    }

    @Test
    void theHeightStartsAtOne() {
        refused(decode(vote().setHeight(0)), "vote.height");
        // uint64 2^63 and above read as a negative long.
        refused(decode(vote().setHeight(Long.MIN_VALUE)), "vote.height");
        assertEquals(Long.MAX_VALUE, decode(vote().setHeight(Long.MAX_VALUE)).value().height());
    }

    @Test
    void theBlockHashIsEmptyForNilOrExactly32Bytes() {
        assertNull(decode(vote().setBlockHash(ByteString.EMPTY)).value().blockHash());
        assertTrue(decode(vote().setBlockHash(ByteString.EMPTY)).value().isNil());
        assertEquals(32, decode(vote()).value().blockHash().toByteArray().length);
        refused(decode(vote().setBlockHash(bytes(31, 7))), "vote.block_hash");
        refused(decode(vote().setBlockHash(bytes(33, 7))), "vote.block_hash");
        refused(decode(vote().setBlockHash(bytes(1, 7))), "vote.block_hash");
    }

    @Test
    void theTimeIsAcceptedUpTo2To63MinusOne() {
        assertEquals(Long.MAX_VALUE, decode(vote().setTime(Long.MAX_VALUE)).value().timeMillis());
        refused(decode(vote().setTime(Long.MIN_VALUE)), "vote.time");
        refused(decode(vote().setTime(-1)), "vote.time");
    }

    @Test
    void theValidatorIsNamedAndTheSignatureIs64Bytes() {
        refused(decode(vote().setValidator("")), "vote.validator");
        refused(decode(vote().setSignature(bytes(63, 1))), "vote.signature");
        refused(decode(vote().setSignature(bytes(65, 1))), "vote.signature");
        refused(decode(vote().setSignature(ByteString.EMPTY)), "vote.signature");
    }

    private static io.khata.proto.Commit.Builder commit(int signatures) {
        io.khata.proto.Commit.Builder wire = io.khata.proto.Commit.newBuilder()
                .setHeight(1)
                .setRound(0)
                .setBlockHash(bytes(32, 9));
        for (int i = 0; i < signatures; i++) {
            wire.addSignatures(io.khata.proto.CommitSig.newBuilder()
                    .setValidator("bank" + i)
                    .setTime(i)
                    .setSignature(bytes(64, i)));
        }
        return wire;
    }

    private static Result<Commit> decode(io.khata.proto.Commit.Builder wire, int signaturesMax) {
        return VoteCodec.fromWire(wire.build(), "commit", signaturesMax);
    }

    @Test
    void aCommitHoldsAtMostItsSignatureLimit() {
        Result<Commit> atLimit = decode(commit(4), 4);
        assertTrue(atLimit.isOk(), () -> atLimit.rejection().toString());
        Commit c = atLimit.value();
        assertEquals(4, c.signatures().size());
        for (int i = 0; i < 4; i++) {
            assertEquals("bank" + i, c.signatures().get(i).validator());
            assertEquals(i, c.signatures().get(i).timeMillis());
        }
        Result<Commit> over = decode(commit(5), 4);
        Rejection.TooMany tooMany = assertInstanceOf(Rejection.TooMany.class, over.rejection());
        assertEquals(5, tooMany.count());
        assertEquals(4, tooMany.countMax());
        assertTrue(decode(commit(0), 0).isOk());
    }

    @Test
    void aCommitNamesOneBlockAtAPositiveHeightAndARoundThatIsNotNegative() {
        assertEquals(1, decode(commit(1), 4).value().height());
        refused(decode(commit(1).setHeight(0), 4), "commit.height");
        refused(decode(commit(1).setHeight(Long.MIN_VALUE), 4), "commit.height");
        refused(decode(commit(1).setRound(Integer.MIN_VALUE), 4), "commit.round");
        refused(decode(commit(1).setRound(-1), 4), "commit.round");
        assertEquals(7, decode(commit(1).setRound(7), 4).value().round());
        refused(decode(commit(1).setBlockHash(ByteString.EMPTY), 4), "commit.block_hash");
        refused(decode(commit(1).setBlockHash(bytes(31, 9)), 4), "commit.block_hash");
        refused(decode(commit(1).setBlockHash(bytes(33, 9)), 4), "commit.block_hash");
    }

    @Test
    void everySignatureOfACommitIs64BytesWithATimeBelow2To63() {
        io.khata.proto.Commit.Builder shortSignature = commit(2);
        shortSignature.setSignatures(1, shortSignature.getSignatures(1).toBuilder().setSignature(bytes(63, 0)));
        refused(decode(shortSignature, 4), "commit.signatures[1].signature");
        io.khata.proto.Commit.Builder hugeTime = commit(2);
        hugeTime.setSignatures(1, hugeTime.getSignatures(1).toBuilder().setTime(Long.MIN_VALUE));
        refused(decode(hugeTime, 4), "commit.signatures[1].time");
        io.khata.proto.Commit.Builder maxTime = commit(2);
        maxTime.setSignatures(0, maxTime.getSignatures(0).toBuilder().setTime(Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, decode(maxTime, 4).value().signatures().get(0).timeMillis());
    }

    @Test
    void evidenceIsTwoValidVotesThatConflict() {
        io.khata.proto.Vote first = vote().build();
        io.khata.proto.Vote second = vote().setBlockHash(bytes(32, 8)).build();
        Result<Evidence> ok = VoteCodec.fromWire(
                io.khata.proto.Evidence.newBuilder().setFirst(first).setSecond(second).build(), "evidence");
        assertTrue(ok.isOk(), () -> ok.rejection().toString());
        assertEquals(ok.value().first().blockHash(), decode(vote()).value().blockHash());

        Result<Evidence> same = VoteCodec.fromWire(
                io.khata.proto.Evidence.newBuilder().setFirst(first).setSecond(first).build(), "evidence");
        assertInstanceOf(Rejection.Malformed.class, same.rejection());
        refused(VoteCodec.fromWire(io.khata.proto.Evidence.newBuilder()
                .setFirst(vote().setHeight(0)).setSecond(second).build(), "evidence"), "evidence.first.height");
        refused(VoteCodec.fromWire(io.khata.proto.Evidence.newBuilder()
                .setFirst(first).setSecond(vote().setValidator("")).build(), "evidence"), "evidence.second.validator");
    }

    @Test
    void aVoteSurvivesItsWireFormUnchanged() {
        Vote v = decode(vote().setRound(3).setHeight(9).setTime(1234)).value();
        assertEquals(v, VoteCodec.fromWire(VoteCodec.toWire(v), "vote").value());
        Vote nil = decode(vote().setBlockHash(ByteString.EMPTY).setType(io.khata.proto.VoteType.PREVOTE)).value();
        assertEquals(nil, VoteCodec.fromWire(VoteCodec.toWire(nil), "vote").value());
    }
}
