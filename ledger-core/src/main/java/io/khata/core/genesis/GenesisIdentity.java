package io.khata.core.genesis;

import io.khata.core.codec.CanonicalWriter;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.PublicKey;
import io.khata.core.crypto.Sha256;
import java.util.Map;

/**
 * The identity of a genesis: SHA-256 over a canonical encoding of every field, written with
 * {@link CanonicalWriter} (big-endian integers, length-prefixed strings and byte strings,
 * lists prefixed by their count), the same rule as every other hashed value. A node stores it
 * with its data and refuses to open that data with any other genesis.
 *
 * <p>It is never the hash of a re-serialization (the JSON a protobuf library prints can change
 * between versions, and then every node would refuse its own data); the layout below is this
 * project's and changes only with {@link #LAYOUT}.
 *
 * <pre>
 *   string  LAYOUT ("khata-genesis/2")
 *   string  chain_id;  long genesis_time_millis
 *   int n;  n x (string id, bytes validator_key(32), long power, string p2p_address)   members, file order
 *   string  authority_account;  string authority_domain;  string root_ca_pem
 *   int n;  n x (string id, string issuer, int decimals)                                 assets, file order
 *   int n;  n x (string id, int k, k x bytes key(32), int quorum,
 *                int b, b x (string asset, long amount))                                 accounts, file order;
 *                                                                                        balances by asset id
 *   long    max_tx_ttl_ms
 * </pre>
 * Layout 1 ended with {@code int max_tx_ttl}, a TTL in blocks.
 */
public final class GenesisIdentity {
    /** Names the layout; a new layout is a new name, and so a new identity for every genesis. */
    public static final String LAYOUT = "khata-genesis/2";

    private GenesisIdentity() {
    }

    public static Hash hash(Genesis genesis) {
        return Sha256.hash(encode(genesis));
    }

    /** The canonical bytes that {@link #hash} hashes. */
    public static byte[] encode(Genesis genesis) {
        CanonicalWriter writer = new CanonicalWriter(4096)
                .writeString(LAYOUT)
                .writeString(genesis.chainId())
                .writeLong(genesis.genesisTimeMillis())
                .writeInt(genesis.members().size());
        for (Member member : genesis.members()) {
            writer.writeString(member.id())
                    .writeBytes(member.validatorKey().toByteArray())
                    .writeLong(member.power())
                    .writeString(member.p2pAddress());
        }
        writer.writeString(genesis.authorityAccount())
                .writeString(genesis.authorityDomain())
                .writeString(genesis.rootCaPem())
                .writeInt(genesis.assets().size());
        for (AssetSpec asset : genesis.assets()) {
            writer.writeString(asset.id()).writeString(asset.issuer()).writeInt(asset.decimals());
        }
        writer.writeInt(genesis.accounts().size());
        for (AccountSpec account : genesis.accounts()) {
            writer.writeString(account.id()).writeInt(account.keys().size());
            for (PublicKey key : account.keys()) {
                writer.writeBytes(key.toByteArray());
            }
            writer.writeInt(account.quorum()).writeInt(account.balances().size());
            for (Map.Entry<String, Long> balance : account.balances().entrySet()) {
                writer.writeString(balance.getKey()).writeLong(balance.getValue());
            }
        }
        return writer.writeLong(genesis.maxTxTtlMillis()).toByteArray();
    }
}
