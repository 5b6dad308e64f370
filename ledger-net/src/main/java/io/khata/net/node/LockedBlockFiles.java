package io.khata.net.node;

import io.khata.core.block.Block;
import io.khata.core.block.Vote;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;

/**
 * The locked-block files of earlier versions ({@code locked-<round>-<block hash>.bin} beside the
 * sign-state): a sign-state slot written by them names one, and it is read from there. Saves no
 * longer write these files (the locked block goes to a region of the sign-state file, see
 * {@link LockRegion}); once a save has made a slot of its own durable, they are deleted.
 *
 * <p>Such a file was synced, with its name, before the slot that names it, so a slot that
 * names a file whose content does not match its checksum or block hash is corruption, never a
 * torn write.
 *
 * <p>Layout: the content of a {@link LockRegion}, followed by its SHA-256.
 *
 * <p>The files live in a {@link DurableDirectory}: the sign-state's directory on a node, a
 * simulated directory under the simulator, which runs this same code.
 */
final class LockedBlockFiles {
    private static final String PREFIX = "locked-";
    private static final String SUFFIX = ".bin";
    private static final String TEMPORARY = ".tmp";

    private final DurableDirectory directory;

    LockedBlockFiles(DurableDirectory directory) {
        this.directory = directory;
    }

    static String name(Hash blockHash, int lockedRound) {
        return PREFIX + lockedRound + "-" + blockHash.toHex() + SUFFIX;
    }

    /** Deletes every locked-block file: called once a slot that names none is durable. */
    void deleteAll() throws IOException {
        for (String name : directory.list(PREFIX)) {
            if (name.endsWith(SUFFIX) || name.endsWith(SUFFIX + TEMPORARY)) {
                directory.delete(name);
            }
        }
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
            LockRegion.Content decoded = LockRegion.decode(content, lockedRound);
            loaded = new Loaded(decoded.block(), decoded.proof());
        } catch (RuntimeException e) {
            throw new IllegalStateException("locked block file " + file + " passes its checksum but does not decode", e);
        }
        if (!loaded.block().hash().equals(blockHash)) {
            throw new IllegalStateException("locked block file " + file + " holds block " + loaded.block().hash());
        }
        return loaded;
    }
}
