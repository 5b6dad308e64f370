package io.khata.core.state;

import io.khata.core.crypto.Hash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * A copy-on-write view over a {@link StateReader}: writes land in this view only, the base is
 * never touched. A journal of previous values lets a failed transaction be rolled back to a
 * {@link #mark()}, which is how a transaction's operations apply all or none without copying
 * the view per transaction.
 */
public final class StateView implements StateReader {
    private final StateReader base;
    private final Map<String, AccountState> accounts = new HashMap<>();
    private final Map<String, AssetState> assets = new HashMap<>();
    private final BalanceTable balances = new BalanceTable();
    private final Map<String, MemberState> members = new HashMap<>();
    private final Map<Hash, Long> replayAdded = new HashMap<>();
    private final Journal journal = new Journal();

    public StateView(StateReader base) {
        this.base = base;
    }

    /** The state this view was opened over, without this view's writes: for a block, the committed state. */
    public StateReader base() {
        return base;
    }

    @Override
    public AccountState account(String id) {
        AccountState local = accounts.get(id);
        return local != null ? local : base.account(id);
    }

    @Override
    public AssetState asset(String id) {
        AssetState local = assets.get(id);
        return local != null ? local : base.asset(id);
    }

    @Override
    public MemberState member(String id) {
        MemberState local = members.get(id);
        return local != null ? local : base.member(id);
    }

    @Override
    public java.util.List<MemberState> members() {
        if (members.isEmpty()) {
            return base.members();
        }
        java.util.TreeMap<String, MemberState> merged = new java.util.TreeMap<>();
        for (MemberState member : base.members()) {
            merged.put(member.id(), member);
        }
        merged.putAll(members);
        return new ArrayList<>(merged.values());
    }

    public void putMember(MemberState member) {
        record(members, member.id(), member);
    }

    public Map<String, MemberState> changedMembers() {
        return members;
    }

    @Override
    public long balance(String account, String asset) {
        int slot = balances.find(account, asset);
        return slot >= 0 && balances.written(slot) ? balances.amount(slot) : base.balance(account, asset);
    }

    @Override
    public long replayWindowEnd(Hash txHash) {
        Long local = replayAdded.get(txHash);
        return local != null ? local : base.replayWindowEnd(txHash);
    }

    public void putAccount(AccountState account) {
        record(accounts, account.id(), account);
    }

    public void putAsset(AssetState asset) {
        record(assets, asset.id(), asset);
    }

    public void putBalance(String account, String asset, long amount) {
        int slot = balances.findOrTake(account, asset);
        journal.balanceWrite(account, asset, balances.written(slot), balances.amount(slot));
        balances.write(slot, amount);
    }

    public void rememberTransaction(Hash txHash, long validUntilMillis) {
        record(replayAdded, txHash, validUntilMillis);
    }

    private <K, V> void record(Map<K, V> map, K key, V value) {
        V previous = map.put(key, value);
        journal.mapWrite(map, key, previous == null ? Journal.ABSENT : previous);
    }

    /** A point to roll back to. */
    public int mark() {
        return journal.size();
    }

    /** Undoes every write made since {@code mark}, newest first. */
    public void rollback(int mark) {
        journal.rollback(mark, balances);
    }

    /** Forgets the journal up to now: writes before this point can no longer be rolled back. */
    public void settle() {
        journal.clear();
    }

    public Map<String, AccountState> changedAccounts() {
        return accounts;
    }

    public Map<String, AssetState> changedAssets() {
        return assets;
    }

    /** Receives each balance a view wrote. */
    @FunctionalInterface
    interface BalanceVisitor {
        void visit(String account, String asset, long amount);
    }

    /** Each balance this view wrote, in no particular order, without building a map. */
    void forEachChangedBalance(BalanceVisitor visitor) {
        balances.forEachWritten(visitor);
    }

    int changedBalanceCount() {
        return balances.writtenCount();
    }

    /** The balances this view wrote, as a new map (built on each call: read it once per block). */
    public Map<BalanceKey, Long> changedBalances() {
        return balances.toMap();
    }

    public Map<Hash, Long> rememberedTransactions() {
        return replayAdded;
    }
}
