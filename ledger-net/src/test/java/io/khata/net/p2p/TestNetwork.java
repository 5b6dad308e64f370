package io.khata.net.p2p;

import io.khata.net.cli.PortBlock;
import io.khata.net.tls.ConsortiumCa;
import io.khata.net.tls.NodeCredentials;
import io.khata.proto.Envelope;
import io.khata.proto.TxBatch;
import com.google.protobuf.ByteString;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Transports of a few members in one JVM on loopback, each on a port held for it from when the
 * network is made (so a restarted member comes back on the same port, and nothing else can take
 * it meanwhile), with a consortium CA, and a recording listener per member.
 */
final class TestNetwork implements AutoCloseable {
    static final String CHAIN_ID = "khata-test";
    static final int FRAME_BYTES_MAX = 64 * 1024;
    static final Instant NOW = Instant.now();

    final ConsortiumCa ca = ConsortiumCa.create("Test", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)));
    final List<String> members;
    final Map<String, NodeCredentials> credentials = new LinkedHashMap<>();
    final Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
    final Map<String, Transport> transports = new ConcurrentHashMap<>();
    final Map<String, RecordingListener> listeners = new HashMap<>();

    /** Each member's port, held from here until its transport starts and again while it is stopped. */
    private final PortBlock ports;

    TestNetwork(String... members) {
        this.members = List.of(members);
        this.ports = PortBlock.reserveForTest(members.length);
        for (String member : members) {
            credentials.put(member, ca.issue(member, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30))));
            addresses.put(member, new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.base() + addresses.size()));
            listeners.put(member, new RecordingListener());
        }
    }

    TransportConfig config(String member) {
        TransportConfig.Builder builder = TransportConfig.builder(credentials.get(member), ca.certificate(), CHAIN_ID,
                        FRAME_BYTES_MAX)
                .listenAddress(addresses.get(member))
                .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(400))
                .handshakeTimeout(Duration.ofSeconds(3));
        for (String other : members) {
            if (!other.equals(member)) {
                builder.peer(other, addresses.get(other));
            }
        }
        return builder.build();
    }

    Transport start(String member) {
        ports.release(addresses.get(member).getPort());
        Transport transport = new Transport(config(member), listeners.get(member));
        transport.start();
        transports.put(member, transport);
        return transport;
    }

    /** Starts {@code transport}, built by the test on {@code member}'s address, in that member's place. */
    Transport start(String member, Transport transport) {
        ports.release(addresses.get(member).getPort());
        transport.start();
        transports.put(member, transport);
        return transport;
    }

    void startAll() {
        members.forEach(this::start);
    }

    Transport transport(String member) {
        return transports.get(member);
    }

    void stop(String member) {
        Transport transport = transports.remove(member);
        if (transport != null) {
            transport.close();
            ports.hold(addresses.get(member).getPort());
        }
    }

    /**
     * Waits until every running transport is connected to every other running one and the mesh
     * has settled: each has exactly one connection per peer and both ends of each pair keep the
     * same one, so no duplicate is still being resolved (which could drop a message in flight).
     */
    void awaitMesh() {
        await("a settled full mesh among " + transports.keySet(), this::settled);
    }

    private boolean settled() {
        for (Map.Entry<String, Transport> entry : transports.entrySet()) {
            Transport transport = entry.getValue();
            if (transport.openChannels() != transports.size() - 1) {
                return false;
            }
            for (Map.Entry<String, Transport> other : transports.entrySet()) {
                if (other.getKey().equals(entry.getKey())) {
                    continue;
                }
                io.netty.channel.Channel here = transport.activeChannel(other.getKey());
                io.netty.channel.Channel there = other.getValue().activeChannel(entry.getKey());
                if (here == null || there == null || !here.localAddress().equals(there.remoteAddress())) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public void close() {
        transports.values().forEach(Transport::close);
        transports.clear();
        ports.close();
    }

    static Envelope batch(String text) {
        return Envelope.newBuilder()
                .setTxBatch(TxBatch.newBuilder().addTxs(ByteString.copyFrom(text, StandardCharsets.UTF_8)))
                .build();
    }

    static String text(Envelope envelope) {
        return envelope.getTxBatch().getTxs(0).toStringUtf8();
    }

    static void await(String what, BooleanSupplier condition) {
        await(what, condition, Duration.ofSeconds(10));
    }

    static void await(String what, BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    record Received(String from, Envelope envelope) {
    }

    /** Records what a transport reports; thread-safe. */
    static final class RecordingListener implements TransportListener {
        final List<Received> messages = new CopyOnWriteArrayList<>();
        final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> disconnections = new ConcurrentHashMap<>();

        @Override
        public void onMessage(String fromMember, Envelope envelope) {
            messages.add(new Received(fromMember, envelope));
        }

        @Override
        public void onPeerConnected(String member, long height) {
            connections.computeIfAbsent(member, m -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void onPeerDisconnected(String member) {
            disconnections.computeIfAbsent(member, m -> new AtomicInteger()).incrementAndGet();
        }

        int connectionsFrom(String member) {
            AtomicInteger count = connections.get(member);
            return count == null ? 0 : count.get();
        }

        int disconnectionsFrom(String member) {
            AtomicInteger count = disconnections.get(member);
            return count == null ? 0 : count.get();
        }

        List<String> textsFrom(String member) {
            return messages.stream().filter(m -> m.from().equals(member) && m.envelope().hasTxBatch())
                    .map(m -> text(m.envelope())).toList();
        }

        long messagesFrom(String member) {
            return messages.stream().filter(m -> m.from().equals(member)).count();
        }
    }
}
