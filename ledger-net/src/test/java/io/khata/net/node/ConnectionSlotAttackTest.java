package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.crypto.KeyFiles;
import io.khata.core.crypto.KeyPair;
import io.khata.core.genesis.Genesis;
import io.khata.core.tx.Operation;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.net.cli.Testnet;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack 4 of the Byzantine review: a stranger on another address (127.0.0.2; Linux routes all
 * of 127.0.0.0/8 to loopback) holds as many idle TCP connections to every node's p2p port as it
 * can, re-opening each one the moment it is closed, while the members use 127.0.0.1. Two of the
 * four validators are restarted under the attack and must connect again, or the chain halts.
 */
class ConnectionSlotAttackTest {
    private static final int MEMBERS = 4;
    private static final int IDLE_CONNECTIONS_PER_NODE = 30;

    @TempDir
    Path dir;

    private final Node[] nodes = new Node[MEMBERS];
    private IdleConnections attacker;

    @AfterEach
    void close() {
        if (attacker != null) {
            attacker.close();
        }
        for (Node node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void attack4_idleConnectionsFromOneAddressDoNotLockOutMembers() throws Exception {
        int basePort = HostileCluster.freeBasePort(36_100 + (int) (ProcessHandle.current().pid() % 200) * 20);
        Genesis genesis = Testnet.create(dir, MEMBERS, 0, basePort, false, Genesis.MAX_TX_TTL_MILLIS_DEFAULT);
        for (int i = 0; i < MEMBERS; i++) {
            nodes[i] = start(i);
        }
        for (Node node : nodes) {
            HostileCluster.await(node.nodeId() + " meshed", () -> node.connectedPeers().size() == MEMBERS - 1, 20_000);
        }
        long before = HostileCluster.usedHeapAfterGc();

        attacker = new IdleConnections();
        for (int i = 0; i < MEMBERS; i++) {
            attacker.hold(new InetSocketAddress("127.0.0.1", Testnet.p2pPort(basePort, i)), IDLE_CONNECTIONS_PER_NODE);
        }
        HostileCluster.await("the attacker holding slots", () -> attacker.open() >= 4 * MEMBERS, 10_000);
        Thread.sleep(500);

        nodes[2].close();
        nodes[3].close();
        nodes[2] = start(2);
        nodes[3] = start(3);
        for (int i = 2; i < MEMBERS; i++) {
            Node node = nodes[i];
            HostileCluster.await(node.nodeId() + " reconnected under the attack",
                    () -> node.connectedPeers().size() == MEMBERS - 1, 20_000);
        }
        KeyPair treasury = KeyFiles.readPrivateKey(Testnet.keyFile(dir, Testnet.treasury(2)));
        var tx = TxCodec.sign(new TxBody(genesis.chainId(), List.of(new Operation.Transfer(Testnet.PKR,
                Testnet.treasury(2), Testnet.treasury(0), 5)), System.currentTimeMillis() + 600_000, 1, ""), List.of(treasury));
        assertInstanceOf(TxResult.Committed.class, nodes[2].submit(tx).get(30, TimeUnit.SECONDS));
        long refused = ((TlsPeerNetwork) nodes[0].network()).faultCounts().get("too_many_connections");
        assertTrue(refused > 0, "the attacker's surplus connections were refused");

        long height = nodes[2].ledger().height();
        for (Node node : nodes) {
            HostileCluster.await(node.nodeId() + " at height " + height, () -> node.ledger().height() >= height, 20_000);
        }
        for (long h = 1; h <= height; h++) {
            var expected = nodes[0].ledger().block(h).orElseThrow().hash();
            for (Node node : nodes) {
                assertTrue(expected.equals(node.ledger().block(h).orElseThrow().hash()), node.nodeId() + " at " + h);
            }
        }
        long after = HostileCluster.usedHeapAfterGc();
        System.out.printf("attack4 idle connections: %d held open at the end, %d refused by %s; used heap %d MiB"
                + " before, %d MiB after%n", attacker.open(), refused, nodes[0].nodeId(), before >> 20, after >> 20);
        assertTrue(after - before < 64L * 1024 * 1024, "used heap grew by " + ((after - before) >> 20) + " MiB");
    }

    private Node start(int i) throws Exception {
        return Node.start(NodeConfigLoader.load(Testnet.nodeHome(dir, i).resolve("node.json")));
    }

    /** Plain TCP connections from 127.0.0.2 that never speak, each re-opened as soon as it closes. */
    private static final class IdleConnections implements AutoCloseable {
        private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger open = new AtomicInteger();

        void hold(InetSocketAddress target, int connections) {
            for (int n = 0; n < connections; n++) {
                connect(target);
            }
        }

        int open() {
            return open.get();
        }

        private void connect(InetSocketAddress target) {
            if (!running.get()) {
                return;
            }
            new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .localAddress(new InetSocketAddress("127.0.0.2", 0))
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(target)
                    .addListener((io.netty.channel.ChannelFutureListener) connected -> {
                        if (!connected.isSuccess()) {
                            again(target);
                            return;
                        }
                        open.incrementAndGet();
                        connected.channel().closeFuture().addListener(closed -> {
                            open.decrementAndGet();
                            again(target);
                        });
                    });
        }

        private void again(InetSocketAddress target) {
            if (running.get()) {
                group.schedule(() -> connect(target), 5, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void close() {
            running.set(false);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
