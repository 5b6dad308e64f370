package io.khata.net.node;

import io.khata.core.codec.CanonicalReader;
import io.khata.core.codec.CanonicalWriter;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.Sha256;
import io.khata.net.consensus.SignState;
import io.khata.net.consensus.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The validator's last signed (height, round, step), its lock and the vote it last signed, with
 * the prevote before it when that is a precommit (so a restarted validator can send them
 * again), on disk. The locked block and its proof of lock do not fit a slot: they go to a file
 * of their own ({@link LockedBlockFiles}), synced before the slot that names it, so a restarted
 * locked validator can re-propose and relay its locked value. A slot that names a locked-block
 * file that is missing or damaged is corruption and stops the node, unless the operator
 * allowed a sign-state reset: then the lock is kept by its hash alone.
 *
 * <p>The file holds two fixed-size slots, written alternately, each with a sequence number
 * and a checksum; a save overwrites the older slot and forces it to disk, one sync per
 * signature (a rename-based save costs two, and a validator saves three times a height). A
 * crash in the middle of a save tears at most the slot being written, and what it held was
 * never sent, so falling back to the other slot is safe. When neither slot holds a state and
 * slot 0 was never written, no save ever completed (the first goes to slot 1), so nothing was
 * ever signed and the validator starts fresh; two damaged slots otherwise stop the node rather
 * than risk a double signature.
 *
 * <p>The bytes go through a {@link DurableFile} and the locked blocks through a
 * {@link DurableDirectory}: a {@code FileChannel} and the sign-state's directory on a node, a
 * simulated file and directory that lose, tear and fail writes under the simulator, which runs
 * this same code.
 */
