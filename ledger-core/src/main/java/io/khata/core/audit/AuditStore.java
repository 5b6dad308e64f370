package io.khata.core.audit;

import io.khata.core.crypto.Hash;
import io.khata.core.state.BalanceKey;
import io.khata.core.state.StateChanges;
import io.khata.core.state.StateCodec;
import io.khata.core.store.CommitBatch;
import io.khata.core.store.ForwardingLedgerStore;
import io.khata.core.store.MemoryLedgerStore;
import io.khata.core.store.TxLocation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The store behind the auditor's ledger: the state in memory, as the node's memory store keeps
 * it, but no blocks, commits or transaction index, which the audit has already read from the
 * bundle and never reads back. Memory grows with the state (accounts, balances, the replay
 * window), not with the length of the chain. It also keeps every balance and account id, which
 * the state interfaces do not list, for the conservation check and the summary.
 */
final class AuditStore extends ForwardingLedgerStore {
    private final Map<BalanceKey, Long> balances = new HashMap<>();
    private final TreeSet<String> accountIds = new TreeSet<>();

    AuditStore() {
        super(new MemoryLedgerStore());
    }

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
        // State, validator sets and the committed-evidence index only: blocks, commits and the
        // transaction index stay in the bundle, so memory grows with the state, not the chain.
        super.commit(new CommitBatch(batch.height(), null, null, List.of(), batch.changes(), batch.replayAdded(),
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
}
