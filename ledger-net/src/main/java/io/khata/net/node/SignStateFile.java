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
 * again), on disk. The locked block and its proof of lock do not fit a slot: they go to a
 * region of the same file after the slots ({@link LockRegion}), named by the slot with its
 * length and checksum, so a restarted locked validator can re-propose and relay its locked
 * value.
 *
 * <p>The file holds two fixed-size slots, written alternately, each with a sequence number
 * and a checksum; a save overwrites the older slot (and writes its region, in a range the other
 * slot's region does not use) and forces the file to disk: one sync per signature, a locking
 * precommit included (a rename-based save costs two, a locked block in a file of its own two
 * more, and a validator saves three times a height). A crash in the middle of a save tears at
 * most the slot and region being written, and what they held was never sent, so falling back
 * to the other slot is safe. When neither slot holds a state and slot 0 was never written, no
 * save ever completed (the first goes to slot 1), so nothing was ever signed and the validator
 * starts fresh; two damaged slots otherwise stop the node rather than risk a double signature.
 *
 * <p>A newest slot whose region does not match its checksum is kept, with its lock by hash
 * alone: one sync covers both, so a crash before it returned may leave the slot whole and the
 * region torn, and keeping the slot is safe (its position and lock only hold the validator
 * back; the block is needed for liveness, not safety). A region that matches its checksum but
 * does not decode, or holds another block, is corruption and stops the node unless the
 * operator allowed a sign-state reset. Slots written by earlier versions name a locked-block
 * file of their own ({@link LockedBlockFiles}); those are read, and deleted after the first save.
 *
 * <p>The bytes go through a {@link DurableFile} and the locked blocks through a
 * {@link DurableDirectory}: a {@code FileChannel} and the sign-state's directory on a node, a
 * simulated file and directory that lose, tear and fail writes under the simulator, which runs
 * this same code.
 */
public final class SignStateFile implements AutoCloseable {
    static final int SLOT_BYTES = 1024;
    private static final int HEADER_BYTES = 8 + 4;
    /** Where locked-block regions may begin: after both slots. */
    static final long DATA_START = 2L * SLOT_BYTES;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SignStateFile.class);

    private final DurableFile file;
    /** Locked-block files of earlier versions, beside the file. */
    private final LockedBlockFiles lockedBlocks;
    /** The region the newest slot on disk names, or null: a save never writes over it. */
    private LockRegion newestRegion;
    /** Set once the first save returned and the earlier versions' locked-block files were deleted. */
    private boolean filesDeleted;
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
            newestRegion = newest.region;
            SignState state = newest.lockedBlockStored ? withLockedBlock(newest.state, lostLockedBlockAllowed)
                    : newest.region != null ? withRegion(newest.state, newest.region, bytes, lostLockedBlockAllowed)
                    : newest.state;
            this.newest = state;
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sign-state " + file, e);
        }
    }

    /** A checked slot: its state, whether it names a locked-block file (earlier versions) or a region. */
    private record Slot(long sequence, SignState state, boolean lockedBlockStored, LockRegion region) {
    }

    private SignState withRegion(SignState state, LockRegion region, byte[] bytes, boolean lostLockedBlockAllowed) {
        byte[] content = region.contentIn(bytes);
        if (content == null) {
            LOG.warn("the locked block of the sign-state {} at height {} round {} was torn by a crash while it was"
                    + " saved; keeping the lock by its hash alone", file, state.height(), state.lockedRound());
            return state;
        }
        LockRegion.Content decoded;
        try {
            decoded = LockRegion.decode(content, state.lockedRound());
            if (!decoded.block().hash().equals(state.lockedBlockHash())) {
                throw new IllegalArgumentException("it holds block " + decoded.block().hash());
            }
        } catch (RuntimeException e) {
            return corruptLock(state, "the locked block of the sign-state " + file + " at height " + state.height()
                    + " matches its checksum but cannot be used (" + e.getMessage() + "); this is corruption",
                    e, lostLockedBlockAllowed);
        }
        return withBlock(state, decoded.block(), decoded.proof());
    }

    private SignState withLockedBlock(SignState state, boolean lostLockedBlockAllowed) {
        try {
            LockedBlockFiles.Loaded loaded = lockedBlocks.load(state.lockedBlockHash(), state.lockedRound());
            return withBlock(state, loaded.block(), loaded.proof());
        } catch (IllegalStateException e) {
            return corruptLock(state, "the sign-state " + file + " names a locked block at height " + state.height()
                    + " round " + state.lockedRound() + ", but " + e.getMessage() + "; it was synced before the"
                    + " sign-state, so this is disk corruption", e, lostLockedBlockAllowed);
        }
    }

    private static SignState withBlock(SignState state, io.khata.core.block.Block block,
                                       java.util.List<io.khata.core.block.Vote> proof) {
        return new SignState(state.height(), state.round(), state.step(), state.lockedRound(), state.lockedBlockHash(),
                state.lastVote(), block, proof, state.roundPrevote());
    }

    /** A locked block that cannot be used though it was synced: refuses to start, unless the operator allowed a reset. */
    private static SignState corruptLock(SignState state, String problem, RuntimeException cause, boolean lostLockedBlockAllowed) {
        if (!lostLockedBlockAllowed) {
            throw new IllegalStateException("refusing to start: " + problem + ". Restore the file, or start with "
                    + SignStateGuard.COMMAND_FLAG + " (node.json \"" + SignStateGuard.CONFIG_FLAG + "\": true) to"
                    + " keep the lock by its hash alone (this validator then cannot re-propose its locked block)", cause);
        }
        LOG.warn("{}; keeping the lock by its hash alone, as the operator allowed", problem);
        return state;
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
        return lockedBlockStored(reader, sequence, state);
    }

    /**
     * The slot's last fields: whether it names a locked-block file (files written before locked
     * blocks were kept end before this flag), then, in files written since locked blocks moved
     * into the file, whether it names a region and which.
     */
    private static Slot lockedBlockStored(CanonicalReader reader, long sequence, SignState state) {
        try {
            boolean stored = !reader.atEnd() && reader.readBoolean();
            LockRegion region = !reader.atEnd() && reader.readBoolean() ? LockRegion.read(reader) : null;
            if ((stored || region != null) && state.lockedBlockHash() == null) {
                throw new IllegalStateException("sign-state slot names a locked block without a lock; refusing to sign");
            }
            if (stored && region != null) {
                throw new IllegalStateException("sign-state slot names a locked-block file and a region; refusing to sign");
            }
            if (!reader.atEnd()) {
                throw new IllegalStateException("sign-state slot has bytes after its last field; refusing to sign");
            }
            return new Slot(sequence, state, stored, region);
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
        byte[] content = state.lockedBlock() == null ? null : LockRegion.encode(state);
        LockRegion region = content == null ? null
                : LockRegion.of(LockRegion.place(DATA_START, content.length, newestRegion), content);
        writer.writeBoolean(false).writeBoolean(region != null);
        if (region != null) {
            region.write(writer);
        }
        byte[] body = writer.toByteArray();
        if (body.length > SLOT_BYTES - HEADER_BYTES - Hash.BYTES) {
            throw new IllegalStateException("sign-state of " + body.length + " bytes does not fit a slot");
        }
        long next = sequence + 1;
        byte[] covered = ByteBuffer.allocate(8 + body.length).putLong(next).put(body).array();
        ByteBuffer slot = ByteBuffer.allocate(SLOT_BYTES)
                .putLong(next).putInt(body.length).put(body).put(Sha256.hash(covered).toByteArray());
        try {
            if (!fullSize) {
                file.write(2L * SLOT_BYTES - 1, new byte[1]); // both slots exist before the first one is used
                fullSize = true;
            }
            if (region != null) {
                file.write(region.offset(), content); // outside the region the other slot names
            }
            file.write((next % 2) * SLOT_BYTES, slot.array());
            file.sync(); // the slot and its region, in one sync
            sequence = next;
            newest = state;
            newestRegion = region;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save sign-state " + file + "; the node must not sign", e);
        }
        deleteEarlierFiles();
    }

    /** After the first save: no slot on disk that a load would use names a file of an earlier version. */
    private void deleteEarlierFiles() {
        if (filesDeleted) {
            return;
        }
        filesDeleted = true;
        try {
            lockedBlocks.deleteAll();
        } catch (IOException e) {
            // The state is saved; a stale locked-block file only costs disk.
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
