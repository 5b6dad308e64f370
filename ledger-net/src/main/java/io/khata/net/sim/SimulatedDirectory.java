package io.khata.net.sim;

import io.khata.net.node.DurableDirectory;
import io.khata.net.node.DurableFile;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link DurableDirectory} in memory with the durability of a real one: a created or deleted
 * name is visible at once but durable only after {@link #sync}; each file is a
 * {@link SimulatedFile} (its writes durable only after its own sync). At a crash every file
 * keeps, loses or tears its unsynced writes, and each unsynced change of names is kept or undone
 * (a deleted file may come back, a created one vanish, a replaced one return to its old content).
 * Faults come from its {@link SimDisk}: creating a file may fail (I/O error, full disk), and a
 * crash armed for the next sync strikes at this directory's sync too.
 */
final class SimulatedDirectory implements DurableDirectory {
    private final SimDisk disk;
    private final String name;
    /** Names as a read sees them now, and as the last sync left them on the disk (name order: deterministic). */
    private Map<String, SimulatedFile> visible = new TreeMap<>();
    private Map<String, SimulatedFile> durable = new TreeMap<>();
    long undoneChanges;
    private long lostWrites;
    private long tornWrites;

    SimulatedDirectory(SimDisk disk, String name) {
        this.disk = disk;
        this.name = name;
    }

    @Override
    public List<String> list(String prefix) {
        List<String> names = new ArrayList<>();
        for (String file : visible.keySet()) {
            if (file.startsWith(prefix)) {
                names.add(file);
            }
        }
        return names;
    }

    @Override
    public byte[] read(String file) throws NoSuchFileException {
        SimulatedFile found = visible.get(file);
        if (found == null) {
            throw new NoSuchFileException(name + "/" + file);
        }
        return found.read();
    }

    @Override
    public DurableFile create(String file) throws InjectedFault {
        disk.beforeWrite(name + "/" + file + " (new directory entry)", true);
        SimulatedFile created = new SimulatedFile(disk, name + "/" + file);
        visible.put(file, created);
        return created;
    }


    /** Never fails: a failed deletion only leaves a stale file, which the node logs and deletes later. */
    @Override
    public void delete(String file) {
        visible.remove(file);
    }

    @Override
    public void sync() throws InjectedFault {
        disk.beforeSync(name);
        durable = new TreeMap<>(visible);
        disk.afterSync();
    }

    /** The node crashed: files lose or tear unsynced writes, and unsynced changes of names are kept or undone. */
    void crash(SplittableRandom random) {
        Map<SimulatedFile, Boolean> files = new IdentityHashMap<>();
        TreeSet<String> names = new TreeSet<>(visible.keySet());
        names.addAll(durable.keySet());
        Map<String, SimulatedFile> after = new TreeMap<>();
        for (String file : names) {
            SimulatedFile now = visible.get(file);
            SimulatedFile synced = durable.get(file);
            SimulatedFile kept = now;
            if (now != synced) {
                boolean undo = random.nextBoolean();
                kept = undo ? synced : now;
                undoneChanges += undo ? 1 : 0;
            }
            if (kept != null) {
                after.put(file, kept);
                if (files.put(kept, Boolean.TRUE) == null) {
                    long lostBefore = kept.lostWrites;
                    long tornBefore = kept.tornWrites;
                    kept.crash(random);
                    lostWrites += kept.lostWrites - lostBefore;
                    tornWrites += kept.tornWrites - tornBefore;
                }
            }
        }
        visible = after;
        durable = new TreeMap<>(after);
    }

    /** Unsynced writes lost at crashes, and unsynced changes of names undone. */
    long lostWrites() {
        return lostWrites + undoneChanges;
    }

    long tornWrites() {
        return tornWrites;
    }

    @Override
    public String toString() {
        return name;
    }
}
