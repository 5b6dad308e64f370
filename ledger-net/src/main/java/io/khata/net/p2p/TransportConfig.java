package io.khata.net.p2p;

import io.khata.core.genesis.Genesis;
import io.khata.core.genesis.Member;
import io.khata.net.tls.NodeCredentials;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Everything a {@link Transport} needs. Build it with {@link #builder}; the defaults suit a
 * consortium of 4 to 30 members.
 *
 * @param credentials           this node's TLS key and certificate chain; the certificate names this member
 * @param rootCertificate       the consortium root from genesis, the only certificate trusted
 * @param listenAddress         where to accept peers (port 0 picks a free port, see {@link Transport#localAddress()})
 * @param peers                 every other genesis member and where to dial it; an unresolved address is
 *                              resolved at each dial, so a peer may move to a new IP
 * @param frameBytesMax         the largest envelope accepted or sent, checked before a frame is read
 *                              (the node passes {@code Limits.blockBytesMax() + 1 MiB})
 * @param outboundFramesMax     frames queued for one peer at most (default 10,000); past it the oldest are dropped
 * @param outboundBytesMax      bytes queued for one peer at most (default frameBytesMax + 16 MiB), the same way
 * @param reconnectDelayMin     first redial delay after a loss (default 100 ms)
 * @param reconnectDelayMax     the cap of the doubling redial delay (default 5 s)
 * @param handshakeTimeout      how long a connection may take from TCP connect to the peer's Hello (default
 *                              5 s: TLS 1.3 and the Hello take three round trips, well under a second
 *                              between banks; an idle socket holds a pending slot no longer than this)
 * @param pendingConnectionsMax connections allowed at once that have not yet identified themselves
 *                              (default 2 per peer plus 8); more are closed at once
 * @param pendingConnectionsPerAddressMax of those, how many may come from one remote IP address
 *                              (default 4), so that one stranger cannot take every slot; connections this
 *                              node dials take no slot
 * @param allowedAddresses      if not empty, only connections from these addresses or CIDR blocks are
 *                              accepted (others are closed at accept, before TLS); empty accepts any address
 *                              (the certificate check still applies)
 * @param penaltyDelayMin       how long a member disconnected for going over its budget is refused, the
 *                              first time (default 1 s); the delay doubles with each further fault
 * @param penaltyDelayMax       the cap of that doubling (default 60 s)
 * @param ioThreads             Netty event loop threads for accepting, dialing and all I/O (default 1)
 * @param observerSlotsMax      observer nodes connected at once at most (default 16; 0 accepts none, as an
 *                              observer's own transport does); observers never take a member's place, each
 *                              member has its own connection whatever the observers do
 * @param observerSlotsPerMemberMax of those, how many one member bank's observers may hold (default 2), so
 *                              that one bank cannot take every observer slot
 * @param height                this node's committed height, sent in each Hello
 */
public record TransportConfig(
        NodeCredentials credentials,
        X509Certificate rootCertificate,
        String chainId,
        InetSocketAddress listenAddress,
        Map<String, InetSocketAddress> peers,
        int frameBytesMax,
        int outboundFramesMax,
        long outboundBytesMax,
        Duration reconnectDelayMin,
        Duration reconnectDelayMax,
        Duration handshakeTimeout,
        int pendingConnectionsMax,
        int pendingConnectionsPerAddressMax,
        java.util.List<AddressRange> allowedAddresses,
        Duration penaltyDelayMin,
        Duration penaltyDelayMax,
        int ioThreads,
        int observerSlotsMax,
        int observerSlotsPerMemberMax,
        LongSupplier height) {

    public TransportConfig {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(rootCertificate, "rootCertificate");
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(height, "height");
        peers = Map.copyOf(peers);
        String self = credentials.identity().key();
        if (peers.containsKey(self)) {
            throw new IllegalArgumentException("the peers include this node itself, " + self);
        }
        requirePositive("frameBytesMax", frameBytesMax);
        requirePositive("outboundFramesMax", outboundFramesMax);
        requirePositive("pendingConnectionsMax", pendingConnectionsMax);
        requirePositive("pendingConnectionsPerAddressMax", pendingConnectionsPerAddressMax);
        allowedAddresses = java.util.List.copyOf(allowedAddresses);
        if (penaltyDelayMin.toMillis() <= 0 || penaltyDelayMax.compareTo(penaltyDelayMin) < 0) {
            throw new IllegalArgumentException(
                    "penalty delays must satisfy 0 < min <= max: " + penaltyDelayMin + ", " + penaltyDelayMax);
        }
        requirePositive("ioThreads", ioThreads);
        if (observerSlotsMax < 0 || observerSlotsPerMemberMax < 0) {
            throw new IllegalArgumentException(
                    "observer slots must not be negative: " + observerSlotsMax + ", " + observerSlotsPerMemberMax);
        }
        if (outboundBytesMax < (long) frameBytesMax + Frames.LENGTH_BYTES) {
            throw new IllegalArgumentException(
                    "outboundBytesMax " + outboundBytesMax + " cannot hold one frame of " + frameBytesMax + " bytes");
        }
        if (reconnectDelayMin.toMillis() <= 0 || reconnectDelayMax.compareTo(reconnectDelayMin) < 0) {
            throw new IllegalArgumentException(
                    "reconnect delays must satisfy 0 < min <= max: " + reconnectDelayMin + ", " + reconnectDelayMax);
        }
        if (handshakeTimeout.toMillis() <= 0) {
            throw new IllegalArgumentException("handshakeTimeout must be positive: " + handshakeTimeout);
        }
    }

    /**
     * This node's name on the network, as its certificate gives it: the member id, or an
     * observer's {@code observer:<member>:<name>} (see {@link io.khata.net.tls.PeerIdentity#key()}).
     */
    public String memberId() {
        return credentials.identity().key();
    }

    public static Builder builder(NodeCredentials credentials, X509Certificate rootCertificate, String chainId,
                                  int frameBytesMax) {
        return new Builder(credentials, rootCertificate, chainId, frameBytesMax);
    }

    /** Parses {@code host:port} or {@code [ipv6]:port}, leaving the host unresolved; a bare IPv6 literal is refused. */
    public static InetSocketAddress parseAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("an IPv6 address needs brackets: '" + hostPort + "'");
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in '" + hostPort + "'");
        }
        if (port < 0 || port > 65_535 || host.isEmpty()) {
            throw new IllegalArgumentException("expected host:port with a port up to 65535, got '" + hostPort + "'");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    public static final class Builder {
        private final NodeCredentials credentials;
        private final X509Certificate rootCertificate;
        private final String chainId;
        private final int frameBytesMax;
        private InetSocketAddress listenAddress = new InetSocketAddress("127.0.0.1", 0);
        private final Map<String, InetSocketAddress> peers = new LinkedHashMap<>();
        private int outboundFramesMax = 10_000;
        private long outboundBytesMax = -1;
        private Duration reconnectDelayMin = Duration.ofMillis(100);
        private Duration reconnectDelayMax = Duration.ofSeconds(5);
        private Duration handshakeTimeout = Duration.ofSeconds(5);
        private int pendingConnectionsMax = -1;
        private int pendingConnectionsPerAddressMax = 4;
        private java.util.List<AddressRange> allowedAddresses = java.util.List.of();
        private Duration penaltyDelayMin = Duration.ofSeconds(1);
        private Duration penaltyDelayMax = Duration.ofSeconds(60);
        private int ioThreads = 1;
        private int observerSlotsMax = 16;
        private int observerSlotsPerMemberMax = 2;
        private LongSupplier height = () -> 0;

        private Builder(NodeCredentials credentials, X509Certificate rootCertificate, String chainId,
                        int frameBytesMax) {
            this.credentials = credentials;
            this.rootCertificate = rootCertificate;
            this.chainId = chainId;
            this.frameBytesMax = frameBytesMax;
        }

        public Builder listenAddress(InetSocketAddress address) {
            this.listenAddress = address;
            return this;
        }

        public Builder peer(String memberId, InetSocketAddress address) {
            peers.put(memberId, address);
            return this;
        }

        /** Every genesis member but this node, at its {@code p2p_address}. */
        public Builder peersFromGenesis(Genesis genesis) {
            String self = credentials.identity().key();
            for (Member member : genesis.members()) {
                if (!member.id().equals(self)) {
                    peers.put(member.id(), parseAddress(member.p2pAddress()));
                }
            }
            return this;
        }

        public Builder outboundFramesMax(int frames) {
            this.outboundFramesMax = frames;
            return this;
        }

        public Builder outboundBytesMax(long bytes) {
            this.outboundBytesMax = bytes;
            return this;
        }

        public Builder reconnectDelay(Duration min, Duration max) {
            this.reconnectDelayMin = min;
            this.reconnectDelayMax = max;
            return this;
        }

        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        public Builder pendingConnectionsMax(int connections) {
            this.pendingConnectionsMax = connections;
            return this;
        }

        public Builder pendingConnectionsPerAddressMax(int connections) {
            this.pendingConnectionsPerAddressMax = connections;
            return this;
        }

        /** Accept connections only from these addresses or blocks; an empty list accepts any. */
        public Builder allowedAddresses(java.util.List<AddressRange> ranges) {
            this.allowedAddresses = java.util.List.copyOf(ranges);
            return this;
        }

        public Builder penaltyDelay(Duration min, Duration max) {
            this.penaltyDelayMin = min;
            this.penaltyDelayMax = max;
            return this;
        }

        public Builder ioThreads(int threads) {
            this.ioThreads = threads;
            return this;
        }

        /** How many observers may connect at once, in all and per owning member; 0 and 0 accept none. */
        public Builder observerSlots(int inAllMax, int perMemberMax) {
            this.observerSlotsMax = inAllMax;
            this.observerSlotsPerMemberMax = perMemberMax;
            return this;
        }

        public Builder height(LongSupplier committedHeight) {
            this.height = committedHeight;
            return this;
        }

        public TransportConfig build() {
            long bytesMax = outboundBytesMax > 0 ? outboundBytesMax
                    : (long) frameBytesMax + Frames.LENGTH_BYTES + 16L * 1024 * 1024;
            int pendingMax = pendingConnectionsMax > 0 ? pendingConnectionsMax : 2 * peers.size() + 8;
            return new TransportConfig(credentials, rootCertificate, chainId, listenAddress, peers, frameBytesMax,
                    outboundFramesMax, bytesMax, reconnectDelayMin, reconnectDelayMax, handshakeTimeout, pendingMax,
                    pendingConnectionsPerAddressMax, allowedAddresses, penaltyDelayMin, penaltyDelayMax, ioThreads,
                    observerSlotsMax, observerSlotsPerMemberMax, height);
        }
    }
}
