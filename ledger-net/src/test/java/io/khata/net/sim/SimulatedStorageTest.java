package io.khata.net.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.crypto.Hash;
import io.khata.core.state.StateChanges;
import io.khata.core.store.CommitBatch;
import io.khata.core.store.StorageException;
import io.khata.net.consensus.SignState;
import io.khata.net.consensus.Step;
import io.khata.net.node.SignStateFile;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The simulated disk under the real sign-state encoding: whatever a crash or an I/O error does
 * to unsynced writes, a reload finds at least the last save that returned. Seeded; a failure
 * prints its seed, and {@code -Dkhata.sim.storageSeed=S} replays it
 * ({@code -Dkhata.sim.storageSeeds=N} runs the locked-block test for N seeds from there, 10 by default).
 */
class SimulatedStorageTest {
    private static final long SEED = Long.getLong("khata.sim.storageSeed", System.nanoTime());

    @Test
    void unsyncedWritesAreKeptLostOrTornAtACrashAndSyncedOnesStay() throws Exception {
        SimDisk disk = new SimDisk("node", new SplittableRandom(SEED), 0, () -> true);
        SimulatedFile file = disk.file("f");
        file.write(0, new byte[] {1, 2, 3, 4});
        file.sync();
        file.write(2, new byte[] {9, 9, 9, 9});
        assertArrayEquals(new byte[] {1, 2, 9, 9, 9, 9}, file.read(), "a write is visible before its sync");
        disk.crash();
        byte[] after = file.read();
        assertArrayEquals(new byte[] {1, 2}, java.util.Arrays.copyOf(after, 2), "seed " + SEED + ": synced bytes lost");
        assertEquals(1, file.lostWrites + file.tornWrites + (after.length == 6 && after[5] == 9 ? 1 : 0),
                "seed " + SEED + ": the unsynced write is kept, lost or torn, one of the three");
    }

    @Test
    void aFileNeverSyncedMayVanishButASyncedOneStays() throws Exception {
        for (int i = 0; i < 50; i++) {
            SimDisk disk = new SimDisk("node", new SplittableRandom(SEED + i), 0, () -> true);
            SimulatedFile never = disk.file("never");
            SimulatedFile synced = disk.file("synced");
            never.write(0, new byte[] {7});
            synced.write(0, new byte[] {7});
            synced.sync();
            disk.crash();
            assertArrayEquals(new byte[] {7}, synced.read());
            assertTrue(never.read().length == 0 || never.read()[0] == 7 || never.read()[0] == 0, "seed " + (SEED + i));
        }
    }

    @Test
    void aDirectoryKeepsSyncedNamesAndKeepsOrUndoesUnsyncedOnesAtACrash() throws Exception {
        int vanished = 0;
        int cameBack = 0;
        for (int i = 0; i < 50; i++) {
            SimDisk disk = new SimDisk("node", new SplittableRandom(SEED + i), 0, () -> true);
            SimulatedDirectory directory = disk.directory("dir");
            try (var kept = directory.create("kept")) {
                kept.write(0, new byte[] {1});
                kept.sync();
            }
            try (var deleted = directory.create("deleted")) {
                deleted.write(0, new byte[] {2});
                deleted.sync();
            }
            directory.sync();
            directory.delete("deleted");
            try (var created = directory.create("created")) {
                created.write(0, new byte[] {3});
                created.sync();
            }
            assertEquals(List.of("created", "kept"), directory.list(""), "names change at once");
            disk.crash();
            assertArrayEquals(new byte[] {1}, directory.read("kept"), "seed " + (SEED + i) + ": a synced name and file stay");
            List<String> names = directory.list("");
            vanished += names.contains("created") ? 0 : 1;
            cameBack += names.contains("deleted") ? 1 : 0;
            if (names.contains("deleted")) {
                assertArrayEquals(new byte[] {2}, directory.read("deleted"), "seed " + (SEED + i));
            }
            if (!names.contains("created")) {
                assertThrows(java.nio.file.NoSuchFileException.class, () -> directory.read("created"));
            }
        }
        assertTrue(vanished > 0 && vanished < 50 && cameBack > 0 && cameBack < 50,
                "seed " + SEED + ": unsynced names are kept or undone at random: vanished " + vanished + ", came back " + cameBack);
    }

    @Test
    void theSignStateFileFindsEverySaveThatReturnedAcrossCrashesAndErrors() {
        SplittableRandom random = new SplittableRandom(SEED);
        SimDisk disk = new SimDisk("node", random, 0.2, () -> true);
        SimulatedFile bytes = disk.file("signstate.bin");
        SimulatedDirectory directory = disk.directory("dir");
        SignStateFile file = new SignStateFile(bytes, directory);
        SignState lastReturned = SignState.NONE;
        int crashes = 0;
        int errors = 0;
        for (int i = 1; i <= 400; i++) {
            SignState next = new SignState(i, i % 3, Step.values()[i % Step.values().length], -1, null);
            int fate = armCrash(disk, random);
            try {
                file.save(next);
                lastReturned = next;
            } catch (SimulatedCrash crash) {
                crashes++;
                disk.crash();
                if (fate == 1) {
                    lastReturned = next; // the sync completed before the crash struck
                }
                file = new SignStateFile(bytes, directory);
                SignState loaded = file.load();
                assertTrue(loaded.height() >= lastReturned.height(), "seed " + SEED + ": save of height "
                        + lastReturned.height() + " returned, a restart found height " + loaded.height());
            } catch (java.io.UncheckedIOException error) {
                assertTrue(error.getCause() instanceof InjectedFault, error.toString());
                errors++;
            }
        }
        assertTrue(crashes > 50 && errors > 10, "seed " + SEED + ": crashes " + crashes + ", errors " + errors);
        assertTrue(new SignStateFile(bytes, directory).load().height() >= lastReturned.height(), "seed " + SEED);
    }

