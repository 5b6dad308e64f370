package io.khata.core.state;

import io.khata.core.codec.CanonicalReader;
import io.khata.core.codec.CanonicalWriter;
import io.khata.core.crypto.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One byte layout for each kind of state entry, used both for the state root and for storage,
 * so what is stored is exactly what was hashed. Keys start with a kind byte, then the
 * length-prefixed names: {@code 'a' account}, {@code 's' asset}, {@code 'b' account asset}.
 */
public final class StateCodec {
    public static final byte ACCOUNT = 'a';
    public static final byte ASSET = 's';
    public static final byte BALANCE = 'b';
    public static final byte MEMBER = 'v';

    private StateCodec() {
    }

    public static byte[] accountKey(String id) {
        return new CanonicalWriter(16 + id.length()).writeByte(ACCOUNT).writeString(id).toByteArray();
    }

    public static byte[] assetKey(String id) {
        return new CanonicalWriter(16 + id.length()).writeByte(ASSET).writeString(id).toByteArray();
    }

    public static byte[] balanceKey(String account, String asset) {
        return new CanonicalWriter(16 + account.length() + asset.length())
                .writeByte(BALANCE).writeString(account).writeString(asset).toByteArray();
    }

    /** The account and asset of a key made by {@link #balanceKey}. */
    public static BalanceKey decodeBalanceKey(byte[] key) {
        return decodeStored("balance key", key, reader -> {
            int kind = reader.readByte();
            if (kind != BALANCE) {
                throw new IllegalStateException("not a balance key: kind " + kind);
            }
            return new BalanceKey(reader.readString(), reader.readString());
        });
    }

    public static byte[] memberKey(String id) {
        return new CanonicalWriter(16 + id.length()).writeByte(MEMBER).writeString(id).toByteArray();
    }

    public static byte[] encodeMember(MemberState member) {
        return new CanonicalWriter(96)
                .writeString(member.id())
                .writeBytes(member.validatorKey().toByteArray())
                .writeLong(member.power())
                .writeString(member.p2pAddress())
                .toByteArray();
    }

    public static MemberState decodeMember(byte[] bytes) {
        return decodeStored("member", bytes, reader ->
                new MemberState(reader.readString(), PublicKey.of(reader.readBytes()), reader.readLong(), reader.readString()));
    }

    /** A validator set, for storage: (id, key, power) of each validator in id order. */
    public static byte[] encodeValidators(io.khata.core.block.ValidatorSet set) {
        CanonicalWriter writer = new CanonicalWriter(64 * set.size()).writeInt(set.size());
        for (io.khata.core.block.Validator validator : set.validators()) {
            writer.writeString(validator.id()).writeBytes(validator.key().toByteArray()).writeLong(validator.power());
        }
        return writer.toByteArray();
    }

    public static io.khata.core.block.ValidatorSet decodeValidators(byte[] bytes) {
        return decodeStored("validator set", bytes, reader -> {
            int count = readCount(reader);
            List<io.khata.core.block.Validator> validators = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                validators.add(new io.khata.core.block.Validator(reader.readString(), PublicKey.of(reader.readBytes()),
                        reader.readLong()));
            }
            return new io.khata.core.block.ValidatorSet(validators);
        });
    }

    public static byte[] encodeAccount(AccountState account) {
        CanonicalWriter writer = new CanonicalWriter(128)
                .writeString(account.id())
                .writeInt(account.quorum())
                .writeBoolean(account.frozen())
                .writeInt(account.keys().size());
        for (PublicKey key : account.keys()) {
            writer.writeBytes(key.toByteArray());
        }
        writer.writeInt(account.transferLimits().size());
        for (Map.Entry<String, Long> limit : account.transferLimits().entrySet()) {
            writer.writeString(limit.getKey()).writeLong(limit.getValue());
        }
        return writer.toByteArray();
    }

    public static AccountState decodeAccount(byte[] bytes) {
        return decodeStored("account", bytes, reader -> {
            String id = reader.readString();
            int quorum = reader.readInt();
            boolean frozen = reader.readBoolean();
            int keyCount = readCount(reader);
            List<PublicKey> keys = new ArrayList<>();
            for (int i = 0; i < keyCount; i++) {
                keys.add(PublicKey.of(reader.readBytes()));
            }
            int limitCount = readCount(reader);
            Map<String, Long> limits = new TreeMap<>();
            for (int i = 0; i < limitCount; i++) {
                limits.put(reader.readString(), reader.readLong());
            }
            return new AccountState(id, keys, quorum, frozen, limits);
        });
    }

    public static byte[] encodeAsset(AssetState asset) {
        return new CanonicalWriter(64)
                .writeString(asset.id())
                .writeString(asset.issuer())
                .writeInt(asset.decimals())
                .writeLong(asset.supply())
                .toByteArray();
    }

    public static AssetState decodeAsset(byte[] bytes) {
        return decodeStored("asset", bytes, reader ->
                new AssetState(reader.readString(), reader.readString(), reader.readInt(), reader.readLong()));
    }

    public static byte[] encodeBalance(long amount) {
        return new CanonicalWriter(8).writeLong(amount).toByteArray();
    }

    public static long decodeBalance(byte[] bytes) {
        return new CanonicalReader(bytes).readLong();
    }

    /**
     * A damaged stored record is a broken invariant, so every way it can fail to decode ends as
     * {@link IllegalStateException}: a wrong key length or an invalid value as much as a short read.
     */
    private static <T> T decodeStored(String what, byte[] bytes, Function<CanonicalReader, T> decoder) {
        try {
            return decoder.apply(new CanonicalReader(bytes));
        } catch (IllegalStateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalStateException("stored " + what + " does not decode: " + e.getMessage(), e);
        }
    }

    /** A count of entries; lists are not sized from it, since a damaged count could ask for gigabytes. */
    private static int readCount(CanonicalReader reader) {
        int count = reader.readInt();
        if (count < 0) {
            throw new IllegalStateException("negative count " + count);
        }
        return count;
    }
}
