package io.khata.store.rocksdb;

import io.khata.core.crypto.Hash;
import io.khata.core.state.AccountState;
import io.khata.core.state.AssetState;
import io.khata.core.state.StateChanges;
import io.khata.core.state.StateCodec;
import io.khata.core.store.CommitBatch;
import io.khata.core.store.LedgerStore;
import io.khata.core.store.StorageException;
import io.khata.core.store.TxLocation;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The {@link LedgerStore} of a node: one RocksDB database, one key space with a one-byte
 * prefix per kind of record. Each commit is a single {@link WriteBatch} written with sync on,
 * so after a crash at any instant the database holds every block whose commit returned and
 * nothing of a block whose commit did not.
 *
 * <pre>
 *   'm' name            metadata: height, state root, genesis hash
 *   'B' height(8)       encoded block
 *   'C' height(8)       encoded commit certificate
 *   'T' tx hash(32)     height(8) index(4)
 *   'S' state key       state value (see StateCodec)
 *   'R' tx hash(32)     valid_until_time(8): the replay window
 *   'E' valid_until_time(8) tx hash(32)   the replay window ordered by expiry, for pruning
 *   'V' height(8)       the validator set in force from that height on
 *   'X' offence(32)     height(8) of the block that carries evidence of that offence
 *   'A' account length(2) account(UTF-8) height(8) index(4)    empty: account history
 * </pre>
 *
 * <p>Account history keys sort by account, then by position in the chain (big-endian, and heights
 * and indexes are never negative), so one account's history newest first is a reverse scan
 * of one key range. The length prefix keeps one account's range from running into another's
 * (without it "a@b" followed by height bytes could sort inside "a@b.c"'s range).
 */
public final class RocksLedgerStore implements LedgerStore {
    private static final byte[] META_HEIGHT = {'m', 'h'};
    private static final byte[] META_STATE_ROOT = {'m', 'r'};
    private static final byte[] META_GENESIS = {'m', 'g'};

    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final RocksDB db;
    private final WriteOptions syncWrites;
    private volatile long height;
    private volatile Hash stateRoot;
    private volatile Hash genesisHash;

    private RocksLedgerStore(Options options, RocksDB db) throws RocksDBException {
        this.options = options;
        this.db = db;
        this.syncWrites = new WriteOptions().setSync(true);
        byte[] heightBytes = db.get(META_HEIGHT);
        this.height = heightBytes == null ? -1 : ByteBuffer.wrap(heightBytes).getLong();
        byte[] root = db.get(META_STATE_ROOT);
        this.stateRoot = root == null ? null : Hash.of(root);
        byte[] genesis = db.get(META_GENESIS);
        this.genesisHash = genesis == null ? null : Hash.of(genesis);
    }

    /** Opens (creating if needed) the database in {@code directory}. */
    public static RocksLedgerStore open(Path directory) {
        try {
            Files.createDirectories(directory);
            Options options = new Options().setCreateIfMissing(true);
            RocksDB db = RocksDB.open(options, directory.toString());
            return new RocksLedgerStore(options, db);
        } catch (RocksDBException | java.io.IOException e) {
            throw new StorageException("cannot open the ledger database in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens an existing database read-only, for tools that read a stopped node's data (the audit
     * export): nothing is created or written, and {@link #commit} fails.
     */
    public static RocksLedgerStore openReadOnly(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new StorageException("no ledger database in " + directory, null);
        }
        try {
            Options options = new Options().setCreateIfMissing(false);
            RocksDB db = RocksDB.openReadOnly(options, directory.toString());
            return new RocksLedgerStore(options, db);
        } catch (RocksDBException e) {
            throw new StorageException("cannot open the ledger database in " + directory + " read-only: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void commit(CommitBatch batch) {
        if (batch.height() != height + 1) {
            throw new IllegalStateException("commit of height " + batch.height() + " after " + height);
        }
        try (WriteBatch write = new WriteBatch()) {
            byte[] heightKey = heightKey(batch.height());
            if (batch.blockBytes() != null) {
                write.put(prefixed('B', heightKey), batch.blockBytes());
            }
            if (batch.commitBytes() != null) {
                write.put(prefixed('C', heightKey), batch.commitBytes());
            }
            for (int i = 0; i < batch.txHashes().size(); i++) {
                write.put(prefixed('T', batch.txHashes().get(i).toByteArray()),
                        ByteBuffer.allocate(12).putLong(batch.height()).putInt(i).array());
            }
            for (io.khata.core.store.AccountTx entry : batch.accountTxs()) {
                write.put(historyKey(entry.account(), batch.height(), entry.index()), new byte[0]);
            }
            for (Hash offence : batch.evidenceOffences()) {
                write.put(prefixed('X', offence.toByteArray()), heightKey);
            }
            for (StateChanges.Entry entry : batch.changes().entries()) {
                write.put(prefixed('S', entry.key()), entry.value());
            }
            for (Map.Entry<Hash, Long> added : batch.replayAdded().entrySet()) {
                if (added.getValue() <= batch.replayClosedThrough()) {
                    // Its window closes with this very batch. The pruning below only sees what is
                    // already on disk, so writing it would leave it behind until the next commit.
                    continue;
                }
                byte[] hash = added.getKey().toByteArray();
                write.put(prefixed('R', hash), heightKey(added.getValue()));
                write.put(expiryKey(added.getValue(), hash), new byte[0]);
            }
            pruneReplayWindow(write, batch.replayClosedThrough());
            for (Map.Entry<Long, io.khata.core.block.ValidatorSet> set : batch.validatorSets().entrySet()) {
                write.put(prefixed('V', heightKey(set.getKey())), StateCodec.encodeValidators(set.getValue()));
            }
            if (batch.genesisHash() != null) {
                write.put(META_GENESIS, batch.genesisHash().toByteArray());
            }
            write.put(META_STATE_ROOT, batch.stateRoot().toByteArray());
            write.put(META_HEIGHT, heightKey(batch.height()));
            db.write(syncWrites, write);
        } catch (RocksDBException e) {
            throw new StorageException("cannot commit height " + batch.height() + ": " + e.getMessage(), e);
        }
        if (batch.genesisHash() != null) {
            genesisHash = batch.genesisHash();
        }
        stateRoot = batch.stateRoot();
        height = batch.height();
    }

    private void pruneReplayWindow(WriteBatch write, long closedThrough) throws RocksDBException {
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(new byte[] {'E'}); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (key[0] != 'E' || ByteBuffer.wrap(key, 1, 8).getLong() > closedThrough) {
                    break;
                }
                write.delete(key);
                write.delete(prefixed('R', Arrays.copyOfRange(key, 9, 9 + Hash.BYTES)));
            }
        }
    }

    @Override
    public long height() {
        return Math.max(height, 0);
    }

    @Override
    public Optional<byte[]> blockBytes(long h) {
        return Optional.ofNullable(get(prefixed('B', heightKey(h))));
    }

    @Override
    public Optional<byte[]> commitBytes(long h) {
        return Optional.ofNullable(get(prefixed('C', heightKey(h))));
    }

    @Override
    public Optional<TxLocation> txLocation(Hash txHash) {
        byte[] value = get(prefixed('T', txHash.toByteArray()));
        if (value == null) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(value);
        return Optional.of(new TxLocation(buffer.getLong(), buffer.getInt()));
    }

    @Override
    public java.util.List<TxLocation> accountHistory(String account, TxLocation before, int limit) {
        java.util.List<TxLocation> page = new java.util.ArrayList<>();
        if (limit <= 0 || account.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 0xFFFF) {
            return page;
        }
        byte[] prefix = historyPrefix(account);
        byte[] start = before == null ? historyKey(account, -1L, -1) : historyKey(account, before.height(), before.index());
        try (RocksIterator it = db.newIterator()) {
            it.seekForPrev(start);
            if (it.isValid() && before != null && Arrays.equals(it.key(), start)) {
                it.prev();
            }
            for (; it.isValid() && page.size() < limit; it.prev()) {
                byte[] key = it.key();
                if (key.length != prefix.length + 12 || !Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)) {
                    break;
                }
                ByteBuffer position = ByteBuffer.wrap(key, prefix.length, 12);
                page.add(new TxLocation(position.getLong(), position.getInt()));
            }
        }
        return page;
    }

    /** 'A', the account's UTF-8 length (2 bytes), the account. */
    private static byte[] historyPrefix(String account) {
        byte[] id = account.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (id.length > 0xFFFF) {
            throw new IllegalArgumentException("account id of " + id.length + " bytes");
        }
        return ByteBuffer.allocate(3 + id.length).put((byte) 'A').putShort((short) id.length).put(id).array();
    }

    /** Height -1 and index -1 encode as all ones: past every real position of the account. */
    private static byte[] historyKey(String account, long height, int index) {
        byte[] prefix = historyPrefix(account);
        return ByteBuffer.allocate(prefix.length + 12).put(prefix).putLong(height).putInt(index).array();
    }

    @Override
    public boolean evidenceCommitted(Hash offence) {
        return get(prefixed('X', offence.toByteArray())) != null;
    }

    @Override
    public AccountState account(String id) {
        byte[] bytes = get(prefixed('S', StateCodec.accountKey(id)));
        return bytes == null ? null : StateCodec.decodeAccount(bytes);
    }

    @Override
    public AssetState asset(String id) {
        byte[] bytes = get(prefixed('S', StateCodec.assetKey(id)));
        return bytes == null ? null : StateCodec.decodeAsset(bytes);
    }

    @Override
    public long balance(String account, String asset) {
        byte[] bytes = get(prefixed('S', StateCodec.balanceKey(account, asset)));
        return bytes == null ? 0 : StateCodec.decodeBalance(bytes);
    }

    @Override
    public io.khata.core.state.MemberState member(String id) {
        byte[] bytes = get(prefixed('S', StateCodec.memberKey(id)));
        return bytes == null ? null : StateCodec.decodeMember(bytes);
    }

    @Override
    public java.util.List<io.khata.core.state.MemberState> members() {
        java.util.List<io.khata.core.state.MemberState> members = new java.util.ArrayList<>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(new byte[] {'S', StateCodec.MEMBER}); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (key.length < 2 || key[0] != 'S' || key[1] != StateCodec.MEMBER) {
                    break;
                }
                members.add(StateCodec.decodeMember(it.value()));
            }
        }
        members.sort(java.util.Comparator.comparing(io.khata.core.state.MemberState::id));
        return members;
    }

    @Override
    public java.util.NavigableMap<Long, io.khata.core.block.ValidatorSet> validatorSets() {
        java.util.TreeMap<Long, io.khata.core.block.ValidatorSet> sets = new java.util.TreeMap<>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(new byte[] {'V'}); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (key[0] != 'V') {
                    break;
                }
                sets.put(ByteBuffer.wrap(key, 1, 8).getLong(), StateCodec.decodeValidators(it.value()));
            }
        }
        return sets;
    }

    @Override
    public java.util.List<AssetState> assets() {
        java.util.List<AssetState> assets = new java.util.ArrayList<>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(new byte[] {'S', StateCodec.ASSET}); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (key.length < 2 || key[0] != 'S' || key[1] != StateCodec.ASSET) {
                    break;
                }
                assets.add(StateCodec.decodeAsset(it.value()));
            }
        }
        return assets;
    }

    @Override
    public long replayWindowEnd(Hash txHash) {
        byte[] value = get(prefixed('R', txHash.toByteArray()));
        return value == null ? -1 : ByteBuffer.wrap(value).getLong();
    }

    @Override
    public Hash stateRoot() {
        return stateRoot;
    }

    @Override
    public Hash genesisHash() {
        return genesisHash;
    }

    private byte[] get(byte[] key) {
        try {
            return db.get(key);
        } catch (RocksDBException e) {
            throw new StorageException("read failed: " + e.getMessage(), e);
        }
    }

    private static byte[] heightKey(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    /** Big-endian, and expiry times are never negative, so the keys sort by expiry. */
    private static byte[] expiryKey(long validUntilMillis, byte[] hash) {
        return ByteBuffer.allocate(1 + 8 + Hash.BYTES).put((byte) 'E').putLong(validUntilMillis).put(hash).array();
    }

    private static byte[] prefixed(char prefix, byte[] key) {
        byte[] result = new byte[1 + key.length];
        result[0] = (byte) prefix;
        System.arraycopy(key, 0, result, 1, key.length);
        return result;
    }

    @Override
    public synchronized void close() {
        syncWrites.close();
        db.close();
        options.close();
    }
}
