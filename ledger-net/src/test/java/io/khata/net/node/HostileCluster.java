package io.khata.net.node;

import io.khata.core.Limits;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.KeyFiles;
import io.khata.core.crypto.KeyPair;
import io.khata.core.genesis.Genesis;
import io.khata.core.ledger.LedgerOptions;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.net.cli.Testnet;
import io.khata.net.consensus.Timeouts;
import io.khata.net.p2p.Transport;
import io.khata.net.p2p.TransportConfig;
import io.khata.net.p2p.TransportListener;
import io.khata.net.tls.NodeCredentials;
import io.khata.proto.Envelope;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

/**
 * A testnet of four validators over real TLS on loopback in which members 0 to 2 run honest
 * {@link Node}s and member 3 is hostile: a bare {@link Transport} holding member 3's
 * certificate, key and validator key, that sends whatever frames a test crafts.
 */
final class HostileCluster implements AutoCloseable {
    static final int MEMBERS = 4;
    static final int HONEST = 3;
    static final int HOSTILE = 3;

    final Path dir;
    final int basePort;
    final Genesis genesis;
    final Limits limits;
    final Node[] nodes = new Node[HONEST];
    final List<KeyPair> treasuries = new ArrayList<>();
    final KeyPair hostileValidatorKey;
    final ConcurrentLinkedQueue<Envelope> hostileReceived = new ConcurrentLinkedQueue<>();
    Transport hostile;
    /** Called with every frame an honest node sends the hostile member; a test sets it to react. */
    volatile java.util.function.Consumer<Envelope> onHostileMessage = envelope -> { };
    private long emptyBlockDelayMillis;
    private Timeouts timeouts;
    private long nonce;

    private HostileCluster(Path dir, int basePort, Genesis genesis, Limits limits) throws IOException {
        this.dir = dir;
        this.basePort = basePort;
        this.genesis = genesis;
        this.limits = limits;
        this.hostileValidatorKey = KeyFiles.readPrivateKey(Testnet.nodeHome(dir, HOSTILE).resolve("validator.key"));
        for (int i = 0; i < MEMBERS; i++) {
            treasuries.add(KeyFiles.readPrivateKey(Testnet.keyFile(dir, Testnet.treasury(i))));
        }
    }

    /** Creates the testnet and starts the honest nodes with {@code limits} and an idle-block delay. */
    static HostileCluster start(Path dir, Limits limits, long emptyBlockDelayMillis, Timeouts timeouts)
            throws IOException {
        int basePort = freeBasePort(34_100 + (int) (ProcessHandle.current().pid() % 200) * 20);
        Genesis genesis = Testnet.create(dir, MEMBERS, 0, basePort, false, Genesis.MAX_TX_TTL_MILLIS_DEFAULT);
        HostileCluster cluster = new HostileCluster(dir, basePort, genesis, limits);
        cluster.emptyBlockDelayMillis = emptyBlockDelayMillis;
        cluster.timeouts = timeouts;
        for (int i = 0; i < HONEST; i++) {
            cluster.nodes[i] = Node.start(cluster.config(i, emptyBlockDelayMillis, timeouts));
        }
        return cluster;
    }

    /** Stops honest node {@code i}, as an operator's restart would. */
    void stopHonest(int i) {
        nodes[i].close();
        nodes[i] = null;
    }

    /** Starts honest node {@code i} again from its directory, with the settings the cluster started with. */
    void startHonest(int i) throws IOException {
        nodes[i] = Node.start(config(i, emptyBlockDelayMillis, timeouts));
    }

    private NodeConfig config(int i, long emptyBlockDelayMillis, Timeouts timeouts) throws IOException {
        NodeConfig loaded = NodeConfigLoader.load(Testnet.nodeHome(dir, i).resolve("node.json"));
        return NodeConfig.builder(loaded.nodeId(), loaded.home(), loaded.genesis())
                .validatorKey(loaded.validatorKey())
                .tls(loaded.tlsCertificateFile(), loaded.tlsKeyFile())
                .p2pListen(loaded.p2pListen())
                .ledgerOptions(LedgerOptions.defaults().withLimits(limits))
                .timeouts(timeouts)
                .emptyBlockDelayMillis(emptyBlockDelayMillis)
                .build();
    }

