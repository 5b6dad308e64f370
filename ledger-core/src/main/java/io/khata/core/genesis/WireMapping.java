package io.khata.core.genesis;

import io.khata.core.crypto.PublicKey;
import io.khata.proto.BalanceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Converts between the genesis records and the generated protobuf messages, which stay inside
 * this package. {@link #fromWire} expects a message that {@link GenesisChecks} has accepted
 * and fails fast (a bug) on one it would have refused.
 */
final class WireMapping {
    private WireMapping() {
    }

    static Genesis fromWire(io.khata.proto.Genesis wire) {
        List<Member> members = new ArrayList<>(wire.getMembersCount());
        for (io.khata.proto.Member member : wire.getMembersList()) {
            members.add(new Member(member.getId(), PublicKey.fromHex(member.getValidatorKey()),
                    member.getPower(), member.getP2PAddress()));
        }
        List<AssetSpec> assets = new ArrayList<>(wire.getAssetsCount());
        for (io.khata.proto.AssetSpec asset : wire.getAssetsList()) {
            assets.add(new AssetSpec(asset.getId(), asset.getIssuer(), asset.getDecimals()));
        }
        List<AccountSpec> accounts = new ArrayList<>(wire.getAccountsCount());
        for (io.khata.proto.AccountSpec account : wire.getAccountsList()) {
            accounts.add(accountFromWire(account));
        }
        long maxTxTtlMillis = wire.getMaxTxTtlMs() == 0 ? Genesis.MAX_TX_TTL_MILLIS_DEFAULT : wire.getMaxTxTtlMs();
        return new Genesis(wire.getChainId(), wire.getGenesisTime(), members, wire.getAuthority(),
                wire.getRootCaPem(), assets, accounts, maxTxTtlMillis);
    }

    private static AccountSpec accountFromWire(io.khata.proto.AccountSpec account) {
        List<PublicKey> keys = new ArrayList<>(account.getKeysCount());
        for (String key : account.getKeysList()) {
            keys.add(PublicKey.fromHex(key));
        }
        TreeMap<String, Long> balances = new TreeMap<>();
        for (BalanceSpec balance : account.getBalancesList()) {
            if (balances.put(balance.getAsset(), balance.getAmount()) != null) {
                throw new IllegalStateException("unchecked genesis: " + account.getId() + " lists "
                        + balance.getAsset() + " twice");
            }
        }
        return new AccountSpec(account.getId(), keys, account.getQuorum(), balances);
    }

    static io.khata.proto.Genesis toWire(Genesis genesis) {
        io.khata.proto.Genesis.Builder wire = io.khata.proto.Genesis.newBuilder()
                .setChainId(genesis.chainId())
                .setGenesisTime(genesis.genesisTimeMillis())
                .setAuthority(genesis.authorityAccount())
                .setRootCaPem(genesis.rootCaPem())
                .setMaxTxTtlMs(genesis.maxTxTtlMillis());
        for (Member member : genesis.members()) {
            wire.addMembers(io.khata.proto.Member.newBuilder()
                    .setId(member.id())
                    .setValidatorKey(member.validatorKey().toHex())
                    .setPower(member.power())
                    .setP2PAddress(member.p2pAddress()));
        }
        for (AssetSpec asset : genesis.assets()) {
            wire.addAssets(io.khata.proto.AssetSpec.newBuilder()
                    .setId(asset.id())
                    .setIssuer(asset.issuer())
                    .setDecimals(asset.decimals()));
        }
        for (AccountSpec account : genesis.accounts()) {
            wire.addAccounts(accountToWire(account));
        }
        return wire.build();
    }

    private static io.khata.proto.AccountSpec accountToWire(AccountSpec account) {
        io.khata.proto.AccountSpec.Builder wire = io.khata.proto.AccountSpec.newBuilder()
                .setId(account.id())
                .setQuorum(account.quorum());
        for (PublicKey key : account.keys()) {
            wire.addKeys(key.toHex());
        }
        for (Map.Entry<String, Long> balance : account.balances().entrySet()) {
            wire.addBalances(BalanceSpec.newBuilder().setAsset(balance.getKey()).setAmount(balance.getValue()));
        }
        return wire.build();
    }
}
