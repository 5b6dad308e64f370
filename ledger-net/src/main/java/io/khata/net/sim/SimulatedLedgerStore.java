package io.khata.net.sim;

import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Hash;
import io.khata.core.state.AccountState;
import io.khata.core.state.AssetState;
import io.khata.core.state.MemberState;
import io.khata.core.store.CommitBatch;
import io.khata.core.store.LedgerStore;
import io.khata.core.store.MemoryLedgerStore;
import io.khata.core.store.StorageException;
import io.khata.core.store.TxLocation;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * ledger-core's {@link MemoryLedgerStore} with a disk's durability model, under the real
 * {@code Ledger}: a batch is written and synced whole, so after a crash it is either all there
 * (its commit returned, or the crash struck just after the sync) or not at all (an I/O error, a
 * full disk, or a crash before the sync). Faults come from the node's {@link SimDisk}; failures
 * surface as the {@link StorageException} a real store throws. It outlives the node's crashes.
 */
final class SimulatedLedgerStore implements LedgerStore {
    private final MemoryLedgerStore durable = new MemoryLedgerStore();
    private final SimDisk disk;
    private final String name;

    SimulatedLedgerStore(SimDisk disk, String name) {
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
        durable.commit(batch);
        disk.afterSync();
    }

    @Override
    public long height() {
        return durable.height();
    }

    @Override
    public Optional<byte[]> blockBytes(long height) {
        return durable.blockBytes(height);
    }

    @Override
    public Optional<byte[]> commitBytes(long height) {
        return durable.commitBytes(height);
    }

    @Override
    public boolean evidenceCommitted(Hash offence) {
        return durable.evidenceCommitted(offence);
    }

    @Override
    public java.util.List<TxLocation> accountHistory(String account, TxLocation before, int limit) {
        return durable.accountHistory(account, before, limit);
    }

    @Override
    public Optional<TxLocation> txLocation(Hash txHash) {
        return durable.txLocation(txHash);
    }

    @Override
    public AccountState account(String id) {
        return durable.account(id);
    }

    @Override
    public AssetState asset(String id) {
        return durable.asset(id);
    }

    @Override
    public long balance(String account, String asset) {
        return durable.balance(account, asset);
    }

    @Override
    public MemberState member(String id) {
        return durable.member(id);
    }

    @Override
    public List<MemberState> members() {
        return durable.members();
    }

    @Override
    public NavigableMap<Long, ValidatorSet> validatorSets() {
        return durable.validatorSets();
    }

    @Override
    public List<AssetState> assets() {
        return durable.assets();
    }

    @Override
    public long replayWindowEnd(Hash txHash) {
        return durable.replayWindowEnd(txHash);
    }

    @Override
    public Hash stateRoot() {
        return durable.stateRoot();
    }

    @Override
    public Hash genesisHash() {
        return durable.genesisHash();
    }

    /** The process closing its store changes nothing on the disk. */
    @Override
    public void close() {
    }
}