    /** One save's fate, drawn: 0 a crash armed before the next sync, 1 just after it, 2 or 3 none. */
    private static int armCrash(SimDisk disk, SplittableRandom random) {
        int fate = random.nextInt(4);
        if (fate == 0) {
            disk.armCrash(SimDisk.CrashPoint.BEFORE_SYNC);
        } else if (fate == 1) {
            disk.armCrash(SimDisk.CrashPoint.AFTER_SYNC);
        }
        return fate;
    }

    /**
     * The locked block goes to a region of the sign-state file, synced with the slot that names
     * it, in a range the newest slot's region does not use: whatever a crash does to unsynced
     * writes (a torn region, a torn slot, a write lost), a restart finds at least the last save
     * that returned, and when it finds that save (or an older one) with a lock, it finds the
     * block intact. Only a save that never returned may come back with its lock by hash alone.
     */
    @Test
    void aRestartFindsTheLockedBlockOfEveryLockThatReturnedAcrossCrashesAndErrors() {
        int seeds = Integer.getInteger("khata.sim.storageSeeds", 10);
        long lockedRestarts = 0;
        for (long seed = SEED; seed < SEED + seeds; seed++) {
            lockedRestarts += lockedBlocksSurvive(seed);
        }
        assertTrue(lockedRestarts > 4L * seeds, "seeds from " + SEED + ": " + lockedRestarts
                + " restarts found the lock of a save that returned, too few to exercise locked blocks");
    }

    /** Saves, crashes and errors from {@code seed}; returns how many restarts found a lock. */
    private static int lockedBlocksSurvive(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        CoreLedger ledger = new CoreLedger(new SimFixture(4).genesis);
        List<io.khata.core.block.Block> blocks = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            blocks.add(ledger.build(1, "bank-" + i, List.of(), List.of()));
        }
        SimDisk disk = new SimDisk("node", random, 0.1, () -> true);
        SimulatedFile bytes = disk.file("signstate.bin");
        SimulatedDirectory directory = disk.directory("dir");
        SignStateFile file = new SignStateFile(bytes, directory);
        SignState lastReturned = SignState.NONE;
        int crashes = 0;
        int lockedRestarts = 0;
        for (int i = 1; i <= 400; i++) {
            io.khata.core.block.Block block = blocks.get(random.nextInt(blocks.size()));
            int round = random.nextInt(3);
            SignState next = random.nextInt(3) == 0 ? new SignState(i, round, Step.PREVOTE, -1, null)
                    : new SignState(i, round, Step.PRECOMMIT, round, block.hash(), null, block, List.of());
            int fate = armCrash(disk, random);
            try {
                file.save(next);
                lastReturned = next;
            } catch (SimulatedCrash crash) {
                crashes++;
                disk.crash();
                file = new SignStateFile(bytes, directory);
                SignState loaded;
                try {
                    loaded = file.load();
                } catch (IllegalStateException e) {
                    throw new AssertionError("seed " + seed + ": a restart cannot load the sign-state", e);
                }
                assertTrue(loaded.height() >= lastReturned.height(), "seed " + seed + ": save of height "
                        + lastReturned.height() + " returned, a restart found height " + loaded.height());
                if (loaded.lockedBlockHash() != null && loaded.height() <= lastReturned.height()) {
                    assertEquals(loaded.lockedBlockHash(), loaded.lockedBlock() == null ? null : loaded.lockedBlock().hash(),
                            "seed " + seed + ": a restart found a lock of a save that returned without its block");
                    lockedRestarts++;
                }
            } catch (java.io.UncheckedIOException error) {
                assertTrue(error.getCause() instanceof InjectedFault, error.toString());
            }
        }
        assertTrue(crashes > 50, "seed " + seed + ": crashes " + crashes);
        assertTrue(bytes.lostWrites + bytes.tornWrites > 0, "seed " + seed + ": no crash touched the file");
        return lockedRestarts;
    }

    @Test
    void aLedgerBatchIsWhollyThereOrAbsent() {
        AtomicBoolean faulty = new AtomicBoolean(false);
        SimDisk disk = new SimDisk("node", new SplittableRandom(SEED), 1.0, faulty::get);
        SimulatedLedgerStore store = new SimulatedLedgerStore(disk, "node/ledger");
        CommitBatch genesis = new CommitBatch(0, null, null, List.of(), new StateChanges(List.of()), Map.of(), 0,
                Hash.ZERO, Hash.ZERO);
        faulty.set(true);
        assertThrows(StorageException.class, () -> store.commit(genesis));
        assertEquals(null, store.genesisHash(), "a failed batch left nothing");
        faulty.set(false);
        disk.armCrash(SimDisk.CrashPoint.BEFORE_SYNC);
        assertThrows(SimulatedCrash.class, () -> store.commit(genesis));
        assertEquals(null, store.genesisHash(), "a crash before the sync left nothing");
        disk.armCrash(SimDisk.CrashPoint.AFTER_SYNC);
        assertThrows(SimulatedCrash.class, () -> store.commit(genesis));
        assertEquals(Hash.ZERO, store.genesisHash(), "a crash after the sync kept the whole batch");
    }
}
