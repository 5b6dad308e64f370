package io.khata.core.store;

import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Hash;
import io.khata.core.state.AccountState;
import io.khata.core.state.AssetState;
import io.khata.core.state.MemberState;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * A store that hands every call to another one: the base of a store that changes only how a
 * batch is written (the simulator's disk faults) or what is kept (the auditor's state-only
 * store), so the reads are written once.
 */
public abstract class ForwardingLedgerStore implements LedgerStore {
    private final LedgerStore delegate;

    protected ForwardingLedgerStore(LedgerStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void commit(CommitBatch batch) {
        delegate.commit(batch);
    }

    @Override
    public long height() {
        return delegate.height();
    }

    @Override
    public Optional<byte[]> blockBytes(long height) {
        return delegate.blockBytes(height);
    }

    @Override
    public Optional<byte[]> commitBytes(long height) {
        return delegate.commitBytes(height);
    }

    @Override
    public Optional<TxLocation> txLocation(Hash txHash) {
        return delegate.txLocation(txHash);
    }

    @Override
    public List<TxLocation> accountHistory(String account, TxLocation before, int limit) {
        return delegate.accountHistory(account, before, limit);
    }

    @Override
    public boolean evidenceCommitted(Hash offence) {
        return delegate.evidenceCommitted(offence);
    }

    @Override
    public AccountState account(String id) {
        return delegate.account(id);
    }

    @Override
    public AssetState asset(String id) {
        return delegate.asset(id);
    }

    @Override
    public MemberState member(String id) {
        return delegate.member(id);
    }

    @Override
    public List<MemberState> members() {
        return delegate.members();
    }

    @Override
    public long balance(String account, String asset) {
        return delegate.balance(account, asset);
    }

    @Override
    public long replayWindowEnd(Hash txHash) {
        return delegate.replayWindowEnd(txHash);
    }

    @Override
    public Hash stateRoot() {
        return delegate.stateRoot();
    }

    @Override
    public NavigableMap<Long, ValidatorSet> validatorSets() {
        return delegate.validatorSets();
    }

    @Override
    public List<AssetState> assets() {
        return delegate.assets();
    }

    @Override
    public Hash genesisHash() {
        return delegate.genesisHash();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
