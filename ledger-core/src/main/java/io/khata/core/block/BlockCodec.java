package io.khata.core.block;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.khata.core.Limits;
import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.Sha256;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes to {@link Block} and back. Like {@link TxCodec}, decoding answers any input bytes
 * with a block or a {@link Rejection}, and checks each limit before allocating for it.
 */
public final class BlockCodec {
    /** A commit can carry at most this many signatures (one per validator, with room to spare). */
    public static final int COMMIT_SIGNATURES_MAX = 1_000;

    private BlockCodec() {
    }

    /** Builds a block from its parts, encoding the header once; its hash is SHA-256 of those bytes. */
    public static Block assemble(BlockHeader header, List<Transaction> transactions, Commit lastCommit,
                                 List<Evidence> evidence) {
        byte[] headerBytes = header.encode();
        return new Block(headerBytes, header, Sha256.hash(headerBytes), transactions, lastCommit, evidence);
    }

    public static byte[] encode(Block block) {
        return toWire(block).toByteArray();
    }

    public static io.khata.proto.Block toWire(Block block) {
        io.khata.proto.Block.Builder wire = io.khata.proto.Block.newBuilder()
                .setHeader(ByteString.copyFrom(block.headerBytes()));
        for (Transaction tx : block.transactions()) {
            wire.addTxs(ByteString.copyFrom(tx.encode()));
        }
        if (block.lastCommit() != null) {
            wire.setLastCommit(VoteCodec.toWire(block.lastCommit()));
        }
        for (Evidence evidence : block.evidence()) {
            wire.addEvidence(VoteCodec.toWire(evidence));
        }
        return wire.build();
    }

    /**
     * The exact length of {@link #encode}'s output, computed without encoding the transactions
     * again: what the block limit is checked against by the builder and the validator.
     */
    public static long encodedSize(Block block) {
        long size = fieldSize(1, block.headerSize());
        for (Transaction tx : block.transactions()) {
            size += fieldSize(2, tx.encodedSize());
        }
        if (block.lastCommit() != null) {
            size += fieldSize(3, VoteCodec.toWire(block.lastCommit()).getSerializedSize());
        }
        for (Evidence evidence : block.evidence()) {
            size += evidenceFieldSize(evidence);
        }
        return size;
    }

    /** What one header of {@code headerBytes} bytes adds to an encoded block. */
    public static long headerFieldSize(int headerBytes) {
        return fieldSize(1, headerBytes);
    }

    /** What one transaction adds to an encoded block. */
    public static long transactionFieldSize(Transaction tx) {
        return fieldSize(2, tx.encodedSize());
    }

    /** What a last commit adds to an encoded block (0 for none). */
    public static long lastCommitFieldSize(Commit commit) {
        return commit == null ? 0 : fieldSize(3, VoteCodec.toWire(commit).getSerializedSize());
    }

    /** What one evidence item adds to an encoded block. */
    public static long evidenceFieldSize(Evidence evidence) {
        return fieldSize(4, VoteCodec.toWire(evidence).getSerializedSize());
    }

    /** A length-delimited protobuf field: its tag, the length as a varint, and the bytes. */
    private static long fieldSize(int fieldNumber, int length) {
        return com.google.protobuf.CodedOutputStream.computeTagSize(fieldNumber)
                + com.google.protobuf.CodedOutputStream.computeUInt32SizeNoTag(length) + (long) length;
    }

    public static Result<Block> decode(byte[] bytes, Limits limits) {
        if (bytes.length > limits.blockBytesMax()) {
            return Result.err(new Rejection.TooLarge("block", bytes.length, limits.blockBytesMax()));
        }
        Block canonical = CanonicalBlockReader.read(bytes, limits);
        return canonical != null ? Result.ok(canonical) : decodeWithMessages(bytes, limits);
    }

    /** The decoding through the generated {@code Block} message, which decides every case; package-private for the differential test. */
    static Result<Block> decodeWithMessages(byte[] bytes, Limits limits) {
        try {
            return fromWire(io.khata.proto.Block.parseFrom(bytes), limits);
        } catch (InvalidProtocolBufferException e) {
            return Result.err(new Rejection.Malformed("block", e.getMessage()));
        } catch (RuntimeException e) {
            return Result.err(new Rejection.Malformed("block", e.toString()));
        }
    }

