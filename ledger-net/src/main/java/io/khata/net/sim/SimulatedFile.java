package io.khata.net.sim;

import io.khata.net.node.DurableFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A {@link DurableFile} in memory with the durability of a real one: a write is visible at once
 * but durable only after a {@link #sync}; at a crash each unsynced write, in order, is kept,
 * lost, or torn at a random byte (a prefix of it reaches the disk), and a file never synced may
 * vanish. Faults come from its {@link SimDisk}. It outlives the process that writes it, as a
 * disk does: closing it changes nothing.
 */
final class SimulatedFile implements DurableFile {
    private record Write(long position, byte[] bytes) {
    }

    private final SimDisk disk;
    private final String name;
    private byte[] durable = new byte[0];
    private boolean durableExists;
    private boolean exists;
    private final List<Write> unsynced = new ArrayList<>();
    long tornWrites;
    long lostWrites;

    SimulatedFile(SimDisk disk, String name) {
        this.disk = disk;
        this.name = name;
    }

    @Override
    public byte[] read() {
        if (!exists) {
            return new byte[0];
        }
        byte[] current = durable;
        for (Write write : unsynced) {
            current = apply(current, write.position, write.bytes, write.bytes.length);
        }
        return current.clone();
    }

    @Override
    public void write(long position, byte[] bytes) throws InjectedFault {
        disk.beforeWrite(name, position + bytes.length > read().length);
        exists = true;
        unsynced.add(new Write(position, bytes.clone()));
    }

    @Override
    public void sync() throws InjectedFault {
        disk.beforeSync(name);
        durable = read();
        durableExists = exists;
        unsynced.clear();
        disk.afterSync();
    }

    void crash(SplittableRandom random) {
        boolean anyKept = false;
        for (Write write : unsynced) {
            int outcome = random.nextInt(3);
            if (outcome == 0) {
                durable = apply(durable, write.position, write.bytes, write.bytes.length);
                anyKept = true;
            } else if (outcome == 1) {
                lostWrites++;
            } else {
                durable = apply(durable, write.position, write.bytes, random.nextInt(write.bytes.length));
                tornWrites++;
                anyKept = true;
            }
        }
        unsynced.clear();
        durableExists |= anyKept && exists;
        exists = durableExists;
    }

    private static byte[] apply(byte[] content, long position, byte[] bytes, int length) {
        int end = Math.toIntExact(position + length);
        byte[] result = end > content.length ? Arrays.copyOf(content, end) : content.clone();
        System.arraycopy(bytes, 0, result, (int) position, length);
        return result;
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return name;
    }
}
