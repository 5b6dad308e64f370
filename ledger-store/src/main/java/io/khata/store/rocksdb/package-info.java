/**
 * The durable store of a node: {@link io.khata.core.store.LedgerStore} over RocksDB, and
 * {@link io.khata.store.rocksdb.RocksLedger} to open a ledger on it.
 *
 * <p>This module is the only place that links RocksDB, so that the wire types, crypto,
 * Merkle and proof code of ledger-core can be used (by a client, an auditor) without it.
 * A block is committed in one atomic, synced write batch or not at all; nothing here
 * decides validity.
 */
package io.khata.store.rocksdb;
