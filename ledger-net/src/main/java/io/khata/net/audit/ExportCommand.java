package io.khata.net.audit;

import io.khata.core.audit.BundleExport;
import io.khata.core.audit.ChainSource;
import io.khata.core.store.StorageException;
import io.khata.net.node.NodeConfig;
import io.khata.store.rocksdb.RocksLedgerStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code khata audit export}: writes heights {@code --from..--to} to a bundle file, from a
 * running node's API or a stopped node's directory. The file appears under its name only when
 * complete (written beside it, then renamed), so a reader never sees half a bundle.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a range of committed blocks with their commits to an audit bundle file.")
final class ExportCommand implements Callable<Integer> {
    static final class Source {
        @Option(names = "--node", description = "a node's HTTP API, e.g. http://127.0.0.1:26601") String nodeUrl;
        @Option(names = "--home", description = "a stopped node's directory (its data/ is opened read-only)") Path home;
    }

    @ArgGroup(exclusive = true, multiplicity = "1") Source source;
    @Option(names = "--from", defaultValue = "1", description = "first height (default 1, the start of the chain)") long from;
    @Option(names = "--to", description = "last height (default: the node's height)") Long to;
    @Option(names = "--out", required = true, description = "the bundle file to write") Path out;
    @Option(names = "--page-blocks", defaultValue = "1000", description = "blocks asked for per request to the node (default ${DEFAULT-VALUE})")
    long pageBlocks;
    @picocli.CommandLine.Mixin io.khata.net.apiclient.ApiAccessOptions access;

    @Override
    public Integer call() throws Exception {
        Path partial = out.resolveSibling(out.getFileName() + ".partial");
        long[] range;
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
            range = source.home != null ? fromHome(file) : new HttpExport(source.nodeUrl, pageBlocks,
                    access.httpClient(Duration.ofSeconds(5)), access.token()).export(from, to, file);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.err.printf("exported blocks %d..%d (%d bytes) to %s%n", range[0], range[1], Files.size(out), out);
        return 0;
    }

    private long[] fromHome(OutputStream file) throws IOException {
        NodeConfig config = NodeConfig.load(source.home.resolve("node.json"));
        try (RocksLedgerStore store = RocksLedgerStore.openReadOnly(config.dataDirectory())) {
            String chainId = config.genesis().chainId();
            long last = to == null ? store.height() : to;
            BundleExport.bundle(ChainSource.of(store), chainId, from, last, file);
            return new long[] {from, last};
        } catch (StorageException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
