package io.khata.net.node;

import java.io.IOException;
import java.util.List;

/**
 * The sign-state of an observer: there is none. An observer never signs, so it has no
 * sign-state file; this stands in for one in the consensus shell, reads as "never signed", and
 * refuses any write. Consensus without a validator key never asks for a write, so a write
 * reaching here is a broken invariant: the shell halts the node rather than let an observer
 * take part.
 */
final class NoSignState {
    private NoSignState() {
    }

    static SignStateFile file() {
        return new SignStateFile(new NoFile(), new NoDirectory());
    }

    private static IllegalStateException refused() {
        return new IllegalStateException("an observer never signs: it has no sign-state to write");
    }

    private static final class NoFile implements DurableFile {
        @Override
        public byte[] read() {
            return new byte[0];
        }

        @Override
        public void write(long position, byte[] bytes) {
            throw refused();
        }

        @Override
        public void sync() {
            throw refused();
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return "(no sign-state: observer)";
        }
    }

    private static final class NoDirectory implements DurableDirectory {
        @Override
        public List<String> list(String prefix) {
            return List.of();
        }

        @Override
        public byte[] read(String name) throws IOException {
            throw new java.nio.file.NoSuchFileException(name);
        }

        @Override
        public DurableFile create(String name) {
            throw refused();
        }

        @Override
        public void delete(String name) {
            throw refused();
        }

        @Override
        public void sync() {
            throw refused();
        }
    }
}
