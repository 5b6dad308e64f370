package io.khata.net.consensus;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.khata.core.Limits;
import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.VoteCodec;
import io.khata.core.crypto.Signature;

/**
 * Consensus messages to bytes and back: one kind byte (1 proposal, 2 vote, 3 evidence)
 * followed by the protobuf {@code Proposal}, {@code Vote} or {@code Evidence}. Decoding
 * answers any bytes with a message or a {@link Rejection}; it checks structure only
 * (signatures are checked by {@link Consensus}).
 */
public final class MessageCodec {
    static final byte PROPOSAL = 1;
    static final byte VOTE = 2;
    static final byte EVIDENCE = 3;
    /** valid_round is carried plus one, so that -1 fits an unsigned field. */
    private static final int VALID_ROUND_OFFSET = 1;

    private MessageCodec() {
    }

    public static byte[] encode(Message message) {
        byte[] body;
        byte kind;
        if (message instanceof Message.OfProposal proposal) {
            kind = PROPOSAL;
            body = toWire(proposal.proposal()).toByteArray();
        } else if (message instanceof Message.OfVote vote) {
            kind = VOTE;
            body = VoteCodec.toWire(vote.vote()).toByteArray();
        } else if (message instanceof Message.OfEvidence evidence) {
            kind = EVIDENCE;
            body = VoteCodec.toWire(evidence.evidence()).toByteArray();
        } else {
            throw new IllegalStateException("unknown message " + message);
        }
        byte[] bytes = new byte[body.length + 1];
        bytes[0] = kind;
        System.arraycopy(body, 0, bytes, 1, body.length);
        return bytes;
    }

    public static io.khata.proto.Proposal toWire(Proposal proposal) {
        return io.khata.proto.Proposal.newBuilder()
                .setHeight(proposal.height())
                .setRound(proposal.round())
                .setValidRoundPlusOne(proposal.validRound() + VALID_ROUND_OFFSET)
                .setBlock(BlockCodec.toWire(proposal.block()))
                .setProposer(proposal.proposer())
                .setSignature(ByteString.copyFrom(proposal.signature().toByteArray()))
                .build();
    }

    public static Result<Message> decode(byte[] bytes, Limits limits) {
        if (bytes.length < 1) {
            return Result.err(new Rejection.Malformed("consensus message", "empty"));
        }
        if (bytes.length > limits.blockBytesMax() + 1024) {
            return Result.err(new Rejection.TooLarge("consensus message", bytes.length, limits.blockBytesMax() + 1024L));
        }
        try {
            if (bytes[0] == VOTE) {
                io.khata.proto.Vote wire = io.khata.proto.Vote.parseFrom(ByteString.copyFrom(bytes, 1, bytes.length - 1));
                return VoteCodec.fromWire(wire, "vote").map(Message.OfVote::new);
            }
            if (bytes[0] == PROPOSAL) {
                io.khata.proto.Proposal wire = io.khata.proto.Proposal.parseFrom(ByteString.copyFrom(bytes, 1, bytes.length - 1));
                return fromWire(wire, limits).map(Message.OfProposal::new);
            }
            if (bytes[0] == EVIDENCE) {
                io.khata.proto.Evidence wire = io.khata.proto.Evidence.parseFrom(ByteString.copyFrom(bytes, 1, bytes.length - 1));
                return VoteCodec.fromWire(wire, "evidence").map(Message.OfEvidence::new);
            }
            return Result.err(new Rejection.Malformed("consensus message", "unknown kind " + bytes[0]));
        } catch (InvalidProtocolBufferException e) {
            return Result.err(new Rejection.Malformed("consensus message", e.getMessage()));
        } catch (RuntimeException e) {
            return Result.err(new Rejection.Malformed("consensus message", e.toString()));
        }
    }

    public static Result<Proposal> fromWire(io.khata.proto.Proposal wire, Limits limits) {
        if (wire.getHeight() <= 0) {
            return Result.err(new Rejection.InvalidField("proposal.height", Long.toUnsignedString(wire.getHeight()), "must be positive"));
        }
        if (wire.getRound() < 0 || wire.getRound() > Integer.MAX_VALUE / 2) {
            return Result.err(new Rejection.InvalidField("proposal.round", Integer.toUnsignedString(wire.getRound()), "out of range"));
        }
        int validRound = wire.getValidRoundPlusOne() - VALID_ROUND_OFFSET;
        if (validRound < -1 || validRound >= wire.getRound()) {
            return Result.err(new Rejection.InvalidField("proposal.valid_round", Integer.toString(validRound), "must be -1 or below the round"));
        }
        if (wire.getSignature().size() != Signature.BYTES) {
            return Result.err(new Rejection.InvalidField("proposal.signature", wire.getSignature().size() + " bytes", "must be 64 bytes"));
        }
        if (!wire.hasBlock()) {
            return Result.err(new Rejection.Malformed("proposal", "no block"));
        }
        Result<Block> block = BlockCodec.fromWire(wire.getBlock(), limits);
        if (!block.isOk()) {
            return Result.err(block.rejection());
        }
        if (block.value().height() != wire.getHeight()) {
            return Result.err(new Rejection.InvalidField("proposal.block.height", Long.toString(block.value().height()),
                    "expected " + wire.getHeight()));
        }
        return Result.ok(new Proposal(wire.getHeight(), wire.getRound(), validRound, block.value(), wire.getProposer(),
                Signature.of(wire.getSignature().toByteArray())));
    }
}
