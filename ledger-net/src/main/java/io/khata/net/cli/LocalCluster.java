package io.khata.net.cli;

import io.khata.net.api.ApiSecurity;
import io.khata.net.api.HttpApiServer;
import io.khata.net.node.Node;
import io.khata.net.node.NodeConfig;
import io.khata.net.node.NodeConfigLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The nodes of a testnet directory started in this process, each over real TLS sockets with its HTTP API. */
final class LocalCluster implements AutoCloseable {
    private final List<Node> nodes = new ArrayList<>();
    private final List<Node> observers = new ArrayList<>();
    private final List<HttpApiServer> apis = new ArrayList<>();

    /**
     * Starts the first {@code count} nodes of {@code testnet}, whose ports {@code ports} holds:
     * each node's peer port is let go of right before that node starts, its API port right
     * before its API starts, so no one else can take them in between.
     */
    static LocalCluster start(Path testnet, int count, PortBlock ports) throws IOException, InterruptedException {
        LocalCluster cluster = new LocalCluster();
        try {
            for (int i = 0; i < count; i++) {
                NodeConfig config = NodeConfigLoader.load(Testnet.nodeHome(testnet, i).resolve("node.json"));
                ports.release(Testnet.p2pPort(ports.base(), i));
                Node node = Node.start(config);
                cluster.nodes.add(node);
                ports.release(Testnet.apiPort(ports.base(), i));
                if (config.apiListen() != null) {
                    cluster.apis.add(HttpApiServer.start(node, config.apiListen(), ApiSecurity.from(config.apiAccess())));
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

    /**
     * Starts observer {@code j} of {@code testnet} (a testnet of {@code banks} banks and no spares)
     * with its HTTP API, releasing its ports from {@code ports} right before each is bound.
     */
    Node startObserver(Path testnet, int banks, int j, PortBlock ports) throws IOException, InterruptedException {
        NodeConfig config = NodeConfigLoader.load(Testnet.observerHome(testnet, j).resolve("node.json"));
        int index = Testnet.observerIndex(banks, 0, j);
        ports.release(Testnet.p2pPort(ports.base(), index));
        Node observer = Node.start(config);
        observers.add(observer);
        ports.release(Testnet.apiPort(ports.base(), index));
        if (config.apiListen() != null) {
            apis.add(HttpApiServer.start(observer, config.apiListen()));
        }
        return observer;
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
    /**
     * Submits {@code transactions} through the first node, waits until each is committed, then
     * until every node holds the block of the last one: traffic that follows may go to any node,
     * and a node still behind would refuse a payment to an account it has not seen opened yet.
     */
    static void commitAll(List<Node> cluster, List<io.khata.core.tx.Transaction> transactions, String what,
                          java.io.PrintStream progress) throws Exception {
        progress.println(what + " (" + transactions.size() + " transactions)");
        Node first = cluster.get(0);
        List<java.util.concurrent.CompletableFuture<io.khata.net.node.TxResult>> results = new ArrayList<>();
        for (io.khata.core.tx.Transaction tx : transactions) {
            results.add(first.submit(tx));
        }
        long height = 0;
        for (var result : results) {
            io.khata.net.node.TxResult outcome = result.get(60, java.util.concurrent.TimeUnit.SECONDS);
            if (outcome instanceof io.khata.net.node.TxResult.Rejected rejected) {
                throw new IllegalStateException(what + " failed: " + rejected.reason().message());
            }
            if (outcome instanceof io.khata.net.node.TxResult.Committed committed) {
                height = Math.max(height, committed.height());
            }
        }
        long deadline = System.currentTimeMillis() + 60_000;
        for (Node node : cluster) {
            while (node.ledger().height() < height) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(what + ": " + node.nodeId() + " did not reach height " + height
                            + " within 60 s (it is at " + node.ledger().height() + ")");
                }
                Thread.sleep(20);
            }
        }
    }

    @Override
    public void close() {
        for (HttpApiServer api : apis) {
            api.close();
        }
        for (Node observer : observers) {
            observer.close();
        }
        for (Node node : nodes) {
            node.close();
        }
    }
}
