package io.khata.net.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * One node's disk: the sign-state file and the ledger store on it share its faults. While the
 * simulation's faults last it may fail a write or a sync with an I/O error, be full (a write
 * that grows a file fails), and crash its node at the next sync, before the data is durable or
 * just after. A crash makes every file forget or tear what was not synced. Every decision draws
 * from the simulation's one random generator.
 */
final class SimDisk {
    /** Where a crash armed for the next sync strikes. */
    enum CrashPoint { NONE, BEFORE_SYNC, AFTER_SYNC }

    private final String node;
    private final SplittableRandom random;
    private final double errorProbability;
    private final List<SimulatedFile> files = new ArrayList<>();
    private final List<SimulatedDirectory> directories = new ArrayList<>();
    /** Whether a fault may strike now: only while the faults last, and within the run's budget of nodes down. */
    private final BooleanSupplier mayFail;
    private CrashPoint crashAtNextSync = CrashPoint.NONE;
    private boolean full;
    long injectedErrors;

    SimDisk(String node, SplittableRandom random, double errorProbability, BooleanSupplier mayFail) {
        this.node = node;
        this.random = random;
        this.errorProbability = errorProbability;
        this.mayFail = mayFail;
    }

    SimulatedFile file(String name) {
        SimulatedFile file = new SimulatedFile(this, node + "/" + name);
        files.add(file);
        return file;
    }

    SimulatedDirectory directory(String name) {
        SimulatedDirectory directory = new SimulatedDirectory(this, node + "/" + name);
        directories.add(directory);
        return directory;
    }

    /** The faults stopped: no crash is armed and the disk has room. */
    void heal() {
        full = false;
        crashAtNextSync = CrashPoint.NONE;
    }

    void full(boolean on) {
        full = on;
    }

    boolean isFull() {
        return full;
    }

    void armCrash(CrashPoint point) {
        crashAtNextSync = point;
    }

    boolean crashArmed() {
        return crashAtNextSync != CrashPoint.NONE;
    }

    /** Before a write: an injected I/O error, or no space when the write grows the data on a full disk. */
    void beforeWrite(String what, boolean grows) throws InjectedFault {
        if (!mayFail.getAsBoolean()) {
            return;
        }
        if (full && grows) {
            injectedErrors++;
            throw new InjectedFault("no space left on device writing " + what);
        }
        if (errorProbability > 0 && random.nextDouble() < errorProbability) {
            injectedErrors++;
            throw new InjectedFault("I/O error writing " + what);
        }
    }

    /** Before a sync makes data durable: a crash armed for before it, or an I/O error. */
    void beforeSync(String what) throws InjectedFault {
        if (crashAtNextSync == CrashPoint.BEFORE_SYNC) {
            crashAtNextSync = CrashPoint.NONE;
            throw new SimulatedCrash(node);
        }
        if (errorProbability > 0 && mayFail.getAsBoolean() && random.nextDouble() < errorProbability) {
            injectedErrors++;
            throw new InjectedFault("I/O error syncing " + what);
        }
    }

    /** After a sync made its data durable: a crash armed for just after it. */
    void afterSync() {
        if (crashAtNextSync == CrashPoint.AFTER_SYNC) {
            crashAtNextSync = CrashPoint.NONE;
            throw new SimulatedCrash(node);
        }
    }

    long lostWrites() {
        return files.stream().mapToLong(file -> file.lostWrites).sum()
                + directories.stream().mapToLong(SimulatedDirectory::lostWrites).sum();
    }

    long tornWrites() {
        return files.stream().mapToLong(file -> file.tornWrites).sum()
                + directories.stream().mapToLong(SimulatedDirectory::tornWrites).sum();
    }

    /** The node crashed: every file keeps, loses or tears each write it had not synced, every directory each change of names. */
    void crash() {
        crashAtNextSync = CrashPoint.NONE;
        for (SimulatedFile file : files) {
            file.crash(random);
        }
        for (SimulatedDirectory directory : directories) {
            directory.crash(random);
        }
    }
}
