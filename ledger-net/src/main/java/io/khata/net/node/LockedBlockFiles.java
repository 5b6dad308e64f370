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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The locked block and its proof of lock, beside the sign-state in a file of their own
 * ({@code locked-<round>-<block hash>.bin}): a block of up to the block size limit does not fit
 * the sign-state's fixed slots, and a restarted validator needs it to re-propose and relay its
 * locked value (without it, if the others never saw that polka, the height stalls).
 *
 * <p>Written once per lock to a temporary file, synced, renamed to its name and synced with its
 * directory entry before the sign-state slot that names it. A name therefore only ever holds a
 * whole, synced file: a save of a lock whose file exists (an earlier save failed, or the file
 * was deleted and the deletion not yet synced) replaces it in one step, and a crash leaves the
 * old file or the new one, both intact. A slot that names a file whose content does not match
 * its checksum or block hash is corruption, never a torn write. The round is part of the name so that a re-lock of the same
 * block in a later round writes a new file instead of rewriting one an intact slot names. After
 * a save, every other locked-block file is deleted: the slot just saved is the only one a later
 * torn write can fall back to.
 *
 * <p>Layout: locked round (int), block bytes, proof prevotes (count, then each as wire bytes),
 * all in the canonical encoding, followed by the SHA-256 of everything before it.
 *
 * <p>The files live in a {@link DurableDirectory}: the sign-state's directory on a node, a
 * simulated directory (which loses and tears what was not synced at a crash) under the
 * simulator, which runs this same code.
 */
final class LockedBlockFiles {
    private static final String PREFIX = "locked-";
    private static final String SUFFIX = ".bin";
    /** Where a file is written and synced before it takes its name. */
    private static final String TEMPORARY = ".tmp";
    /** Prevotes of a proof of lock: at most one per validator; generous for a consortium of ~30. */
    private static final int PROOF_VOTES_MAX = 1_000;

    private final DurableDirectory directory;
    /** The file known to be intact on disk (written and synced here, or checked at load), or null. */
    private String durable;
    /** The file every other one was last deleted for, or null before the first clean-up. */
    private String retained;
    /**
     * The file the newest sign-state slot on disk names (saved here, or found at load), or null:
     * it is never rewritten, since a crash in the middle of rewriting it would leave that slot
     * naming a torn file (after a save that failed, {@link #durable} may name another file).
     */
    private String named;

    LockedBlockFiles(DurableDirectory directory) {
        this.directory = directory;
    }

    static String name(Hash blockHash, int lockedRound) {
        return PREFIX + lockedRound + "-" + blockHash.toHex() + SUFFIX;
    }

    /** Makes the locked block of {@code state} durable, unless it already is; a state without one needs nothing. */
    void save(SignState state) throws IOException {
        if (state.lockedBlock() == null) {
            return;
        }
        String name = name(state.lockedBlockHash(), state.lockedRound());
        if (name.equals(durable) || name.equals(named)) {
            return;
        }
        durable = null;
        CanonicalWriter writer = new CanonicalWriter(1024)
                .writeInt(state.lockedRound())
                .writeBytes(BlockCodec.encode(state.lockedBlock()))
                .writeInt(state.lockProof().size());
        for (Vote prevote : state.lockProof()) {
            writer.writeBytes(VoteCodec.toWire(prevote).toByteArray());
        }
        byte[] content = writer.toByteArray();
        byte[] bytes = ByteBuffer.allocate(content.length + Hash.BYTES).put(content)
                .put(Sha256.hash(content).toByteArray()).array();
        String temporary = name + TEMPORARY;
        try (DurableFile file = directory.create(temporary)) {
            file.write(0, bytes);
            file.sync();
        }
        directory.rename(temporary, name);
        directory.sync();
        durable = name;
    }

    /** The sign-state slot that holds {@code state} is synced: the file it names is the one never to rewrite. */
    void slotSaved(SignState state) {
        named = state.lockedBlock() == null ? null : name(state.lockedBlockHash(), state.lockedRound());
    }

    /** After {@code state} is saved: deletes every locked-block file but the one it names. */
    void retainOnly(SignState state) throws IOException {
        String keep = state.lockedBlock() == null ? "" : name(state.lockedBlockHash(), state.lockedRound());
        if (keep.equals(retained)) {
            return;
        }
        for (String name : directory.list(PREFIX)) {
            if ((name.endsWith(SUFFIX) || name.endsWith(SUFFIX + TEMPORARY)) && !name.equals(keep)) {
                directory.delete(name);
                if (name.equals(durable)) {
                    durable = null; // a later lock of the same round and block must write it again
                }
            }
        }
        retained = keep;
    }

    /** The locked block and proof the sign-state names: what the file holds, or why it cannot be used. */
    record Loaded(Block block, List<Vote> proof) {
    }

    /**
     * Reads and checks the file a sign-state slot names; throws {@link IllegalStateException}
     * naming the file when it is missing, does not match its checksum, or holds another block.
     */
    Loaded load(Hash blockHash, int lockedRound) {
        String file = directory + "/" + name(blockHash, lockedRound);
        byte[] bytes;
        try {
            bytes = directory.read(name(blockHash, lockedRound));
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("locked block file " + file + " is missing", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read locked block file " + file, e);
        }
        if (bytes.length < Hash.BYTES) {
            throw new IllegalStateException("locked block file " + file + " is truncated (" + bytes.length + " bytes)");
        }
        byte[] content = Arrays.copyOf(bytes, bytes.length - Hash.BYTES);
        if (!Sha256.hash(content).equals(Hash.of(Arrays.copyOfRange(bytes, content.length, bytes.length)))) {
            throw new IllegalStateException("locked block file " + file + " does not match its checksum");
        }
        Loaded loaded;
        try {
            loaded = decode(content, lockedRound);
        } catch (RuntimeException e) {
            throw new IllegalStateException("locked block file " + file + " passes its checksum but does not decode", e);
        }
        if (!loaded.block().hash().equals(blockHash)) {
            throw new IllegalStateException("locked block file " + file + " holds block " + loaded.block().hash());
        }
        durable = name(blockHash, lockedRound);
        named = durable;
        return loaded;
    }

    private static Loaded decode(byte[] content, int lockedRound) {
        CanonicalReader reader = new CanonicalReader(content);
        if (reader.readInt() != lockedRound) {
            throw new IllegalArgumentException("the file's round is not the lock's");
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
        return new Loaded(block.value(), proof);
    }
}
