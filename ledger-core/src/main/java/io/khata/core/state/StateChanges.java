package io.khata.core.state;

import io.khata.core.codec.CanonicalWriter;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.Sha256;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The entries a block wrote, as (key, value) byte pairs sorted by key: what the state root
 * commits to and what storage writes, in one form.
 *
 * <p>{@code state_root(h) = SHA-256(state_root(h-1) ‖ SHA-256(sorted changes of block h))}:
 * O(changes) per block, deterministic, and a divergence between two nodes shows in the very
 * next header.
 */
public record StateChanges(List<Entry> entries) {

    public record Entry(byte[] key, byte[] value) {
    }

    public StateChanges {
        entries = List.copyOf(entries);
    }

    /** Collects and sorts the writes of {@code view}; its balances are read in place, not as a map. */
    public static StateChanges of(StateView view) {
        List<Entry> entries = unsortedEntries(view.changedAccounts(), view.changedAssets(), view.changedMembers(),
                view.changedBalanceCount());
        view.forEachChangedBalance((account, asset, amount) ->
                entries.add(new Entry(StateCodec.balanceKey(account, asset), StateCodec.encodeBalance(amount))));
        return sorted(entries);
    }

    public static StateChanges of(Map<String, AccountState> accounts, Map<String, AssetState> assets,
                                  Map<BalanceKey, Long> balances) {
        return of(accounts, assets, balances, Map.of());
    }

    public static StateChanges of(Map<String, AccountState> accounts, Map<String, AssetState> assets,
                                  Map<BalanceKey, Long> balances, Map<String, MemberState> members) {
        List<Entry> entries = unsortedEntries(accounts, assets, members, balances.size());
        for (Map.Entry<BalanceKey, Long> balance : balances.entrySet()) {
            BalanceKey key = balance.getKey();
            entries.add(new Entry(StateCodec.balanceKey(key.account(), key.asset()),
                    StateCodec.encodeBalance(balance.getValue())));
        }
        return sorted(entries);
    }

    /** The entries of everything but balances, in a list with room for {@code balanceCount} more. */
    private static List<Entry> unsortedEntries(Map<String, AccountState> accounts, Map<String, AssetState> assets,
                                               Map<String, MemberState> members, int balanceCount) {
        List<Entry> entries = new ArrayList<>(accounts.size() + assets.size() + balanceCount + members.size());
        for (MemberState member : members.values()) {
            entries.add(new Entry(StateCodec.memberKey(member.id()), StateCodec.encodeMember(member)));
        }
        for (AccountState account : accounts.values()) {
            entries.add(new Entry(StateCodec.accountKey(account.id()), StateCodec.encodeAccount(account)));
        }
        for (AssetState asset : assets.values()) {
            entries.add(new Entry(StateCodec.assetKey(asset.id()), StateCodec.encodeAsset(asset)));
        }
        return entries;
    }

    private static StateChanges sorted(List<Entry> entries) {
        entries.sort((a, b) -> Arrays.compareUnsigned(a.key(), b.key()));
        return new StateChanges(entries);
    }

    /** SHA-256 over the sorted (key, value) pairs, each length-prefixed. */
    public Hash digest() {
        int size = 4;
        for (Entry entry : entries) {
            size += 8 + entry.key().length + entry.value().length;
        }
        CanonicalWriter writer = new CanonicalWriter(size).writeInt(entries.size());
        for (Entry entry : entries) {
            writer.writeBytes(entry.key()).writeBytes(entry.value());
        }
        return Sha256.hash(writer.toByteArray());
    }

    /** The state root after these changes, given the root before them. */
    public Hash nextRoot(Hash previousRoot) {
        return Sha256.hash(previousRoot, digest());
    }
}
