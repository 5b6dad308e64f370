package io.khata.store.rocksdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.audit.AuditListener;
import io.khata.core.audit.AuditReport;
import io.khata.core.audit.AuditVerifier;
import io.khata.core.audit.BundleExport;
import io.khata.core.audit.ChainSource;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.LedgerOptions;
import io.khata.core.ledger.TestChain;
import io.khata.core.store.StorageException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stopped node's database opened read-only: the export reads the stored bytes, writes nothing, and verifies. */
class ReadOnlyExportTest {
    private final TestGenesis fixture = TestGenesis.of(4);

    @TempDir
    Path directory;

    @Test
    void aStoppedNodesDataExportsReadOnlyToABundleThatVerifies() throws Exception {
        byte[] lastBlock;
        try (Ledger ledger = RocksLedger.open(directory, fixture.genesis())) {
            TestChain chain = new TestChain(fixture, ledger);
            for (int i = 0; i < 5; i++) {
                chain.commitNext(List.of(chain.transfer(TestGenesis.PKR, TestGenesis.treasury(i % 4),
                        TestGenesis.treasury((i + 1) % 4), 10 + i)));
            }
            lastBlock = ledger.blockBytes(5).orElseThrow();
        }
        ByteArrayOutputStream bundle = new ByteArrayOutputStream();
        try (RocksLedgerStore store = RocksLedgerStore.openReadOnly(directory)) {
            assertEquals(5, store.height());
            assertArrayEquals(lastBlock, store.blockBytes(5).orElseThrow());
            BundleExport.bundle(ChainSource.of(store), fixture.genesis().chainId(), 1, 5, bundle);
            assertThrows(RuntimeException.class, () -> store.commit(new io.khata.core.store.CommitBatch(6, new byte[1],
                    new byte[1], List.of(), new io.khata.core.state.StateChanges(List.of()), java.util.Map.of(), 6,
                    io.khata.core.crypto.Hash.ZERO, null)), "a read-only store refuses writes");
        }
        AuditReport report = AuditVerifier.verify(new ByteArrayInputStream(bundle.toByteArray()), fixture.genesis(),
                LedgerOptions.defaults(), null, AuditListener.NONE);
        assertTrue(report.passed(), () -> report.failure().message());
        assertEquals(5, report.blocks());
    }

    @Test
    void aDirectoryWithoutADatabaseIsRefusedAndNotCreated() {
        Path missing = directory.resolve("nothing-here");
        assertThrows(StorageException.class, () -> RocksLedgerStore.openReadOnly(missing));
        assertTrue(!Files.exists(missing));
        assertThrows(StorageException.class, () -> RocksLedgerStore.openReadOnly(directory));
    }
}
