package io.khata.net.node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link DurableFile} on the local file system: {@link #sync} forces the file's data (and its
 * metadata when it grew), and the first sync after creating the file also forces its directory,
 * so that the file itself survives a power loss.
 */
final class ChannelDurableFile implements DurableFile {
    private final Path path;
    private FileChannel channel;
    private boolean grown;
    private boolean created;

    ChannelDurableFile(Path path) {
        this.path = path;
    }

    @Override
    public byte[] read() throws IOException {
        return Files.exists(path) ? Files.readAllBytes(path) : new byte[0];
    }

    @Override
    public void write(long position, byte[] bytes) throws IOException {
        FileChannel open = open();
        long sizeBefore = open.size();
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            open.write(buffer, position + buffer.position());
        }
        grown |= open.size() > sizeBefore;
    }

    @Override
    public void sync() throws IOException {
        FileChannel open = open();
        open.force(grown);
        grown = false;
        if (created) {
            try (FileChannel directory = FileChannel.open(path.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                directory.force(true);
            }
            created = false;
        }
    }

    private FileChannel open() throws IOException {
        if (channel == null) {
            Files.createDirectories(path.toAbsolutePath().getParent());
            created = !Files.exists(path);
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        return channel;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
