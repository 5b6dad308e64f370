package io.khata.net.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A run of consecutive loopback ports that this process holds until each is handed to a node.
 *
 * <p>Why hold: the ports of a local network are written into its genesis before any node
 * runs, so they must be chosen first. Finding free ports and letting go of them before the
 * nodes bind races with everything else on the machine (the previous test's nodes still
 * closing, another build running the same tests). A held port is bound by a socket of ours, so
 * no one else can bind it; {@link #release} lets go of one port immediately before its node binds
 * it, and {@link #hold} takes it back while a stopped node is down.
 *
 * <p>How: each port is held by a TCP socket that is bound but neither listening nor connected,
 * with {@code SO_REUSEADDR} off. A node dialling a held port is refused at once (it retries
 * with backoff) instead of hanging in a backlog, and the kernel refuses every other bind of the
 * port, even one that asks for address reuse.
 *
 * <p>Tests take their block at a random place below 32768, where the kernel does not hand out
 * ports for outgoing connections (Linux's ephemeral range starts there; macOS's and Windows's
 * at 49152), so no connection of a running node can occupy a port before its node binds it.
 * Public for the tests of other packages that run transports on loopback.
 */
public final class PortBlock implements AutoCloseable {
    /** The range tests take blocks from: above the usual service ports, below every ephemeral range. */
    static final int TEST_PORTS_FIRST = 20_000;
    static final int TEST_PORTS_END = 32_000;

    private final int base;
    private final int count;
    private final Map<Integer, SocketChannel> held = new TreeMap<>();

    private PortBlock(int base, int count) {
        this.base = base;
        this.count = count;
    }

    /** The first block of {@code count} ports at or above {@code from} that are all free; busy ports are skipped. */
    static PortBlock reserve(int from, int count) {
        return reserveWithin(from, 65_000, count);
    }

    /** A block of {@code count} free ports at a random place of the test range. */
    public static PortBlock reserveForTest(int count) {
        int span = TEST_PORTS_END - TEST_PORTS_FIRST - count;
        return reserveWithin(TEST_PORTS_FIRST + ThreadLocalRandom.current().nextInt(span), TEST_PORTS_END, count);
    }

    private static PortBlock reserveWithin(int from, int end, int count) {
        if (count < 1 || from < 1024 || from + count > end) {
            throw new IllegalArgumentException("cannot take " + count + " ports from " + from + " below " + end);
        }
        for (int base = from; base + count <= end; base += count) {
            PortBlock block = new PortBlock(base, count);
            if (block.holdAll()) {
                return block;
            }
            block.close();
        }
        throw new IllegalStateException("no run of " + count + " free ports on 127.0.0.1 from " + from + " to " + end);
    }

    private boolean holdAll() {
        for (int port = base; port < base + count; port++) {
            SocketChannel socket = bind(port);
            if (socket == null) {
                return false;
            }
            held.put(port, socket);
        }
        return true;
    }

    private static SocketChannel bind(int port) {
        SocketChannel socket = null;
        try {
            socket = SocketChannel.open();
            socket.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            return null;
        }
    }

    public int base() {
        return base;
    }

    int count() {
        return count;
    }

    /** Lets go of {@code port} so that a node can bind it; call it right before the node starts. */
    public synchronized void release(int port) {
        requireInBlock(port);
        closeQuietly(held.remove(port));
    }

    /**
     * Takes {@code port} back after its node stopped, so that it is still free when the node
     * restarts; false if that is not possible now (the closed node's connections can keep the
     * port in TIME_WAIT for a while, which a later bind with address reuse does not mind).
     */
    public synchronized boolean hold(int port) {
        requireInBlock(port);
        if (held.containsKey(port)) {
            return true;
        }
        SocketChannel socket = bind(port);
        if (socket != null) {
            held.put(port, socket);
        }
        return socket != null;
    }

    synchronized boolean isHeld(int port) {
        return held.containsKey(port);
    }

    private void requireInBlock(int port) {
        if (port < base || port >= base + count) {
            throw new IllegalArgumentException("port " + port + " is not in the block " + base + "-" + (base + count - 1));
        }
    }

    /** Lets go of every port still held. */
    @Override
    public synchronized void close() {
        held.values().forEach(PortBlock::closeQuietly);
        held.clear();
    }

    private static void closeQuietly(SocketChannel socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closing a bound, unconnected socket has nothing to flush; nothing to do
        }
    }
}
