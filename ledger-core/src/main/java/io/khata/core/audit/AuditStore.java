package io.khata.core.audit;

import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Hash;
import io.khata.core.state.AccountState;
import io.khata.core.state.AssetState;
import io.khata.core.state.BalanceKey;
import io.khata.core.state.MemberState;
import io.khata.core.state.StateChanges;
import io.khata.core.state.StateCodec;
import io.khata.core.store.CommitBatch;
import io.khata.core.store.LedgerStore;
import io.khata.core.store.MemoryLedgerStore;
import io.khata.core.store.TxLocation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The store behind the auditor's ledger: the state in memory, as the node's memory store keeps
 * it, but no blocks, commits or transaction index, which the audit has already read from the
 * bundle and never reads back. Memory grows with the state (accounts, balances, the replay
 * window), not with the length of the chain. It also keeps every balance and account id, which
 * the state interfaces do not list, for the conservation check and the summary.
 */
final class AuditStore implements LedgerStore {
    private final MemoryLedgerStore state = new MemoryLedgerStore();
    private final Map<BalanceKey, Long> balances = new HashMap<>();
    private final TreeSet<String> accountIds = new TreeSet<>();

    @Override
    public void commit(CommitBatch batch) {
        for (StateChanges.Entry entry : batch.changes().entries()) {
            byte kind = entry.key().length == 0 ? 0 : entry.key()[0];
            if (kind == StateCodec.BALANCE) {
                balances.put(StateCodec.decodeBalanceKey(entry.key()), StateCodec.decodeBalance(entry.value()));
            } else if (kind == StateCodec.ACCOUNT) {
                accountIds.add(StateCodec.decodeAccount(entry.value()).id());
            }
        }
        state.commit(new CommitBatch(batch.height(), null, null, List.of(), batch.changes(), batch.replayAdded(),
                batch.replayClosedThrough(), batch.stateRoot(), batch.genesisHash(), batch.validatorSets(),
                batch.evidenceOffences()));
    }

    /** Every balance ever written, by account and asset (zero balances included). */
    Map<BalanceKey, Long> balances() {
        return balances;
    }

    /** Every account id, in order. */
    TreeSet<String> accountIds() {
        return accountIds;
    }

    @Override
    public long height() {
        return state.height();
    }

    @Override
    public Optional<byte[]> blockBytes(long height) {
        return Optional.empty();
    }

    @Override
    public Optional<byte[]> commitBytes(long height) {
        return Optional.empty();
    }

    @Override
    public Optional<TxLocation> txLocation(Hash txHash) {
        return Optional.empty();
    }

    /** The auditor keeps no transaction index, so no account history either. */
    @Override
    public List<TxLocation> accountHistory(String account, TxLocation before, int limit) {
        return List.of();
    }

    /** Kept, unlike blocks: validation refuses an offence that an earlier block of the chain committed. */
    @Override
    public boolean evidenceCommitted(Hash offence) {
        return state.evidenceCommitted(offence);
    }

    @Override
    public AccountState account(String id) {
        return state.account(id);
    }

    @Override
    public AssetState asset(String id) {
        return state.asset(id);
    }

    @Override
    public MemberState member(String id) {
        return state.member(id);
    }

    @Override
    public List<MemberState> members() {
        return state.members();
    }

    @Override
    public long balance(String account, String asset) {
        return state.balance(account, asset);
    }

    @Override
    public long replayWindowEnd(Hash txHash) {
        return state.replayWindowEnd(txHash);
    }

    @Override
    public Hash stateRoot() {
        return state.stateRoot();
    }

    @Override
    public NavigableMap<Long, ValidatorSet> validatorSets() {
        return state.validatorSets();
    }

    @Override
    public List<AssetState> assets() {
        return state.assets();
    }

    @Override
    public Hash genesisHash() {
        return state.genesisHash();
    }

    @Override
    public void close() {
        state.close();
    }
}
