package io.khata.net.node;

import java.io.IOException;
import java.util.List;

/**
 * A directory of whole files with explicit durability, the seam under {@link LockedBlockFiles}:
 * a file created here holds what was written to it once its own {@link DurableFile#sync} returns,
 * and its name (created or deleted) survives a crash only once {@link #sync} returns. Until then
 * a crash may keep or undo each change of names, and lose or tear unsynced writes. The node's
 * implementation is a directory on the local file system; the simulator's fails, loses and tears
 * on purpose.
 */
public interface DurableDirectory {
    /** The names of the files in the directory that start with {@code prefix}, in name order. */
    List<String> list(String prefix) throws IOException;

    /** The bytes of file {@code name}; throws {@link java.nio.file.NoSuchFileException} if there is none. */
    byte[] read(String name) throws IOException;

    /** Creates file {@code name} empty, replacing any file of that name, and opens it for writing. */
    DurableFile create(String name) throws IOException;


    /** Deletes file {@code name} if there is one. */
    void delete(String name) throws IOException;

    /** Makes every creation and deletion so far durable. */
    void sync() throws IOException;
}
