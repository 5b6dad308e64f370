package io.khata.net.node;

import io.khata.net.p2p.Transport;
import io.khata.net.p2p.TransportConfig;
import io.khata.net.p2p.TransportListener;
import io.khata.net.tls.NodeCredentials;
import io.khata.proto.Envelope;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The node's {@link PeerNetwork} over the mutual-TLS transport: the consortium's real network. */
public final class TlsPeerNetwork implements PeerNetwork {
    /** Room in a frame beyond the largest block, for the envelope and a commit. */
    static final int FRAME_OVERHEAD_BYTES = 1024 * 1024;

    private final NodeConfig node;
    private final java.util.function.LongSupplier height;
    private volatile TransportConfig config;
    private volatile Listener listener;
    private final java.util.concurrent.atomic.LongAdder bytesQueued = new java.util.concurrent.atomic.LongAdder();
    private volatile Transport transport;

    private TlsPeerNetwork(NodeConfig node, java.util.function.LongSupplier height, TransportConfig config) {
        this.node = node;
        this.height = height;
        this.config = config;
    }

    /** The TLS network of a node: its certificate and key, the genesis root CA, and its peers' addresses. */
    public static TlsPeerNetwork of(NodeConfig node, java.util.function.LongSupplier height) throws IOException {
        return new TlsPeerNetwork(node, height, transportConfig(node, height, node.peerAddresses()));
    }

    private static TransportConfig transportConfig(NodeConfig node, java.util.function.LongSupplier height,
                                                   Map<String, InetSocketAddress> peers) throws IOException {
        if (node.tlsCertificateFile() == null || node.tlsKeyFile() == null) {
            throw new IllegalArgumentException("node " + node.nodeId() + " has no TLS certificate and key configured");
        }
        NodeCredentials credentials = NodeCredentials.load(node.tlsKeyFile(), node.tlsCertificateFile());
        io.khata.net.tls.PeerIdentity identity = credentials.identity();
        boolean observer = node.role() == NodeRole.OBSERVER;
        if (identity.isObserver() != observer || !identity.name().equals(node.nodeId())) {
            throw new IllegalArgumentException("the TLS certificate names the " + identity + ", this node is "
                    + node.role().code() + " '" + node.nodeId() + "'");
        }
        X509Certificate root = rootCertificate(node.genesis().rootCaPem());
        TransportConfig.Builder builder = TransportConfig.builder(credentials, root, node.genesis().chainId(),
                        node.ledgerOptions().limits().blockBytesMax() + FRAME_OVERHEAD_BYTES)
                .listenAddress(node.p2pListen() != null ? node.p2pListen() : new InetSocketAddress("127.0.0.1", 0))
                .allowedAddresses(node.allowedPeerAddresses())
                .height(height);
        if (observer) {
            builder.observerSlots(0, 0); // an observer serves no other observer
        }
        for (Map.Entry<String, InetSocketAddress> peer : peers.entrySet()) {
            if (!peer.getKey().equals(node.nodeId())) {
                builder.peer(peer.getKey(), peer.getValue());
            }
        }
        return builder.build();
    }

    static X509Certificate rootCertificate(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("the genesis has no root_ca_pem: a TLS network needs the consortium root CA");
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("the genesis root_ca_pem is not a certificate: " + e.getMessage());
        }
    }

    @Override
    public synchronized void updatePeers(Map<String, InetSocketAddress> peers) {
        Map<String, InetSocketAddress> others = new java.util.HashMap<>(peers);
        others.remove(node.nodeId());
        if (others.equals(config.peers())) {
            return;
        }
        try {
            config = transportConfig(node, height, others);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot reload this node's TLS credentials", e);
        }
        if (transport != null) {
            // Membership changes are rare: restart the transport with the new member list
            // rather than make every trust decision mutable. Peers redial within their backoff.
            transport.close();
            begin();
        }
    }

    @Override
    public synchronized void start(Listener value) {
        this.listener = value;
        begin();
    }

    private void begin() {
        Listener listener = this.listener;
        transport = new Transport(config, new TransportListener() {
            @Override
            public void onMessage(String fromMember, Envelope envelope) {
                listener.onMessage(fromMember, envelope);
            }

            @Override
            public void onPeerConnected(String member, long height) {
                listener.onPeerConnected(member);
            }

            @Override
            public void onPeerDisconnected(String member) {
                listener.onPeerDisconnected(member);
            }
        });
        transport.start();
    }

    @Override
    public void broadcast(Envelope envelope) {
        int peers = transport.broadcast(envelope);
        bytesQueued.add((long) peers * (envelope.getSerializedSize() + 4));
    }

    @Override
    public void send(String memberId, Envelope envelope) {
        try {
            if (transport.send(memberId, envelope)) {
                bytesQueued.add(envelope.getSerializedSize() + 4);
            }
        } catch (IllegalArgumentException e) {
            // not (or no longer) a peer: a membership change raced this send
        }
    }

    @Override
    public void disconnect(String memberId, String reason) {
        Transport current = transport;
        if (current != null) {
            current.disconnect(memberId, io.khata.net.p2p.PeerFault.OVER_BUDGET, reason);
        }
    }

    /** The observers connected now (their {@link io.khata.net.tls.PeerIdentity#key()}), sorted. */
    public List<String> connectedObservers() {
        Transport current = transport;
        return current == null ? List.of() : List.copyOf(current.connectedObservers());
    }

    /** Frame bytes (length prefix and envelope, before TLS) queued to peers since start. */
    public long bytesQueued() {
        return bytesQueued.sum();
    }

    @Override
    public List<String> connectedPeers() {
        if (transport == null) {
            return List.of();
        }
        List<String> peers = new ArrayList<>(transport.connectedPeers());
        peers.sort(String::compareTo);
        return peers;
    }

    /** Connections closed for a fault, by the fault's code (for example {@code frame_too_large}). */
    public Map<String, Long> faultCounts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        if (transport != null) {
            transport.faultCounts().forEach((fault, count) -> counts.put(fault.code(), count));
        }
        return counts;
    }

    /** When this node's certificate stops being valid, so an operator sees it coming. */
    public Instant certificateNotAfter() {
        return transport.certificateNotAfter();
    }

    public Map<String, Instant> peerCertificatesNotAfter() {
        return transport.peerCertificateNotAfter();
    }

    @Override
    public synchronized void close() {
        if (transport != null) {
            transport.close();
        }
    }
}
