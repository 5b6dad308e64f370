package io.khata.core.block;

import com.google.protobuf.ByteString;
import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.Signature;
import java.util.ArrayList;
import java.util.List;

/** Votes, commits and evidence to and from their protobuf form, checking structure only. */
public final class VoteCodec {
    private VoteCodec() {
    }

    public static io.khata.proto.Vote toWire(Vote vote) {
        return io.khata.proto.Vote.newBuilder()
                .setType(vote.type() == VoteType.PREVOTE ? io.khata.proto.VoteType.PREVOTE : io.khata.proto.VoteType.PRECOMMIT)
                .setHeight(vote.height())
                .setRound(vote.round())
                .setBlockHash(vote.blockHash() == null ? ByteString.EMPTY : ByteString.copyFrom(vote.blockHash().toByteArray()))
                .setValidator(vote.validator())
                .setSignature(ByteString.copyFrom(vote.signature().toByteArray()))
                .setTime(vote.timeMillis())
                .build();
    }

    public static Result<Vote> fromWire(io.khata.proto.Vote wire, String field) {
        VoteType type;
        switch (wire.getType()) {
            case PREVOTE:
                type = VoteType.PREVOTE;
                break;
            case PRECOMMIT:
                type = VoteType.PRECOMMIT;
                break;
            default:
                return Result.err(new Rejection.InvalidField(field + ".type", wire.getType().toString(), "must be PREVOTE or PRECOMMIT"));
        }
        if (wire.getRound() < 0 || wire.getRound() > Integer.MAX_VALUE / 2) {
            return Result.err(new Rejection.InvalidField(field + ".round", Integer.toUnsignedString(wire.getRound()), "out of range"));
        }
        if (wire.getHeight() <= 0) {
            return Result.err(new Rejection.InvalidField(field + ".height", Long.toUnsignedString(wire.getHeight()), "must be positive"));
        }
        Result<Hash> hash = optionalHash(wire.getBlockHash(), field + ".block_hash");
        if (!hash.isOk()) {
            return Result.err(hash.rejection());
        }
        if (wire.getTime() < 0) {
            return Result.err(timeOutOfRange(wire.getTime(), field + ".time"));
        }
        if (wire.getValidator().isEmpty()) {
            return Result.err(new Rejection.InvalidField(field + ".validator", "", "must not be empty"));
        }
        Result<Signature> signature = signature(wire.getSignature(), field + ".signature");
        if (!signature.isOk()) {
            return Result.err(signature.rejection());
        }
        return Result.ok(new Vote(type, wire.getHeight(), wire.getRound(), hash.value(), wire.getTime(), wire.getValidator(),
                signature.value()));
    }

    public static io.khata.proto.Commit toWire(Commit commit) {
        io.khata.proto.Commit.Builder wire = io.khata.proto.Commit.newBuilder()
                .setHeight(commit.height())
                .setRound(commit.round())
                .setBlockHash(ByteString.copyFrom(commit.blockHash().toByteArray()));
        for (CommitSig sig : commit.signatures()) {
            wire.addSignatures(io.khata.proto.CommitSig.newBuilder()
                    .setValidator(sig.validator())
                    .setTime(sig.timeMillis())
                    .setSignature(ByteString.copyFrom(sig.signature().toByteArray())));
        }
        return wire.build();
    }

    /** Decodes a commit of at most {@code signaturesMax} signatures. */
    public static Result<Commit> fromWire(io.khata.proto.Commit wire, String field, int signaturesMax) {
        if (wire.getSignaturesCount() > signaturesMax) {
            return Result.err(new Rejection.TooMany(field + ".signatures", wire.getSignaturesCount(), signaturesMax));
        }
        if (wire.getBlockHash().size() != Hash.BYTES) {
            return Result.err(new Rejection.InvalidField(field + ".block_hash", wire.getBlockHash().size() + " bytes", "must be 32 bytes"));
        }
        if (wire.getHeight() <= 0) {
            return Result.err(new Rejection.InvalidField(field + ".height", Long.toUnsignedString(wire.getHeight()), "must be positive"));
        }
        if (wire.getRound() < 0) {
            return Result.err(new Rejection.InvalidField(field + ".round", Integer.toUnsignedString(wire.getRound()), "out of range"));
        }
        List<CommitSig> sigs = new ArrayList<>(wire.getSignaturesCount());
        for (int i = 0; i < wire.getSignaturesCount(); i++) {
            io.khata.proto.CommitSig sig = wire.getSignatures(i);
            Result<Signature> signature = signature(sig.getSignature(), field + ".signatures[" + i + "].signature");
            if (!signature.isOk()) {
                return Result.err(signature.rejection());
            }
            if (sig.getTime() < 0) {
                return Result.err(timeOutOfRange(sig.getTime(), field + ".signatures[" + i + "].time"));
            }
            sigs.add(new CommitSig(sig.getValidator(), sig.getTime(), signature.value()));
        }
        return Result.ok(new Commit(wire.getHeight(), wire.getRound(), Hash.of(wire.getBlockHash().toByteArray()), sigs));
    }

    public static io.khata.proto.Evidence toWire(Evidence evidence) {
        return io.khata.proto.Evidence.newBuilder()
                .setFirst(toWire(evidence.first()))
                .setSecond(toWire(evidence.second()))
                .build();
    }

    public static Result<Evidence> fromWire(io.khata.proto.Evidence wire, String field) {
        Result<Vote> first = fromWire(wire.getFirst(), field + ".first");
        if (!first.isOk()) {
            return Result.err(first.rejection());
        }
        Result<Vote> second = fromWire(wire.getSecond(), field + ".second");
        if (!second.isOk()) {
            return Result.err(second.rejection());
        }
        if (!first.value().conflictsWith(second.value())) {
            return Result.err(new Rejection.Malformed(field, "the two votes do not conflict"));
        }
        return Result.ok(new Evidence(first.value(), second.value()));
    }

    private static Result<Hash> optionalHash(ByteString bytes, String field) {
        if (bytes.isEmpty()) {
            return Result.ok(null);
        }
        if (bytes.size() != Hash.BYTES) {
            return Result.err(new Rejection.InvalidField(field, bytes.size() + " bytes", "must be empty or 32 bytes"));
        }
        return Result.ok(Hash.of(bytes.toByteArray()));
    }

    /** A uint64 time of 2^63 or more reads as a negative long: out of range, never a negative time. */
    private static Rejection timeOutOfRange(long time, String field) {
        return new Rejection.InvalidField(field, Long.toUnsignedString(time), "must be below 2^63 milliseconds");
    }

    private static Result<Signature> signature(ByteString bytes, String field) {
        if (bytes.size() != Signature.BYTES) {
            return Result.err(new Rejection.InvalidField(field, bytes.size() + " bytes", "must be 64 bytes"));
        }
        return Result.ok(Signature.of(bytes.toByteArray()));
    }
}
