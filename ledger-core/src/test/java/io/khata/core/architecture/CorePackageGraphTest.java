package io.khata.core.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** ledger-core's package graph has no cycle and links neither the network nor a database. */
class CorePackageGraphTest {
    private static final PackageGraph GRAPH = PackageGraph.read(Path.of("src/main/java"));

    @Test
    void packageGraphHasNoCycle() {
        assertTrue(GRAPH.packages().size() >= 12, "read too few packages: " + GRAPH.packages());
        assertEquals(List.of(), GRAPH.cycles());
    }

    @Test
    void coreNeverImportsNettyRocksDbOrTheNetworkModule() {
        assertEquals(List.of(), GRAPH.importsStartingWith("io.netty.", "org.rocksdb.", "io.khata.net.", "io.khata.store."));
    }

    @Test
    void theVocabularyPackageUsesOnlyCrypto() {
        assertEquals(Set.of("io.khata.core.crypto"), GRAPH.uses("io.khata.core"));
    }

    /** The audit is a client of the facade (it re-executes through the node's own ledger), as the network module is. */
    @Test
    void nothingInCoreUsesTheLedgerFacade() {
        for (String name : GRAPH.packages()) {
            if (!name.equals("io.khata.core.ledger") && !name.equals("io.khata.core.audit")) {
                assertTrue(!GRAPH.uses(name).contains("io.khata.core.ledger"), name + " uses the ledger facade");
            }
        }
    }

    @Test
    void theGraphReaderFindsACycleWhenThereIsOne() {
        PackageGraph cyclic = PackageGraph.read(Path.of("src/test/resources/architecture/cyclic"));
        assertEquals(1, cyclic.cycles().size(), cyclic.cycles().toString());
    }
}