    /**
     * Decodes an already-parsed block message (as it arrives inside a network envelope: a
     * proposal or a block-sync answer). The frame around it may be larger than a block, so the
     * block's own encoded size is checked here too (protobuf computes it without copying),
     * before anything is decoded: a block accepted from the network can always be stored and
     * read back under the same limits.
     */
    public static Result<Block> fromWire(io.khata.proto.Block wire, Limits limits) {
        try {
            int bytes = wire.getSerializedSize();
            if (bytes > limits.blockBytesMax()) {
                return Result.err(new Rejection.TooLarge("block", bytes, limits.blockBytesMax()));
            }
            return fromWireChecked(wire, limits);
        } catch (InvalidProtocolBufferException e) {
            return Result.err(new Rejection.Malformed("block", e.getMessage()));
        } catch (RuntimeException e) {
            return Result.err(new Rejection.Malformed("block", e.toString()));
        }
    }

    private static Result<Block> fromWireChecked(io.khata.proto.Block wire, Limits limits)
            throws InvalidProtocolBufferException {
        if (!wire.getUnknownFields().asMap().isEmpty()) {
            return Result.err(new Rejection.Malformed("block", "unknown fields"));
        }
        if (wire.getTxsCount() > limits.txsPerBlockMax()) {
            return Result.err(new Rejection.TooMany("transactions in a block", wire.getTxsCount(), limits.txsPerBlockMax()));
        }
        if (wire.getEvidenceCount() > limits.evidencePerBlockMax()) {
            return Result.err(new Rejection.TooMany("evidence in a block", wire.getEvidenceCount(), limits.evidencePerBlockMax()));
        }
        byte[] headerBytes = wire.getHeader().toByteArray();
        Result<BlockHeader> header = decodeHeader(headerBytes);
        if (!header.isOk()) {
            return Result.err(header.rejection());
        }
        List<Transaction> transactions = new ArrayList<>(wire.getTxsCount());
        for (int i = 0; i < wire.getTxsCount(); i++) {
            Result<Transaction> tx = TxCodec.decode(wire.getTxs(i), limits);
            if (!tx.isOk()) {
                return Result.err(new Rejection.Malformed("block txs[" + i + "]", tx.rejection().message()));
            }
            transactions.add(tx.value());
        }
        Commit lastCommit = null;
        if (wire.hasLastCommit()) {
            Result<Commit> commit = VoteCodec.fromWire(wire.getLastCommit(), "last_commit", COMMIT_SIGNATURES_MAX);
            if (!commit.isOk()) {
                return Result.err(commit.rejection());
            }
            lastCommit = commit.value();
        }
        List<Evidence> evidence = new ArrayList<>(wire.getEvidenceCount());
        for (int i = 0; i < wire.getEvidenceCount(); i++) {
            Result<Evidence> item = VoteCodec.fromWire(wire.getEvidence(i), "evidence[" + i + "]");
            if (!item.isOk()) {
                return Result.err(item.rejection());
            }
            evidence.add(item.value());
        }
        return Result.ok(new Block(headerBytes, header.value(), Sha256.hash(headerBytes), transactions, lastCommit, evidence));
    }

    /** Decodes header bytes; every hash field must be exactly 32 bytes. */
    public static Result<BlockHeader> decodeHeader(byte[] headerBytes) {
        try {
            io.khata.proto.BlockHeader h = io.khata.proto.BlockHeader.parseFrom(headerBytes);
            if (!h.getUnknownFields().asMap().isEmpty()) {
                return Result.err(new Rejection.Malformed("block header", "unknown fields"));
            }
            if (h.getHeight() <= 0) {
                return Result.err(new Rejection.InvalidField("header.height", Long.toUnsignedString(h.getHeight()), "must be positive"));
            }
            String[] names = {"prev_block_hash", "tx_root", "state_root", "last_commit_hash", "validators_hash",
                "evidence_hash", "next_validators_hash"};
            ByteString[] values = {h.getPrevBlockHash(), h.getTxRoot(), h.getStateRoot(), h.getLastCommitHash(),
                    h.getValidatorsHash(), h.getEvidenceHash(), h.getNextValidatorsHash()};
            for (int i = 0; i < names.length; i++) {
                if (values[i].size() != Hash.BYTES) {
                    return Result.err(new Rejection.InvalidField("header." + names[i], values[i].size() + " bytes", "must be 32 bytes"));
                }
            }
            return Result.ok(new BlockHeader(h.getChainId(), h.getHeight(), hash(values[0]), h.getTime(), h.getProposer(),
                    hash(values[1]), hash(values[2]), hash(values[3]), hash(values[4]), hash(values[5]), hash(values[6])));
        } catch (InvalidProtocolBufferException e) {
            return Result.err(new Rejection.Malformed("block header", e.getMessage()));
        } catch (RuntimeException e) {
            return Result.err(new Rejection.Malformed("block header", e.toString()));
        }
    }

    private static Hash hash(ByteString bytes) {
        return Hash.of(bytes.toByteArray());
    }
}
