package io.khata.core.audit;

import com.google.protobuf.InvalidProtocolBufferException;
import io.khata.core.Limits;
import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.BlockHeader;
import io.khata.core.block.Commit;
import io.khata.core.block.ValidatorSet;
import io.khata.core.block.VoteCodec;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.Sha256;
import io.khata.core.validate.CommitVerifier;
import io.khata.proto.audit.AuditBlock;
import java.util.Arrays;
import java.util.Optional;

/**
 * A block record authenticated the same way in both audit modes, before any state: the commit
 * certificate decodes canonically and carries more than 2/3 of the power of the validator set
 * in force, valid for the block hash it names; the header is exactly the header of that hash;
 * the rest of the block decodes canonically. Checking the commit against its own block hash
 * first is what tells a changed header (the commit holds, the hash differs) from a changed
 * commit (its signatures no longer verify).
 */
record CertifiedBlock(Block block, Commit commit) {

    static Checked<CertifiedBlock> certify(long height, byte[] recordPayload, String chainId, ValidatorSet inForce,
                                           Limits limits) {
        AuditBlock record;
        try {
            record = AuditBlock.parseFrom(recordPayload);
        } catch (InvalidProtocolBufferException e) {
            return Checked.failed(height, AuditCheck.BUNDLE_FORMAT, "the BLOCK record does not decode: " + e.getMessage());
        }
        if (!Arrays.equals(record.toByteArray(), recordPayload)) {
            return Checked.failed(height, AuditCheck.BUNDLE_FORMAT, "the BLOCK record is not in canonical form");
        }
        if (record.getHeight() != height) {
            return Checked.failed(height, AuditCheck.BLOCK_ORDER, "the BLOCK record says height "
                    + Long.toUnsignedString(record.getHeight()) + " where height " + height + " comes next");
        }
        Checked<Commit> commit = commit(height, record.getCommit().toByteArray(), chainId, inForce);
        if (commit.failure() != null) {
            return Checked.failed(commit.failure());
        }
        return block(height, record.getBlock().toByteArray(), commit.value(), chainId, limits);
    }

    private static Checked<Commit> commit(long height, byte[] bytes, String chainId, ValidatorSet inForce) {
        io.khata.proto.Commit wire;
        try {
            wire = io.khata.proto.Commit.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            return Checked.failed(height, AuditCheck.COMMIT, "the commit does not decode: " + e.getMessage());
        }
        Result<Commit> commit = VoteCodec.fromWire(wire, "commit", BlockCodec.COMMIT_SIGNATURES_MAX);
        if (!commit.isOk()) {
            return Checked.failed(height, AuditCheck.COMMIT, commit.rejection().message());
        }
        if (commit.value().height() != height) {
            return Checked.failed(height, AuditCheck.BLOCK_ORDER, "the block where height " + height
                    + " comes next carries a commit for height " + commit.value().height());
        }
        if (!Arrays.equals(VoteCodec.toWire(commit.value()).toByteArray(), bytes)) {
            return Checked.failed(height, AuditCheck.COMMIT, "the commit is not in the canonical form the node stores");
        }
        Optional<Rejection> problem = CommitVerifier.verify(commit.value(), chainId, height, commit.value().blockHash(),
                inForce);
        if (problem.isPresent()) {
            return Checked.failed(height, AuditCheck.COMMIT, "the commit certificate does not hold: " + problem.get().message());
        }
        return Checked.passed(commit.value());
    }

    private static Checked<CertifiedBlock> block(long height, byte[] bytes, Commit commit, String chainId, Limits limits) {
        if (bytes.length > limits.blockBytesMax()) {
            return Checked.failed(height, AuditCheck.BUNDLE_FORMAT, "the block is " + bytes.length
                    + " bytes, over the limit of " + limits.blockBytesMax());
        }
        io.khata.proto.Block wire;
        try {
            wire = io.khata.proto.Block.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            return Checked.failed(height, AuditCheck.BUNDLE_FORMAT, "the block does not decode: " + e.getMessage());
        }
        byte[] headerBytes = wire.getHeader().toByteArray();
        Result<BlockHeader> header = BlockCodec.decodeHeader(headerBytes);
        if (!header.isOk()) {
            return Checked.failed(height, AuditCheck.HEADER, "the header does not decode: " + header.rejection().message());
        }
        Hash hash = Sha256.hash(headerBytes);
        if (!hash.equals(commit.blockHash())) {
            return Checked.failed(height, AuditCheck.HEADER, "the header's hash " + hash
                    + " is not the block hash its commit certifies, " + commit.blockHash());
        }
        if (header.value().height() != height || !header.value().chainId().equals(chainId)) {
            return Checked.failed(height, AuditCheck.HEADER, "a certified header of chain '" + header.value().chainId()
                    + "' at height " + header.value().height() + " stands where height " + height + " of '" + chainId
                    + "' belongs");
        }
        Result<Block> block = BlockCodec.fromWire(wire, limits);
        if (!block.isOk()) {
            return Checked.failed(height, classifyDecode(block.rejection().message()), block.rejection().message());
        }
        if (!Arrays.equals(BlockCodec.encode(block.value()), bytes)) {
            return Checked.failed(height, classifyNonCanonical(block.value(), wire),
                    "the block is not in the canonical form the node stores");
        }
        return Checked.passed(new CertifiedBlock(block.value(), commit));
    }

    private static AuditCheck classifyDecode(String message) {
        if (message.contains("txs[")) {
            return AuditCheck.TRANSACTION;
        }
        if (message.contains("last_commit")) {
            return AuditCheck.LAST_COMMIT;
        }
        if (message.contains("evidence")) {
            return AuditCheck.EVIDENCE;
        }
        return AuditCheck.BUNDLE_FORMAT;
    }

    /** Which part of a block re-encodes differently: only the decoded parts (commit, evidence) can. */
    private static AuditCheck classifyNonCanonical(Block block, io.khata.proto.Block wire) {
        if (block.lastCommit() != null && !VoteCodec.toWire(block.lastCommit()).equals(wire.getLastCommit())) {
            return AuditCheck.LAST_COMMIT;
        }
        for (int i = 0; i < block.evidence().size(); i++) {
            if (!VoteCodec.toWire(block.evidence().get(i)).equals(wire.getEvidence(i))) {
                return AuditCheck.EVIDENCE;
            }
        }
        return AuditCheck.BUNDLE_FORMAT;
    }
}
