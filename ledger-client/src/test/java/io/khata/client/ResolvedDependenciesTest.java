package io.khata.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reads the dependency list Maven resolved for this module (every scope, transitive ones
 * included; written by the dependency plugin before the tests run) and the classpath the tests
 * actually run with: neither may hold Netty, RocksDB, ledger-store or ledger-net.
 */
class ResolvedDependenciesTest {
    private static final List<String> BANNED = List.of("io.netty:", "org.rocksdb:", "io.khata:ledger-store:",
            "io.khata:ledger-net:");

    @Test
    void theResolvedDependencyTreeHasNoNettyRocksDbOrNodeModules() throws Exception {
        Path list = Path.of("target", "resolved-dependencies.txt");
        assertTrue(Files.isRegularFile(list), list.toAbsolutePath() + " is missing: run the tests through Maven");
        List<String> lines = Files.readAllLines(list);
        assertTrue(lines.stream().anyMatch(line -> line.contains("io.khata:ledger-core:")),
                "the list does not even hold ledger-core: " + lines);
        for (String line : lines) {
            for (String banned : BANNED) {
                assertTrue(!line.trim().startsWith(banned), "ledger-client resolves " + line.trim());
            }
        }
    }

    @Test
    void theTestClasspathHasNoNettyOrRocksDb() {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String path = entry.replace('\\', '/');
            assertTrue(!path.contains("/io/netty/") && !path.contains("/org/rocksdb/") && !path.contains("ledger-store")
                    && !path.contains("ledger-net"), "on the classpath: " + entry);
        }
    }
}
