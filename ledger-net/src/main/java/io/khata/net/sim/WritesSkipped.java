package io.khata.net.sim;

import io.khata.net.node.DurableFile;
import java.io.IOException;

/**
 * The sign-state file of {@link Broken#SKIPS_SIGN_STATE}: reads what the disk holds, while every
 * write and sync does nothing and returns as if it had worked; the node signs and sends on.
 */
final class WritesSkipped implements DurableFile {
    private final DurableFile disk;

    WritesSkipped(DurableFile disk) {
        this.disk = disk;
    }

    @Override
    public byte[] read() throws IOException {
        return disk.read();
    }

    @Override
    public void write(long position, byte[] bytes) {
    }

    @Override
    public void sync() {
    }

    @Override
    public void close() {
    }
}
