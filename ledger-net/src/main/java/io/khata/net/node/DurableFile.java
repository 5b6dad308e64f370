package io.khata.net.node;

import java.io.IOException;

/**
 * A file with explicit durability, the seam under {@link SignStateFile}: writes reach stable
 * storage only when {@link #sync} returns. Until then a crash may keep a write, lose it, or
 * keep only a prefix of it (a torn write), and any call may fail with an I/O error or a full
 * disk. The node's implementation is a {@code FileChannel} with {@code force}; the simulator's
 * does all of the above on purpose.
 */
public interface DurableFile extends AutoCloseable {
    /** The file's bytes as a read sees them now; empty if the file does not exist. */
    byte[] read() throws IOException;

    /** Writes {@code bytes} at {@code position}, creating the file (and growing it) as needed. */
    void write(long position, byte[] bytes) throws IOException;

    /** Makes every write so far durable, including the file's existence and size. */
    void sync() throws IOException;

    @Override
    void close() throws IOException;
}
