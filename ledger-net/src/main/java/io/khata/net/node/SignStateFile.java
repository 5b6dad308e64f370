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
 * again), on disk. The locked block itself is not stored:
 * a restarted validator that is locked waits for the block to be proposed again.
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
 * <p>The bytes go through a {@link DurableFile}: a {@code FileChannel} on a node, a simulated
 * file that loses, tears and fails writes under the simulator, which runs this same encoding.
 */
public final class SignStateFile implements AutoCloseable {
    static final int SLOT_BYTES = 1024;
    private static final int HEADER_BYTES = 8 + 4;

    private final DurableFile file;
    private long sequence;
    private boolean loaded;
    private boolean fullSize;

    public SignStateFile(Path path) {
        this(new ChannelDurableFile(path));
    }

    public SignStateFile(DurableFile file) {
        this.file = file;
    }

    /** The newest intact state, or {@link SignState#NONE} for a validator that never signed. */
    public synchronized SignState load() {
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
            return newest.state;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sign-state " + file, e);
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

    private record Slot(long sequence, SignState state) {
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
        return new Slot(sequence, decode(body));
    }

    /**
     * A slot that passes its checksum but does not hold a sign-state was not torn by a crash, so
     * there is nothing safe to fall back to: like two damaged slots, it stops the node, and every
     * way the body can fail (an unknown step, a lock round without its block) ends the same way.
     */
    private static SignState decode(byte[] body) {
        try {
            return decodeBody(body);
        } catch (IllegalStateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalStateException("sign-state slot passes its checksum but does not decode; refusing to sign", e);
        }
    }

    private static SignState decodeBody(byte[] body) {
        CanonicalReader reader = new CanonicalReader(body);
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

    /** Saves durably; when this returns, the state survives a crash of the process or the machine. */
    public synchronized void save(SignState state) {
        if (!loaded) {
            load(); // continue the sequence of what is on disk
        }
        CanonicalWriter writer = new CanonicalWriter(256)
                .writeLong(state.height())
                .writeInt(state.round())
                .writeInt(state.step().ordinal())
                .writeInt(state.lockedRound())
                .writeOptionalHash(state.lockedBlockHash());
        writeOptionalVote(writer, state.lastVote());
        writeOptionalVote(writer, state.roundPrevote());
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
            file.write((next % 2) * SLOT_BYTES, slot.array());
            file.sync();
            sequence = next;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save sign-state " + file + "; the node must not sign", e);
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
