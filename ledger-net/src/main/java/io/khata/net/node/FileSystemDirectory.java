package io.khata.net.node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A {@link DurableDirectory} on the local file system: a file's {@code sync} forces its data and
 * metadata, and the directory's forces the directory itself, so that names created or deleted
 * survive a power loss.
 */
final class FileSystemDirectory implements DurableDirectory {
    private final Path directory;

    FileSystemDirectory(Path directory) {
        this.directory = directory;
    }

    Path path(String name) {
        return directory.resolve(name);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, prefix + "*")) {
            for (Path file : files) {
                names.add(file.getFileName().toString());
            }
        }
        Collections.sort(names);
        return names;
    }

    @Override
    public byte[] read(String name) throws IOException {
        return Files.readAllBytes(directory.resolve(name));
    }

    @Override
    public DurableFile create(String name) throws IOException {
        Files.createDirectories(directory);
        FileChannel channel = FileChannel.open(directory.resolve(name), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new DurableFile() {
            @Override
            public byte[] read() throws IOException {
                ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(channel.size()));
                while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
                    // reads until the buffer is full
                }
                return buffer.array();
            }

            @Override
            public void write(long position, byte[] bytes) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer, position + buffer.position());
                }
            }

            @Override
            public void sync() throws IOException {
                channel.force(true);
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }

            @Override
            public String toString() {
                return directory.resolve(name).toString();
            }
        };
    }


    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(directory.resolve(name));
    }

    @Override
    public void sync() throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public String toString() {
        return directory.toString();
    }
}
