/**
 * Storage of blocks, commits, the transaction index and state, behind {@link io.khata.core.store.LedgerStore}:
 * in memory for tests, RocksDB for nodes (module ledger-store).
 *
 * <p>A block is committed in one atomic, synced write or not at all. This package never
 * decides validity: it stores what the ledger has already validated.
 */
package io.khata.core.store;
