package io.khata.net.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.architecture.PackageGraph;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ledger-net's package graph has no cycle, and the consensus state machine reaches no I/O package. */
class NetPackageGraphTest {
    private static final PackageGraph GRAPH = PackageGraph.read(Path.of("src/main/java"));

    @Test
    void packageGraphHasNoCycle() {
        assertTrue(GRAPH.packages().size() >= 7, "read too few packages: " + GRAPH.packages());
        assertEquals(List.of(), GRAPH.cycles());
    }

    @Test
    void consensusUsesNoOtherNetworkPackage() {
        assertTrue(GRAPH.uses("io.khata.net.consensus").stream().noneMatch(p -> p.startsWith("io.khata.net.")),
                () -> "consensus uses " + GRAPH.uses("io.khata.net.consensus"));
    }
}