public final class SignStateFile implements AutoCloseable {
    static final int SLOT_BYTES = 1024;
    private static final int HEADER_BYTES = 8 + 4;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SignStateFile.class);

    private final DurableFile file;
    /** Where locked blocks are kept beside the file. */
    private final LockedBlockFiles lockedBlocks;
    private long sequence;
    private boolean loaded;
    private boolean fullSize;
    /** The newest state on disk, loaded or saved: a save must come strictly after it. */
    private SignState newest = SignState.NONE;

    public SignStateFile(Path path) {
        this(new ChannelDurableFile(path), new FileSystemDirectory(path.toAbsolutePath().getParent()));
    }

    /**
     * A sign-state on {@code file}, with locked blocks kept in {@code lockedBlockDirectory}: the
     * seams a node fills with its file system and the simulator with its simulated disk.
     */
    public SignStateFile(DurableFile file, DurableDirectory lockedBlockDirectory) {
        this.file = file;
        this.lockedBlocks = new LockedBlockFiles(lockedBlockDirectory);
    }

    /** The newest intact state, or {@link SignState#NONE} for a validator that never signed. */
    public synchronized SignState load() {
        return load(false);
    }

    /**
     * As {@link #load()}; with {@code lostLockedBlockAllowed} (the operator's unsafe reset flag) a
     * missing or damaged locked-block file is logged and the lock kept by its hash alone.
     */
    public synchronized SignState load(boolean lostLockedBlockAllowed) {
        loaded = true;
        try {
            byte[] bytes = file.read();
            fullSize = bytes.length >= 2 * SLOT_BYTES;
            if (bytes.length == 0) {
                return SignState.NONE;
            }
            Slot newest = null;
            for (int slot = 0; slot < 2; slot++) {
                Slot read = readSlot(bytes, slot);
                if (read != null && (newest == null || read.sequence > newest.sequence)) {
                    newest = read;
                }
            }
            if (newest == null) {
                if (neverWritten(bytes, 0)) {
                    sequence = 0;
                    return SignState.NONE;
                }
                throw new IllegalStateException("sign-state file " + file + " is damaged in both slots; refusing to sign");
            }
            sequence = newest.sequence;
            SignState state = newest.lockedBlockStored ? withLockedBlock(newest.state, lostLockedBlockAllowed) : newest.state;
            this.newest = state;
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sign-state " + file, e);
        }
    }

    private record Slot(long sequence, SignState state, boolean lockedBlockStored) {
    }

    private SignState withLockedBlock(SignState state, boolean lostLockedBlockAllowed) {
        try {
            LockedBlockFiles.Loaded loaded = lockedBlocks.load(state.lockedBlockHash(), state.lockedRound());
            return new SignState(state.height(), state.round(), state.step(), state.lockedRound(),
                    state.lockedBlockHash(), state.lastVote(), loaded.block(), loaded.proof(), state.roundPrevote());
        } catch (IllegalStateException e) {
            String problem = "the sign-state " + file + " names a locked block at height " + state.height() + " round "
                    + state.lockedRound() + ", but " + e.getMessage() + "; it was synced before the sign-state, so this"
                    + " is disk corruption";
            if (!lostLockedBlockAllowed) {
                throw new IllegalStateException("refusing to start: " + problem + ". Restore the file, or start with "
                        + SignStateGuard.COMMAND_FLAG + " (node.json \"" + SignStateGuard.CONFIG_FLAG + "\": true) to"
                        + " keep the lock by its hash alone (this validator then cannot re-propose its locked block)", e);
            }
            LOG.warn("{}; keeping the lock by its hash alone, as the operator allowed", problem);
            return state;
        }
    }

    private static boolean neverWritten(byte[] bytes, int slot) {
        for (int i = slot * SLOT_BYTES; i < Math.min(bytes.length, (slot + 1) * SLOT_BYTES); i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Slot readSlot(byte[] bytes, int slot) {
        int offset = slot * SLOT_BYTES;
        if (bytes.length < offset + SLOT_BYTES) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, SLOT_BYTES);
        long sequence = buffer.getLong();
        int length = buffer.getInt();
        if (sequence <= 0 || length <= 0 || length > SLOT_BYTES - HEADER_BYTES - Hash.BYTES) {
            return null;
        }
        byte[] body = Arrays.copyOfRange(bytes, offset + HEADER_BYTES, offset + HEADER_BYTES + length);
        byte[] checksum = Arrays.copyOfRange(bytes, offset + HEADER_BYTES + length, offset + HEADER_BYTES + length + Hash.BYTES);
        byte[] covered = ByteBuffer.allocate(8 + body.length).putLong(sequence).put(body).array();
        if (!Sha256.hash(covered).equals(Hash.of(checksum))) {
            return null;
        }
        CanonicalReader reader = new CanonicalReader(body);
        SignState state = decode(reader);
        return new Slot(sequence, state, lockedBlockStored(reader, state));
    }

    /** Files written before locked blocks were kept end before this flag. */
    private static boolean lockedBlockStored(CanonicalReader reader, SignState state) {
        try {
            boolean stored = !reader.atEnd() && reader.readBoolean();
            if (stored && state.lockedBlockHash() == null) {
                throw new IllegalStateException("sign-state slot names a locked block without a lock; refusing to sign");
            }
            if (!reader.atEnd()) {
                throw new IllegalStateException("sign-state slot has bytes after its last field; refusing to sign");
            }
            return stored;
        } catch (IllegalStateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalStateException("sign-state slot passes its checksum but does not decode; refusing to sign", e);
        }
    }

    /**
     * A slot that passes its checksum but does not hold a sign-state was not torn by a crash, so
     * there is nothing safe to fall back to: like two damaged slots, it stops the node, and every
     * way the body can fail (an unknown step, a lock round without its block) ends the same way.
     */
    private static SignState decode(CanonicalReader reader) {
        try {
            return decodeBody(reader);
        } catch (IllegalStateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalStateException("sign-state slot passes its checksum but does not decode; refusing to sign", e);
        }
    }

    private static SignState decodeBody(CanonicalReader reader) {
        long height = reader.readLong();
        int round = reader.readInt();
        Step step = Step.values()[reader.readInt()];
        int lockedRound = reader.readInt();
        Hash locked = reader.readBoolean() ? Hash.of(reader.readFixed(Hash.BYTES)) : null;
        io.khata.core.block.Vote lastVote = readOptionalVote(reader);
        // Files written before the round's prevote was kept end here.
        io.khata.core.block.Vote roundPrevote = reader.atEnd() ? null : readOptionalVote(reader);
        return new SignState(height, round, step, lockedRound, locked, lastVote, null, java.util.List.of(), roundPrevote);
    }

    private static io.khata.core.block.Vote readOptionalVote(CanonicalReader reader) {
        if (!reader.readBoolean()) {
            return null;
        }
        try {
            return io.khata.core.block.VoteCodec.fromWire(io.khata.proto.Vote.parseFrom(reader.readBytes()),
                    "sign-state vote").value();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException("sign-state vote does not decode", e);
        }
    }

    private static void writeOptionalVote(CanonicalWriter writer, io.khata.core.block.Vote vote) {
        writer.writeBoolean(vote != null);
        if (vote != null) {
            writer.writeBytes(io.khata.core.block.VoteCodec.toWire(vote).toByteArray());
        }
    }

    /**
     * Saves durably; when this returns, the state survives a crash of the process or the machine.
     * The position only moves forward: a save at or before the newest one on disk is a bug in the
     * caller (it would let the validator sign there again) and throws {@link IllegalStateException}.
     */
    public synchronized void save(SignState state) {
        if (!loaded) {
            load(); // continue the sequence of what is on disk
        }
        if (!newest.permits(state.height(), state.round(), state.step())) {
            throw new IllegalStateException("sign-state must move forward: saving height " + state.height() + " round "
                    + state.round() + " " + state.step() + " after height " + newest.height() + " round "
                    + newest.round() + " " + newest.step() + " in " + file);
        }
        CanonicalWriter writer = new CanonicalWriter(256)
                .writeLong(state.height())
                .writeInt(state.round())
                .writeInt(state.step().ordinal())
                .writeInt(state.lockedRound())
                .writeOptionalHash(state.lockedBlockHash());
        writeOptionalVote(writer, state.lastVote());
        writeOptionalVote(writer, state.roundPrevote());
        writer.writeBoolean(state.lockedBlock() != null);
        byte[] body = writer.toByteArray();
        if (body.length > SLOT_BYTES - HEADER_BYTES - Hash.BYTES) {
            throw new IllegalStateException("sign-state of " + body.length + " bytes does not fit a slot");
        }
        long next = sequence + 1;
        byte[] covered = ByteBuffer.allocate(8 + body.length).putLong(next).put(body).array();
        ByteBuffer slot = ByteBuffer.allocate(SLOT_BYTES)
                .putLong(next).putInt(body.length).put(body).put(Sha256.hash(covered).toByteArray());
        try {
            lockedBlocks.save(state); // durable before the slot that names it
            if (!fullSize) {
                file.write(2L * SLOT_BYTES - 1, new byte[1]); // both slots exist before the first one is used
                fullSize = true;
            }
            file.write((next % 2) * SLOT_BYTES, slot.array());
            file.sync();
            lockedBlocks.slotSaved(state);
            sequence = next;
            newest = state;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save sign-state " + file + "; the node must not sign", e);
        }
        try {
            lockedBlocks.retainOnly(state);
        } catch (IOException e) {
            // The state is saved; a stale locked-block file only costs disk until the next try.
            LOG.warn("could not delete old locked-block files beside {}", file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            file.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
