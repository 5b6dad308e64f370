package io.khata.core.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.Commit;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.PublicKey;
import io.khata.core.crypto.Signature;
import io.khata.proto.CommitSig;
import io.khata.proto.ValidatorChange;
import io.khata.proto.ValidatorEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A proof file comes from anyone, so decoding bounds it before building anything: at most
 * {@link TxProofCodec#PROOF_BYTES_MAX} bytes (or JSON characters), {@link TxProofCodec#PATH_LENGTH_MAX}
 * path hashes of exactly 32 bytes, {@link TxProofCodec#CHANGES_MAX} validator changes, and per change
 * 1 to {@link BlockCodec#COMMIT_SIGNATURES_MAX} validators with a 32-byte key and a positive power.
 * Each bound is checked at exactly the limit (decodes) and one over (refused, naming the bound).
 */
class TxProofCodecBoundsTest {
    private static final byte[] HASH = new byte[Hash.BYTES];

    private static io.khata.proto.Commit commit(int signatures) {
        io.khata.proto.Commit.Builder commit = io.khata.proto.Commit.newBuilder().setHeight(1)
                .setBlockHash(ByteString.copyFrom(HASH));
        for (int i = 0; i < signatures; i++) {
            commit.addSignatures(CommitSig.newBuilder().setValidator("v" + i)
                    .setSignature(ByteString.copyFrom(new byte[Signature.BYTES])).setTime(1));
        }
        return commit.build();
    }

    private static io.khata.proto.TxProof.Builder proof() {
        return io.khata.proto.TxProof.newBuilder().setTx(ByteString.copyFromUtf8("tx"))
                .setHeader(ByteString.copyFromUtf8("header")).setIndex(0).setTreeSize(1).setCommit(commit(1));
    }

    private static ValidatorEntry validator(int i, int keyBytes, long power) {
        return ValidatorEntry.newBuilder().setId("v" + i).setKey(ByteString.copyFrom(key(i, keyBytes))).setPower(power)
                .build();
    }

    private static byte[] key(int i, int bytes) {
        byte[] key = new byte[bytes];
        key[0] = (byte) i;
        key[1] = (byte) (i >>> 8);
        return key;
    }

    private static ValidatorChange change(int validators) {
        ValidatorChange.Builder change = ValidatorChange.newBuilder().setHeader(ByteString.copyFromUtf8("h"))
                .setCommit(commit(0));
        for (int i = 0; i < validators; i++) {
            change.addValidators(validator(i, PublicKey.BYTES, 1));
        }
        return change.build();
    }

    private static Result<TxProof> decode(io.khata.proto.TxProof.Builder wire) {
        return TxProofCodec.decode(wire.build().toByteArray());
    }

    /** A proof whose transaction bytes make its encoding exactly {@code size} bytes long. */
    private static byte[] encodedOfSize(int size) {
        int tx = size;
        for (int attempt = 0; attempt < 8; attempt++) {
            byte[] bytes = proof().setTx(ByteString.copyFrom(new byte[tx])).build().toByteArray();
            if (bytes.length == size) {
                return bytes;
            }
            tx -= bytes.length - size;
        }
        throw new AssertionError("no transaction length gives " + size + " bytes");
    }

    @Test
    void aProofOfExactlyTheByteLimitDecodesAndOneByteMoreIsRefusedUnread() {
        byte[] atLimit = encodedOfSize(TxProofCodec.PROOF_BYTES_MAX);
        byte[] overLimit = encodedOfSize(TxProofCodec.PROOF_BYTES_MAX + 1);

        assertTrue(TxProofCodec.decode(atLimit).isOk(), () -> TxProofCodec.decode(atLimit).rejection().message());
        assertEquals(new Rejection.TooLarge("proof", TxProofCodec.PROOF_BYTES_MAX + 1, TxProofCodec.PROOF_BYTES_MAX),
                TxProofCodec.decode(overLimit).rejection());
    }

    @Test
    void aJsonProofOfExactlyTheCharacterLimitDecodesAndOneMoreIsRefused() {
        Commit commit = TxProofCodec.decode(proof().build().toByteArray()).value().commit();
        String json = TxProofCodec.toJson(new TxProof(new byte[] {1}, new byte[] {2}, 0, 1, List.of(), commit));
        String atLimit = json + " ".repeat(TxProofCodec.PROOF_BYTES_MAX - json.length());

        assertTrue(TxProofCodec.fromJson(atLimit).isOk(), () -> TxProofCodec.fromJson(atLimit).rejection().message());
        assertEquals(new Rejection.TooLarge("proof", TxProofCodec.PROOF_BYTES_MAX + 1, TxProofCodec.PROOF_BYTES_MAX),
                TxProofCodec.fromJson(atLimit + " ").rejection());
    }

    @Test
    void aPathOfExactlyTheMaximumLengthDecodesAndOneHashMoreIsRefused() {
        io.khata.proto.TxProof.Builder atLimit = proof();
        for (int i = 0; i < TxProofCodec.PATH_LENGTH_MAX; i++) {
            atLimit.addPath(ByteString.copyFrom(HASH));
        }
        assertEquals(TxProofCodec.PATH_LENGTH_MAX, decode(atLimit).value().path().size());

        atLimit.addPath(ByteString.copyFrom(HASH));
        assertEquals(new Rejection.TooMany("proof path hashes", TxProofCodec.PATH_LENGTH_MAX + 1, TxProofCodec.PATH_LENGTH_MAX),
                decode(atLimit).rejection());
    }

    @Test
    void everyPathHashIsExactlyThirtyTwoBytes() {
        assertTrue(decode(proof().addPath(ByteString.copyFrom(HASH))).isOk());
        for (int bytes : new int[] {0, Hash.BYTES - 1, Hash.BYTES + 1}) {
            Rejection rejection = decode(proof().addPath(ByteString.copyFrom(HASH)).addPath(ByteString.copyFrom(new byte[bytes])))
                    .rejection();
            assertEquals("path[1]", assertInstanceOf(Rejection.InvalidField.class, rejection).field(), bytes + " bytes");
        }
    }

    @Test
    void exactlyTheMaximumNumberOfChangesDecodesAndOneMoreIsRefused() {
        io.khata.proto.TxProof.Builder atLimit = proof();
        ValidatorChange one = change(1);
        for (int i = 0; i < TxProofCodec.CHANGES_MAX; i++) {
            atLimit.addValidatorChanges(one);
        }
        assertTrue(atLimit.build().getSerializedSize() <= TxProofCodec.PROOF_BYTES_MAX, "the count is what is tested");
        assertEquals(TxProofCodec.CHANGES_MAX, decode(atLimit).value().validatorChanges().size());

        atLimit.addValidatorChanges(one);
        assertEquals(new Rejection.TooMany("validator changes", TxProofCodec.CHANGES_MAX + 1, TxProofCodec.CHANGES_MAX),
                decode(atLimit).rejection());
    }

    @Test
    void aChangeListsOneToTheMaximumNumberOfValidators() {
        assertEquals(1, decode(proof().addValidatorChanges(change(1))).value().validatorChanges().get(0).validators().size());
        assertEquals(BlockCodec.COMMIT_SIGNATURES_MAX, decode(proof().addValidatorChanges(change(BlockCodec.COMMIT_SIGNATURES_MAX)))
                .value().validatorChanges().get(0).validators().size());
        for (int count : new int[] {0, BlockCodec.COMMIT_SIGNATURES_MAX + 1}) {
            Rejection rejection = decode(proof().addValidatorChanges(change(count))).rejection();
            assertEquals("validator_changes[0].validators", assertInstanceOf(Rejection.InvalidField.class, rejection).field(),
                    count + " validators");
        }
    }

    @Test
    void aChangesValidatorNeedsAThirtyTwoByteKeyAndAPositivePower() {
        assertTrue(decode(proof().addValidatorChanges(change(0).toBuilder().addValidators(validator(1, PublicKey.BYTES, 1))))
                .isOk());
        List<ValidatorEntry> bad = List.of(validator(1, PublicKey.BYTES - 1, 1), validator(1, PublicKey.BYTES + 1, 1),
                validator(1, PublicKey.BYTES, 0), validator(1, PublicKey.BYTES, -1));
        for (ValidatorEntry entry : bad) {
            Rejection rejection = decode(proof().addValidatorChanges(change(1).toBuilder().addValidators(entry))).rejection();
            assertEquals("validator_changes[0].validators", assertInstanceOf(Rejection.InvalidField.class, rejection).field(),
                    entry.toString());
        }
    }

    @Test
    void aChangesValidatorsMustFormAValidatorSet() {
        ValidatorEntry first = validator(1, PublicKey.BYTES, 1);
        ValidatorEntry sameId = validator(2, PublicKey.BYTES, 1).toBuilder().setId(first.getId()).build();
        ValidatorEntry heavy = validator(2, PublicKey.BYTES, io.khata.core.block.ValidatorSet.TOTAL_POWER_MAX);
        for (ValidatorEntry second : List.of(sameId, heavy)) {
            Result<TxProof> decoded = decode(proof().addValidatorChanges(change(0).toBuilder().addValidators(first)
                    .addValidators(second)));
            assertEquals("validator_changes[0].validators",
                    assertInstanceOf(Rejection.InvalidField.class, decoded.rejection()).field(), second.toString());
        }
        assertTrue(decode(proof().addValidatorChanges(change(0).toBuilder().addValidators(first)
                .addValidators(validator(2, PublicKey.BYTES, io.khata.core.block.ValidatorSet.TOTAL_POWER_MAX - 1))))
                .isOk(), "a total of exactly the maximum power is a set");
    }

    @Test
    void theCommitAndEachChangesCommitHoldAtMostTheMaximumNumberOfSignatures() {
        assertTrue(decode(proof().setCommit(commit(BlockCodec.COMMIT_SIGNATURES_MAX))).isOk());
        assertInstanceOf(Rejection.TooMany.class, decode(proof().setCommit(commit(BlockCodec.COMMIT_SIGNATURES_MAX + 1)))
                .rejection());
        ValidatorChange change = change(1);
        assertTrue(decode(proof().addValidatorChanges(change.toBuilder().setCommit(commit(BlockCodec.COMMIT_SIGNATURES_MAX))))
                .isOk());
        assertInstanceOf(Rejection.TooMany.class, decode(proof().addValidatorChanges(
                change.toBuilder().setCommit(commit(BlockCodec.COMMIT_SIGNATURES_MAX + 1)))).rejection());
        assertEquals(new Rejection.Malformed("proof", "no commit"), decode(proof().clearCommit()).rejection());
    }
}
