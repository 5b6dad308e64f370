package io.khata.net.cli;

import io.khata.net.api.HttpApiServer;
import io.khata.net.node.Node;
import io.khata.net.node.NodeConfig;
import io.khata.net.node.NodeConfigLoader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The nodes of a testnet directory started in this process, each over real TLS sockets with its HTTP API. */
final class LocalCluster implements AutoCloseable {
    private final List<Node> nodes = new ArrayList<>();
    private final List<HttpApiServer> apis = new ArrayList<>();

    static LocalCluster start(Path testnet, int count) throws IOException, InterruptedException {
        LocalCluster cluster = new LocalCluster();
        try {
            for (int i = 0; i < count; i++) {
                NodeConfig config = NodeConfigLoader.load(Testnet.nodeHome(testnet, i).resolve("node.json"));
                Node node = Node.start(config);
                cluster.nodes.add(node);
                if (config.apiListen() != null) {
                    cluster.apis.add(HttpApiServer.start(node, config.apiListen()));
                }
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    List<Node> nodes() {
        return nodes;
    }

    /** Waits until every node is connected to every other one; throws if that takes over 30 s. */
    void awaitMesh() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        for (Node node : nodes) {
            while (node.connectedPeers().size() < nodes.size() - 1) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(node.nodeId() + " connected to " + node.connectedPeers()
                            + " only; the network did not form within 30 s");
                }
                Thread.sleep(50);
            }
        }
    }

    /** Submits {@code transactions} to {@code node} and waits for all to commit; throws on any rejection. */
    static void commitAll(Node node, List<io.khata.core.tx.Transaction> transactions, String what) throws Exception {
        System.err.println(what + " (" + transactions.size() + " transactions)");
        List<java.util.concurrent.CompletableFuture<io.khata.net.node.TxResult>> results = new ArrayList<>();
        for (io.khata.core.tx.Transaction tx : transactions) {
            results.add(node.submit(tx));
        }
        for (var result : results) {
            if (result.get(60, java.util.concurrent.TimeUnit.SECONDS) instanceof io.khata.net.node.TxResult.Rejected rejected) {
                throw new IllegalStateException(what + " failed: " + rejected.reason().message());
            }
        }
    }

    /** The first base port at or above {@code from} whose 2 * {@code nodes} ports are all free on loopback. */
    static int freeBasePort(int from, int nodes) {
        for (int base = from; base + 2 * nodes < 65_000; base += 2 * nodes + 10) {
            if (allFree(base, 2 * nodes)) {
                return base;
            }
        }
        throw new IllegalStateException("no free range of " + 2 * nodes + " ports on 127.0.0.1 above " + from);
    }

    private static boolean allFree(int base, int count) {
        for (int port = base; port < base + count; port++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress("127.0.0.1", port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        for (HttpApiServer api : apis) {
            api.close();
        }
        for (Node node : nodes) {
            node.close();
        }
    }
}
