package io.khata.client.it;

import io.khata.core.genesis.Genesis;
import io.khata.net.api.HttpApiServer;
import io.khata.net.cli.PortBlock;
import io.khata.net.cli.Testnet;
import io.khata.net.node.Node;
import io.khata.net.node.NodeConfig;
import io.khata.net.node.NodeConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A 4-validator testnet ({@code khata testnet}'s files: banks bank0..bank3, funded treasuries,
 * PKR with 2 decimals) running in this JVM over real TLS sockets, each node with its HTTP API,
 * and bank0's observer node ({@code --observers 1}) with its own, as a bank backend would use.
 * One network serves every test class of this module (a start costs seconds); it is closed when
 * the JVM exits.
 */
final class ClientTestNetwork {
    static final int NODES = 4;
    private static ClientTestNetwork shared;

    final Path dir;
    final Genesis genesis;
    private final PortBlock ports;
    private final Node[] nodes = new Node[NODES];
    private final HttpApiServer[] apis = new HttpApiServer[NODES];
    private final Node observer;
    private final HttpApiServer observerApi;

    private ClientTestNetwork() throws Exception {
        dir = Files.createTempDirectory("khata-client-it");
        ports = PortBlock.reserveForTest(2 * (NODES + 1));
        genesis = Testnet.create(dir, NODES, 0, 1, ports.base(), false, Genesis.MAX_TX_TTL_MILLIS_DEFAULT);
        for (int i = 0; i < NODES; i++) {
            NodeConfig config = NodeConfigLoader.load(Testnet.nodeHome(dir, i).resolve("node.json"));
            ports.release(Testnet.p2pPort(ports.base(), i));
            nodes[i] = Node.start(config);
            ports.release(Testnet.apiPort(ports.base(), i));
            apis[i] = HttpApiServer.start(nodes[i], config.apiListen());
        }
        NodeConfig observerConfig = NodeConfigLoader.load(Testnet.observerHome(dir, 0).resolve("node.json"));
        int observerIndex = Testnet.observerIndex(NODES, 0, 0);
        ports.release(Testnet.p2pPort(ports.base(), observerIndex));
        observer = Node.start(observerConfig);
        ports.release(Testnet.apiPort(ports.base(), observerIndex));
        observerApi = HttpApiServer.start(observer, observerConfig.apiListen());
        awaitMesh();
    }

    static synchronized ClientTestNetwork shared() throws Exception {
        if (shared == null) {
            shared = new ClientTestNetwork();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "close-client-test-network"));
        }
        return shared;
    }

    String apiUrl(int i) {
        return "http://127.0.0.1:" + apis[i].address().getPort();
    }

    /** The HTTP API of bank0's observer node. */
    String observerUrl() {
        return "http://127.0.0.1:" + observerApi.address().getPort();
    }

    Node observer() {
        return observer;
    }

    Node node(int i) {
        return nodes[i];
    }

    Path genesisFile() {
        return dir.resolve("genesis.json");
    }

    Path keyFile(String account) {
        return Testnet.keyFile(dir, account);
    }

    /** Closes node {@code i}'s HTTP API; the node goes on. Returns the address to open it again on. */
    java.net.InetSocketAddress stopApi(int i) {
        var address = apis[i].address();
        apis[i].close();
        return address;
    }

    /** Opens node {@code i}'s HTTP API again. */
    void startApi(int i, java.net.InetSocketAddress address) throws InterruptedException {
        apis[i] = HttpApiServer.start(nodes[i], address);
    }

    /** Waits until every node's ledger reaches {@code height}. */
    void awaitHeight(long height) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        for (Node node : nodes) {
            while (node.ledger().height() < height) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(node.nodeId() + " is at " + node.ledger().height() + ", not " + height);
                }
                Thread.sleep(20);
            }
        }
    }

    private void awaitMesh() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        for (Node node : nodes) {
            while (node.connectedPeers().size() < NODES - 1) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(node.nodeId() + " connected to " + node.connectedPeers() + " only");
                }
                Thread.sleep(20);
            }
        }
        while (observer.connectedPeers().size() < NODES) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the observer connected to " + observer.connectedPeers() + " only");
            }
            Thread.sleep(20);
        }
    }

    private void close() {
        if (observerApi != null) {
            observerApi.close();
        }
        if (observer != null) {
            observer.close();
        }
        for (int i = 0; i < NODES; i++) {
            if (apis[i] != null) {
                apis[i].close();
            }
            if (nodes[i] != null) {
                nodes[i].close();
            }
        }
        ports.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is not a test failure
        }
    }
}
