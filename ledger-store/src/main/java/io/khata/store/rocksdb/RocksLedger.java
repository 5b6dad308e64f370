package io.khata.store.rocksdb;

import io.khata.core.genesis.Genesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.LedgerOptions;
import java.nio.file.Path;

/** Opens a {@link Ledger} whose blocks and state live in RocksDB under a directory: what a node runs on. */
public final class RocksLedger {
    private RocksLedger() {
    }

    public static Ledger open(Path directory, Genesis genesis) {
        return open(directory, genesis, LedgerOptions.defaults());
    }

    /** Opens (or creates) the database; refuses data written from another genesis or with other ledger rules. */
    public static Ledger open(Path directory, Genesis genesis, LedgerOptions options) {
        return Ledger.open(RocksLedgerStore.open(directory), genesis, options);
    }
}
