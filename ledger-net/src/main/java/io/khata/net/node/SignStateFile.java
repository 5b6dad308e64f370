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
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The validator's last signed (height, round, step), its lock and the vote it last signed (so
 * a restarted validator can send it again), on disk. The locked block itself is not stored:
 * a restarted validator that is locked waits for the block to be proposed again. Saved by writing a new
 * file, forcing it to disk, and renaming it over the old one (then forcing the directory), so
 * a crash leaves either the old or the new state, never a torn one. A checksum guards against
 * a file damaged some other way: the node refuses to start rather than risk double signing.
 */
public final class SignStateFile {
    private final Path file;
    private final Path temporary;

    public SignStateFile(Path file) {
        this.file = file;
        this.temporary = file.resolveSibling(file.getFileName() + ".tmp");
    }

    public SignState load() {
        if (!Files.exists(file)) {
            return SignState.NONE;
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length < Hash.BYTES) {
                throw new IllegalStateException("sign-state file " + file + " is truncated; refusing to sign");
            }
            byte[] body = Arrays.copyOf(bytes, bytes.length - Hash.BYTES);
            Hash expected = Hash.of(Arrays.copyOfRange(bytes, bytes.length - Hash.BYTES, bytes.length));
            if (!Sha256.hash(body).equals(expected)) {
                throw new IllegalStateException("sign-state file " + file + " is damaged; refusing to sign");
            }
            CanonicalReader reader = new CanonicalReader(body);
            long height = reader.readLong();
            int round = reader.readInt();
            Step step = Step.values()[reader.readInt()];
            int lockedRound = reader.readInt();
            Hash locked = reader.readBoolean() ? Hash.of(reader.readFixed(Hash.BYTES)) : null;
            io.khata.core.block.Vote lastVote = null;
            if (!reader.atEnd() && reader.readBoolean()) {
                lastVote = io.khata.core.block.VoteCodec.fromWire(io.khata.proto.Vote.parseFrom(reader.readBytes()),
                        "sign-state vote").value();
            }
            return new SignState(height, round, step, lockedRound, locked, lastVote);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sign-state " + file, e);
        }
    }

    /** Saves durably; when this returns, the state survives a crash of the process or the machine. */
    public void save(SignState state) {
        CanonicalWriter writer = new CanonicalWriter(96)
                .writeLong(state.height())
                .writeInt(state.round())
                .writeInt(state.step().ordinal())
                .writeInt(state.lockedRound())
                .writeOptionalHash(state.lockedBlockHash())
                .writeBoolean(state.lastVote() != null);
        if (state.lastVote() != null) {
            writer.writeBytes(io.khata.core.block.VoteCodec.toWire(state.lastVote()).toByteArray());
        }
        byte[] body = writer.toByteArray();
        byte[] checksum = Sha256.hash(body).toByteArray();
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(body));
                channel.write(ByteBuffer.wrap(checksum));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                directory.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save sign-state " + file + "; the node must not sign", e);
        }
    }
}
