package io.khata.net.node;

import io.khata.core.Limits;
import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteCodec;
import io.khata.core.codec.CanonicalReader;
import io.khata.core.codec.CanonicalWriter;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.Sha256;
import io.khata.net.consensus.SignState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a sign-state slot keeps its locked block and proof of lock: a range of the sign-state
 * file after the two slots, named by the slot with its length and SHA-256. A slot and its region
 * are written together and made durable by the slot's one sync, so a precommit that locks costs
 * one sync, as any other signature does.
 *
 * <p>Placement keeps the region the other slot names intact: a save overwrites only the older
 * slot and a range no intact slot on disk needs, so a crash in the middle of a save leaves the
 * newest synced slot and its region as they were. The new region goes at the start of the data
 * area when it fits before the other slot's region, otherwise just after it; the file therefore
 * stays under the two slots plus three of the largest regions.
 *
 * <p>Content: locked round (int), block bytes, proof prevotes (count, then each as wire bytes),
 * in the canonical encoding.
 */
record LockRegion(long offset, int length, Hash checksum) {
    /** Prevotes of a proof of lock: at most one per validator; generous for a consortium of ~30. */
    static final int PROOF_VOTES_MAX = 1_000;
    /** The largest region read back: a block at the size limit and a full proof, with room to spare. */
    static final long LENGTH_MAX = (long) Limits.DEFAULT.blockBytesMax() + 1_048_576L;

    /** The locked block and proof a region holds. */
    record Content(Block block, List<Vote> proof) {
    }

    /** The bytes a region holds for the lock of {@code state}, which must carry its locked block. */
    static byte[] encode(SignState state) {
        CanonicalWriter writer = new CanonicalWriter(1024)
                .writeInt(state.lockedRound())
                .writeBytes(BlockCodec.encode(state.lockedBlock()))
                .writeInt(state.lockProof().size());
        for (Vote prevote : state.lockProof()) {
            writer.writeBytes(VoteCodec.toWire(prevote).toByteArray());
        }
        return writer.toByteArray();
    }

    /**
     * Where {@code length} bytes go when the newest slot on disk names {@code kept} (or nothing):
     * at {@code dataStart} if they end before {@code kept} begins, else right after {@code kept}.
     */
    static long place(long dataStart, int length, LockRegion kept) {
        if (kept == null || dataStart + length <= kept.offset()) {
            return dataStart;
        }
        return kept.offset() + kept.length();
    }

    static LockRegion of(long offset, byte[] content) {
        return new LockRegion(offset, content.length, Sha256.hash(content));
    }

    void write(CanonicalWriter writer) {
        writer.writeLong(offset).writeInt(length).writeHash(checksum);
    }

    /** A region as a slot names it; null when its fields are out of range (the slot is then refused). */
    static LockRegion read(CanonicalReader reader) {
        long offset = reader.readLong();
        int length = reader.readInt();
        Hash checksum = Hash.of(reader.readFixed(Hash.BYTES));
        if (offset < 0 || length <= 0 || length > LENGTH_MAX) {
            throw new IllegalStateException("sign-state slot names a locked-block region out of range; refusing to sign");
        }
        return new LockRegion(offset, length, checksum);
    }

    /**
     * The region's content in {@code file}, or null when the file does not hold it intact (it
     * ends before the region, or the bytes do not match the checksum): what a crash in the middle
     * of the save that wrote the region, or later damage, leaves.
     */
    byte[] contentIn(byte[] file) {
        if (offset + length > file.length) {
            return null;
        }
        byte[] content = Arrays.copyOfRange(file, (int) offset, (int) offset + length);
        return Sha256.hash(content).equals(checksum) ? content : null;
    }

    /** Decodes a region's content, checked against the lock's round; throws {@link IllegalArgumentException} when it does not decode. */
    static Content decode(byte[] content, int lockedRound) {
        CanonicalReader reader = new CanonicalReader(content);
        if (reader.readInt() != lockedRound) {
            throw new IllegalArgumentException("the locked block's round is not the lock's");
        }
        Result<Block> block = BlockCodec.decode(reader.readBytes(), Limits.DEFAULT);
        if (!block.isOk()) {
            throw new IllegalArgumentException(block.rejection().message());
        }
        int count = reader.readInt();
        if (count < 0 || count > PROOF_VOTES_MAX) {
            throw new IllegalArgumentException("proof of lock of " + count + " votes");
        }
        List<Vote> proof = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            try {
                Result<Vote> vote = VoteCodec.fromWire(io.khata.proto.Vote.parseFrom(reader.readBytes()), "proof of lock");
                if (!vote.isOk()) {
                    throw new IllegalArgumentException(vote.rejection().message());
                }
                proof.add(vote.value());
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalArgumentException("a proof-of-lock vote does not decode", e);
            }
        }
        if (!reader.atEnd()) {
            throw new IllegalArgumentException("bytes after the proof of lock");
        }
        return new Content(block.value(), proof);
    }
}
