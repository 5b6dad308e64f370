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
