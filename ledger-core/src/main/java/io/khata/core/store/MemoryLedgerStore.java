package io.khata.core.store;

import io.khata.core.crypto.Hash;
import io.khata.core.state.AccountState;
import io.khata.core.state.AssetState;
import io.khata.core.state.BalanceKey;
import io.khata.core.state.StateChanges;
import io.khata.core.state.StateCodec;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link LedgerStore} in memory: for tests, the simulator and benchmarks. Nothing survives the process.
 *
 * <p>State entries are decoded once, when committed, and kept as values: block validation
 * reads an account, an asset and two balances per transfer, and encoding a key and decoding
 * the entry on every read cost more than the transfer itself.
 */
public final class MemoryLedgerStore implements LedgerStore {
    private final Map<Long, byte[]> blocks = new ConcurrentHashMap<>();
    private final Map<Long, byte[]> commits = new ConcurrentHashMap<>();
    private final Map<Hash, TxLocation> txIndex = new ConcurrentHashMap<>();
    private final Map<Hash, Long> evidenceIndex = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.ConcurrentSkipListSet<TxLocation>> accountHistory =
            new ConcurrentHashMap<>();
    private final Map<String, AccountState> accounts = new ConcurrentHashMap<>();
    private final Map<String, AssetState> assets = new ConcurrentHashMap<>();
    private final Map<BalanceKey, Long> balances = new ConcurrentHashMap<>();
    private final MemoryReplayWindow replay = new MemoryReplayWindow();
    private final java.util.concurrent.ConcurrentSkipListMap<String, io.khata.core.state.MemberState> members =
            new java.util.concurrent.ConcurrentSkipListMap<>();
    private final java.util.concurrent.ConcurrentSkipListMap<Long, io.khata.core.block.ValidatorSet> validatorSets =
            new java.util.concurrent.ConcurrentSkipListMap<>();
    private volatile long height = -1;
    private volatile Hash stateRoot;
    private volatile Hash genesisHash;

    @Override
    public synchronized void commit(CommitBatch batch) {
        if (batch.height() != height + 1) {
            throw new IllegalStateException("commit of height " + batch.height() + " after " + height);
        }
        if (batch.blockBytes() != null) {
            blocks.put(batch.height(), batch.blockBytes().clone());
        }
        if (batch.commitBytes() != null) {
            commits.put(batch.height(), batch.commitBytes().clone());
        }
        for (int i = 0; i < batch.txHashes().size(); i++) {
            txIndex.put(batch.txHashes().get(i), new TxLocation(batch.height(), i));
        }
        for (AccountTx entry : batch.accountTxs()) {
            accountHistory.computeIfAbsent(entry.account(), account -> new java.util.concurrent.ConcurrentSkipListSet<>())
                    .add(new TxLocation(batch.height(), entry.index()));
        }
        for (Hash offence : batch.evidenceOffences()) {
            evidenceIndex.put(offence, batch.height());
        }
        for (StateChanges.Entry entry : batch.changes().entries()) {
            save(entry);
        }
        validatorSets.putAll(batch.validatorSets());
        replay.add(batch.replayAdded(), batch.replayClosedThrough());
        replay.closeThrough(batch.replayClosedThrough());
        if (batch.genesisHash() != null) {
            genesisHash = batch.genesisHash();
        }
        stateRoot = batch.stateRoot();
        height = batch.height();
    }

    private void save(StateChanges.Entry entry) {
        byte kind = entry.key().length == 0 ? 0 : entry.key()[0];
        if (kind == StateCodec.ACCOUNT) {
            AccountState account = StateCodec.decodeAccount(entry.value());
            accounts.put(account.id(), account);
        } else if (kind == StateCodec.ASSET) {
            AssetState asset = StateCodec.decodeAsset(entry.value());
            assets.put(asset.id(), asset);
        } else if (kind == StateCodec.MEMBER) {
            io.khata.core.state.MemberState member = StateCodec.decodeMember(entry.value());
            members.put(member.id(), member);
        } else if (kind == StateCodec.BALANCE) {
            balances.put(StateCodec.decodeBalanceKey(entry.key()), StateCodec.decodeBalance(entry.value()));
        } else {
            throw new IllegalStateException("state change with unknown key kind " + kind);
        }
    }

    @Override
    public long height() {
        return Math.max(height, 0);
    }

    /** -1 before genesis has been written. */
    public long storedHeight() {
        return height;
    }

    @Override
    public Optional<byte[]> blockBytes(long h) {
        return Optional.ofNullable(blocks.get(h)).map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> commitBytes(long h) {
        return Optional.ofNullable(commits.get(h)).map(byte[]::clone);
    }

    @Override
    public Optional<TxLocation> txLocation(Hash txHash) {
        return Optional.ofNullable(txIndex.get(txHash));
    }

    @Override
    public java.util.List<TxLocation> accountHistory(String account, TxLocation before, int limit) {
        java.util.NavigableSet<TxLocation> all = accountHistory.get(account);
        if (all == null || limit <= 0) {
            return java.util.List.of();
        }
        java.util.NavigableSet<TxLocation> older = before == null ? all : all.headSet(before, false);
        java.util.List<TxLocation> page = new java.util.ArrayList<>(Math.min(limit, 64));
        for (java.util.Iterator<TxLocation> it = older.descendingIterator(); it.hasNext() && page.size() < limit; ) {
            page.add(it.next());
        }
        return page;
    }

    @Override
    public boolean evidenceCommitted(Hash offence) {
        return evidenceIndex.containsKey(offence);
    }

    @Override
    public AccountState account(String id) {
        return accounts.get(id);
    }

    @Override
    public AssetState asset(String id) {
        return assets.get(id);
    }

    @Override
    public long balance(String account, String asset) {
        Long amount = balances.get(new BalanceKey(account, asset));
        return amount == null ? 0 : amount;
    }

    @Override
    public io.khata.core.state.MemberState member(String id) {
        return members.get(id);
    }

    @Override
    public java.util.List<io.khata.core.state.MemberState> members() {
        return new java.util.ArrayList<>(members.values());
    }

    @Override
    public java.util.NavigableMap<Long, io.khata.core.block.ValidatorSet> validatorSets() {
        return java.util.Collections.unmodifiableNavigableMap(new java.util.TreeMap<>(validatorSets));
    }

    @Override
    public java.util.List<AssetState> assets() {
        java.util.List<AssetState> assets = new java.util.ArrayList<>(this.assets.values());
        // Key order, as StateStore promises and RocksDB iterates: the id in the key is length-prefixed,
        // so this is not the ids' alphabetical order (PKR comes before BOND-2030).
        assets.sort(java.util.Comparator.<AssetState, byte[]>comparing(asset -> StateCodec.assetKey(asset.id()),
                java.util.Arrays::compareUnsigned));
        return assets;
    }

    @Override
    public long replayWindowEnd(Hash txHash) {
        return replay.end(txHash);
    }

    /** How many transaction hashes the replay window holds now. */
    public int replayWindowSize() {
        return replay.size();
    }

    @Override
    public Hash stateRoot() {
        return stateRoot;
    }

    @Override
    public Hash genesisHash() {
        return genesisHash;
    }

    @Override
    public void close() {
    }
}
