package io.khata.core.state;

import io.khata.core.block.Validator;
import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Hash;
import io.khata.core.genesis.AccountSpec;
import io.khata.core.genesis.AssetSpec;
import io.khata.core.genesis.Genesis;
import io.khata.core.genesis.Member;
import io.khata.core.Limits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state before the first block, derived from a checked genesis: its accounts, assets
 * (each asset's supply is the sum of its opening balances) and balances. Its root is
 * {@code SHA-256(ZERO ‖ digest(genesis entries))}, so the first block's state root chains from it.
 */
public final class GenesisState {
    private GenesisState() {
    }

    public static StateChanges changes(Genesis genesis) {
        Map<String, AccountState> accounts = new HashMap<>();
        Map<String, AssetState> assets = new HashMap<>();
        Map<BalanceKey, Long> balances = new HashMap<>();
        Map<String, Long> supply = new HashMap<>();
        for (AccountSpec spec : genesis.accounts()) {
            accounts.put(spec.id(), new AccountState(spec.id(), spec.keys(), spec.quorum(), false, Map.of()));
            for (Map.Entry<String, Long> balance : spec.balances().entrySet()) {
                balances.put(new BalanceKey(spec.id(), balance.getKey()), balance.getValue());
                supply.merge(balance.getKey(), balance.getValue(), Math::addExact);
            }
        }
        for (AssetSpec spec : genesis.assets()) {
            assets.put(spec.id(), new AssetState(spec.id(), spec.issuer(), spec.decimals(),
                    supply.getOrDefault(spec.id(), 0L)));
        }
        Map<String, MemberState> members = new HashMap<>();
        for (Member member : genesis.members()) {
            members.put(member.id(), new MemberState(member.id(), member.validatorKey(), member.power(),
                    member.p2pAddress()));
        }
        return StateChanges.of(accounts, assets, balances, members);
    }

    public static Hash root(Genesis genesis) {
        return changes(genesis).nextRoot(Hash.ZERO);
    }

    public static ValidatorSet validators(Genesis genesis) {
        return genesis.validatorSet();
    }

    public static LedgerRules rules(Genesis genesis, Limits limits) {
        return new LedgerRules(genesis.chainId(), genesis.authorityAccount(), genesis.authorityDomain(),
                genesis.maxTxTtlMillis(), limits);
    }

    /** The validator set the active members make: every member with power above 0. */
    public static ValidatorSet validators(List<MemberState> members) {
        List<Validator> validators = new ArrayList<>();
        for (MemberState member : members) {
            if (member.active()) {
                validators.add(new Validator(member.id(), member.validatorKey(), member.power()));
            }
        }
        return new ValidatorSet(validators);
    }
}
