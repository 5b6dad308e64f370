package io.khata.core.proof;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.Commit;
import io.khata.core.block.VoteCodec;
import io.khata.core.codec.ProtoJson;
import io.khata.core.crypto.Hash;
import java.util.ArrayList;
import java.util.List;

/** A {@link TxProof} as protobuf bytes or as JSON (protobuf's JSON mapping, proto field names). */
public final class TxProofCodec {
    /** A path longer than this cannot belong to any block within the limits (2^64 leaves). */
    static final int PATH_LENGTH_MAX = 64;
    /** Validator set changes one proof may carry. */
    static final int CHANGES_MAX = 10_000;
    /** Bytes a proof file may have: a transaction, a header and a commit fit easily. */
    public static final int PROOF_BYTES_MAX = 1024 * 1024;

    private TxProofCodec() {
    }

    public static io.khata.proto.TxProof toWire(TxProof proof) {
        io.khata.proto.TxProof.Builder wire = io.khata.proto.TxProof.newBuilder()
                .setTx(ByteString.copyFrom(proof.tx()))
                .setHeader(ByteString.copyFrom(proof.header()))
                .setIndex(proof.index())
                .setTreeSize(proof.treeSize())
                .setCommit(VoteCodec.toWire(proof.commit()));
        for (Hash hash : proof.path()) {
            wire.addPath(ByteString.copyFrom(hash.toByteArray()));
        }
        for (ValidatorChange change : proof.validatorChanges()) {
            io.khata.proto.ValidatorChange.Builder entry = io.khata.proto.ValidatorChange.newBuilder()
                    .setHeader(ByteString.copyFrom(change.header()))
                    .setCommit(VoteCodec.toWire(change.commit()));
            for (io.khata.core.block.Validator validator : change.validators().validators()) {
                entry.addValidators(io.khata.proto.ValidatorEntry.newBuilder().setId(validator.id())
                        .setKey(ByteString.copyFrom(validator.key().toByteArray())).setPower(validator.power()));
            }
            wire.addValidatorChanges(entry);
        }
        return wire.build();
    }

    public static byte[] encode(TxProof proof) {
        return toWire(proof).toByteArray();
    }

    public static String toJson(TxProof proof) {
        return ProtoJson.print(toWire(proof));
    }

    public static Result<TxProof> decode(byte[] bytes) {
        if (bytes.length > PROOF_BYTES_MAX) {
            return Result.err(new Rejection.TooLarge("proof", bytes.length, PROOF_BYTES_MAX));
        }
        try {
            return fromWire(io.khata.proto.TxProof.parseFrom(bytes));
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return Result.err(new Rejection.Malformed("proof", String.valueOf(e.getMessage())));
        }
    }

    public static Result<TxProof> fromJson(String json) {
        if (json.length() > PROOF_BYTES_MAX) {
            return Result.err(new Rejection.TooLarge("proof", json.length(), PROOF_BYTES_MAX));
        }
        try {
            io.khata.proto.TxProof.Builder builder = io.khata.proto.TxProof.newBuilder();
            ProtoJson.merge(json, builder);
            return fromWire(builder.build());
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return Result.err(new Rejection.Malformed("proof", String.valueOf(e.getMessage())));
        }
    }

    private static Result<TxProof> fromWire(io.khata.proto.TxProof wire) {
        if (wire.getPathCount() > PATH_LENGTH_MAX) {
            return Result.err(new Rejection.TooMany("proof path hashes", wire.getPathCount(), PATH_LENGTH_MAX));
        }
        List<Hash> path = new ArrayList<>(wire.getPathCount());
        for (int i = 0; i < wire.getPathCount(); i++) {
            if (wire.getPath(i).size() != Hash.BYTES) {
                return Result.err(new Rejection.InvalidField("path[" + i + "]", wire.getPath(i).size() + " bytes", "must be 32 bytes"));
            }
            path.add(Hash.of(wire.getPath(i).toByteArray()));
        }
        if (!wire.hasCommit()) {
            return Result.err(new Rejection.Malformed("proof", "no commit"));
        }
        Result<Commit> commit = VoteCodec.fromWire(wire.getCommit(), "commit", BlockCodec.COMMIT_SIGNATURES_MAX);
        if (!commit.isOk()) {
            return Result.err(commit.rejection());
        }
        if (wire.getValidatorChangesCount() > CHANGES_MAX) {
            return Result.err(new Rejection.TooMany("validator changes", wire.getValidatorChangesCount(), CHANGES_MAX));
        }
        List<ValidatorChange> changes = new ArrayList<>(wire.getValidatorChangesCount());
        for (int i = 0; i < wire.getValidatorChangesCount(); i++) {
            Result<ValidatorChange> change = change(wire.getValidatorChanges(i), "validator_changes[" + i + "]");
            if (!change.isOk()) {
                return Result.err(change.rejection());
            }
            changes.add(change.value());
        }
        return Result.ok(new TxProof(wire.getTx().toByteArray(), wire.getHeader().toByteArray(),
                wire.getIndex(), wire.getTreeSize(), path, commit.value(), changes));
    }

    private static Result<ValidatorChange> change(io.khata.proto.ValidatorChange wire, String field) {
        Result<Commit> commit = VoteCodec.fromWire(wire.getCommit(), field + ".commit", BlockCodec.COMMIT_SIGNATURES_MAX);
        if (!commit.isOk()) {
            return Result.err(commit.rejection());
        }
        if (wire.getValidatorsCount() == 0 || wire.getValidatorsCount() > BlockCodec.COMMIT_SIGNATURES_MAX) {
            return Result.err(new Rejection.InvalidField(field + ".validators", Integer.toString(wire.getValidatorsCount()),
                    "must list 1 to " + BlockCodec.COMMIT_SIGNATURES_MAX + " validators"));
        }
        List<io.khata.core.block.Validator> validators = new ArrayList<>();
        for (io.khata.proto.ValidatorEntry entry : wire.getValidatorsList()) {
            if (entry.getKey().size() != io.khata.core.crypto.PublicKey.BYTES || entry.getPower() <= 0) {
                return Result.err(new Rejection.InvalidField(field + ".validators", entry.getId(),
                        "needs a 32-byte key and a positive power"));
            }
            validators.add(new io.khata.core.block.Validator(entry.getId(),
                    io.khata.core.crypto.PublicKey.of(entry.getKey().toByteArray()), entry.getPower()));
        }
        try {
            return Result.ok(new ValidatorChange(wire.getHeader().toByteArray(), commit.value(),
                    new io.khata.core.block.ValidatorSet(validators)));
        } catch (IllegalArgumentException e) {
            return Result.err(new Rejection.InvalidField(field + ".validators", "", e.getMessage()));
        }
    }
}