    /** Starts member 3's hostile transport: it connects to the honest nodes like a member and records what they send. */
    Transport startHostile() throws IOException {
        Path home = Testnet.nodeHome(dir, HOSTILE);
        NodeCredentials credentials = NodeCredentials.load(home.resolve("tls.key"), home.resolve("tls.crt"));
        TransportConfig.Builder builder = TransportConfig.builder(credentials,
                        TlsPeerNetwork.rootCertificate(genesis.rootCaPem()), genesis.chainId(),
                        limits.blockBytesMax() + TlsPeerNetwork.FRAME_OVERHEAD_BYTES)
                .listenAddress(new InetSocketAddress("127.0.0.1", Testnet.p2pPort(basePort, HOSTILE)))
                .outboundBytesMax(512L * 1024 * 1024)
                .outboundFramesMax(1_000_000)
                .reconnectDelay(java.time.Duration.ofMillis(50), java.time.Duration.ofMillis(500));
        for (int i = 0; i < HONEST; i++) {
            builder.peer(Testnet.bank(i), new InetSocketAddress("127.0.0.1", Testnet.p2pPort(basePort, i)));
        }
        hostile = new Transport(builder.build(), new TransportListener() {
            @Override
            public void onMessage(String fromMember, Envelope envelope) {
                onHostileMessage.accept(envelope);
                if (envelope.hasBlockResponse()) {
                    hostileReceived.add(envelope);
                }
            }

            @Override
            public void onPeerConnected(String member, long height) {
            }

            @Override
            public void onPeerDisconnected(String member) {
            }
        });
        hostile.start();
        await("the hostile member connected to every honest node", () -> hostile.connectedPeers().size() == HONEST, 20_000);
        return hostile;
    }

    /** Brings the hostile member's own copy of the chain up to honest node 0's height, each block with its commit. */
    void catchUp(io.khata.core.ledger.Ledger copy) {
        io.khata.core.ledger.Ledger source = nodes[0].ledger();
        while (copy.height() < source.height()) {
            long h = copy.height() + 1;
            copy.commit(source.block(h).orElseThrow(), source.commit(h).orElseThrow());
        }
    }

    /** Waits until the hostile member's outbound queues are empty: everything it sent is on the wire. */
    void awaitHostileFlushed() {
        await("the hostile member's frames written", () -> hostile.outboundQueuedBytes() == 0, 60_000);
    }

    Transaction transfer(int from, int to, long amount) {
        Node any = nodes[0];
        return TxCodec.sign(new TxBody(genesis.chainId(), List.of(new Operation.Transfer(Testnet.PKR,
                        Testnet.treasury(from), Testnet.treasury(to), amount)), System.currentTimeMillis() + 600_000, ++nonce, ""),
                List.of(treasuries.get(from)));
    }

    /** Submits transfers to every honest node and waits until all are committed. */
    void commitTransfers(int count) throws Exception {
        List<java.util.concurrent.CompletableFuture<TxResult>> results = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            int from = n % HONEST;
            results.add(nodes[from].submit(transfer(from, (from + 1) % MEMBERS, 1 + n)));
        }
        for (var result : results) {
            TxResult outcome;
            try {
                outcome = result.get(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("transfers not committed within 60 s: " + describe());
            }
            if (!(outcome instanceof TxResult.Committed)) {
                throw new AssertionError("a transfer was not committed: " + outcome);
            }
        }
    }

    /** Asserts that the honest nodes hold the same block at every height the lowest of them reached. */
    void assertAgreement() {
        long height = Long.MAX_VALUE;
        for (Node node : nodes) {
            height = Math.min(height, node.ledger().height());
        }
        for (long h = 1; h <= height; h++) {
            Hash expected = nodes[0].ledger().block(h).orElseThrow().hash();
            for (Node node : nodes) {
                if (!expected.equals(node.ledger().block(h).orElseThrow().hash())) {
                    throw new AssertionError(node.nodeId() + " disagrees at height " + h);
                }
            }
        }
    }

    /** Each honest node's height, mempool and peers, for a failure message. */
    String describe() {
        StringBuilder text = new StringBuilder();
        for (Node node : nodes) {
            text.append(node.nodeId()).append(": height ").append(node.ledger().height()).append(", mempool ")
                    .append(node.mempoolSize()).append(", peers ").append(node.connectedPeers()).append("; ");
        }
        return text.toString();
    }

    /** Fault counts of an honest node's transport, by code. */
    Map<String, Long> faults(int i) {
        return ((TlsPeerNetwork) nodes[i].network()).faultCounts();
    }

    /** The sum of the {@code khata_rejected} counters of node {@code i} with this reason. */
    double rejected(int i, String reason) {
        double sum = 0;
        for (String line : nodes[i].scrapeMetrics().split("\n")) {
            if (line.startsWith("khata_rejected_total{") && line.contains("reason=\"" + reason + "\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Used heap after full collections, in bytes. */
    static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }

    static void await(String what, BooleanSupplier condition, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    static int freeBasePort(int from) {
        for (int base = from; base + 2 * MEMBERS < 65_000; base += 2 * MEMBERS + 10) {
            if (allFree(base, 2 * MEMBERS)) {
                return base;
            }
        }
        throw new IllegalStateException("no free port range above " + from);
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
        if (hostile != null) {
            hostile.close();
        }
        for (Node node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }
}
