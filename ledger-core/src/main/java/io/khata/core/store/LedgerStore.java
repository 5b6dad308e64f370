package io.khata.core.store;

/**
 * Blocks and state behind one atomic commit. Implementations: {@link MemoryLedgerStore} for
 * tests and simulation, the RocksDB store of module ledger-store for nodes. Reads may run on any thread while
 * one thread commits; a reader sees each commit whole or not at all per key.
 */
public interface LedgerStore extends BlockStore, StateStore, AutoCloseable {
    /** Writes the batch atomically and durably; when it returns, the block survives any crash. */
    void commit(CommitBatch batch);

    @Override
    void close();
}
