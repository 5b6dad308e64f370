/**
 * The facade a bank backend or a node holds: {@link io.khata.core.ledger.Ledger}, a chain of
 * committed blocks over a genesis, the state they lead to and the proofs of what they contain,
 * over any {@link io.khata.core.store.LedgerStore}.
 *
 * <p>This package sits at the top of ledger-core: it composes validation, building, state and
 * storage, and nothing in ledger-core imports it. It never opens a particular database itself
 * (RocksDB lives in the ledger-store module) and never does network I/O.
 */
package io.khata.core.ledger;
