package io.khata.net.sim;

import io.khata.core.store.CommitBatch;
import io.khata.core.store.ForwardingLedgerStore;
import io.khata.core.store.MemoryLedgerStore;
import io.khata.core.store.StorageException;

/**
 * ledger-core's {@link MemoryLedgerStore} with a disk's durability model, under the real
 * {@code Ledger}: a batch is written and synced whole, so after a crash it is either all there
 * (its commit returned, or the crash struck just after the sync) or not at all (an I/O error, a
 * full disk, or a crash before the sync). Faults come from the node's {@link SimDisk}; failures
 * surface as the {@link StorageException} a real store throws. It outlives the node's crashes.
 */
final class SimulatedLedgerStore extends ForwardingLedgerStore {
    private final SimDisk disk;
    private final String name;

    SimulatedLedgerStore(SimDisk disk, String name) {
        super(new MemoryLedgerStore());
        this.disk = disk;
        this.name = name;
    }

    @Override
    public void commit(CommitBatch batch) {
        try {
            disk.beforeWrite(name, true);
            disk.beforeSync(name);
        } catch (InjectedFault e) {
            throw new StorageException("cannot commit height " + batch.height() + " to " + name, e);
        }
        super.commit(batch);
        disk.afterSync();
    }

    /** The process closing its store changes nothing on the disk. */
    @Override
    public void close() {
    }
}
