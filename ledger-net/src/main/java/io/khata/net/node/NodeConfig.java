package io.khata.net.node;

import io.khata.core.crypto.KeyPair;
import io.khata.core.genesis.Genesis;
import io.khata.core.genesis.Member;
import io.khata.core.ledger.LedgerOptions;
import io.khata.net.consensus.Timeouts;
import io.khata.net.mempool.MempoolLimits;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a node needs to run. Build one in code with {@link #builder}, or read a node's
 * {@code node.json} with {@link NodeConfigLoader#load}.
 *
 * @param nodeId                 this node's member id
 * @param home                   the node's directory: ledger data and sign-state live under it
 * @param validatorKey           the member's validator key, or null for a node that only follows
 * @param tlsCertificateFile     PEM chain of this node's certificate, issued by the consortium root CA
 * @param tlsKeyFile             PEM private key of that certificate
 * @param p2pListen              where peers connect to this node
 * @param peerAddresses          where to reach each other member
 * @param apiListen              where the HTTP API listens, or null for none
 * @param emptyBlockDelayMillis  how long a proposer with an empty mempool waits for
 *                               transactions before proposing an empty block (default 250 ms,
 *                               below the propose timeout)
 * @param allowedPeerAddresses   if not empty, the only IP addresses or CIDR blocks that may connect
 *                               to the p2p port (node.json {@code allowed_peer_addresses}); empty: any
 * @param meterRegistry          the embedding application's Micrometer registry, which receives the
 *                               node's meters too (besides the node's own, scraped by {@code GET
 *                               /metrics}), or null for none
 * @param unsafeAllowSignStateReset start a validator even though its sign-state is missing or behind
 *                               what its ledger proves it signed (node.json
 *                               {@code unsafe_allow_sign_state_reset}, {@code khata node --unsafe-reset-sign-state});
 *                               it may then sign twice at a height, so it is never set by a generated config
 * @param apiAccess              TLS and authentication of the HTTP API; {@link ApiAccess#OPEN} by default
 * @param role                   a validator (the default) or an observer (node.json {@code role}), which
 *                               holds no validator key, keeps no sign-state and never votes
 */
public record NodeConfig(
        String nodeId,
        Path home,
        Genesis genesis,
        KeyPair validatorKey,
        LedgerOptions ledgerOptions,
        MempoolLimits mempoolLimits,
        Timeouts timeouts,
        Path tlsCertificateFile,
        Path tlsKeyFile,
        InetSocketAddress p2pListen,
        Map<String, InetSocketAddress> peerAddresses,
        InetSocketAddress apiListen,
        long emptyBlockDelayMillis,
        java.util.List<io.khata.net.p2p.AddressRange> allowedPeerAddresses,
        io.micrometer.core.instrument.MeterRegistry meterRegistry,
        boolean unsafeAllowSignStateReset,
        ApiAccess apiAccess,
        NodeRole role) {

    public NodeConfig {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(genesis, "genesis");
        Objects.requireNonNull(role, "role");
        if (role == NodeRole.OBSERVER && validatorKey != null) {
            throw new IllegalArgumentException("observer " + nodeId + " has a validator key: an observer never holds one");
        }
        peerAddresses = Map.copyOf(peerAddresses);
        allowedPeerAddresses = java.util.List.copyOf(allowedPeerAddresses);
        apiAccess = apiAccess == null ? ApiAccess.OPEN : apiAccess;
    }

    public Path dataDirectory() {
        return home.resolve("data");
    }

    /** This configuration, with the operator's decision to start despite a missing or stale sign-state. */
    public NodeConfig withUnsafeAllowSignStateReset(boolean value) {
        return new NodeConfig(nodeId, home, genesis, validatorKey, ledgerOptions, mempoolLimits, timeouts,
                tlsCertificateFile, tlsKeyFile, p2pListen, peerAddresses, apiListen, emptyBlockDelayMillis,
                allowedPeerAddresses, meterRegistry, value, apiAccess, role);
    }

    public Path signStateFile() {
        return home.resolve("signstate.bin");
    }

    /** Reads a node's {@code node.json}; see {@link NodeConfigLoader}. */
    public static NodeConfig load(Path nodeJson) throws java.io.IOException {
        return NodeConfigLoader.load(nodeJson);
    }

    public static Builder builder(String nodeId, Path home, Genesis genesis) {
        return new Builder(nodeId, home, genesis);
    }

    /** Fills every setting a bank need not think about with its default. */
    public static final class Builder {
        private final String nodeId;
        private final Path home;
        private final Genesis genesis;
        private KeyPair validatorKey;
        private LedgerOptions ledgerOptions = LedgerOptions.defaults();
        private MempoolLimits mempoolLimits = MempoolLimits.DEFAULT;
        private Timeouts timeouts = Timeouts.DEFAULT;
        private Path tlsCertificateFile;
        private Path tlsKeyFile;
        private InetSocketAddress p2pListen;
        private final Map<String, InetSocketAddress> peerAddresses = new HashMap<>();
        private InetSocketAddress apiListen;
        private long emptyBlockDelayMillis = 250;
        private java.util.List<io.khata.net.p2p.AddressRange> allowedPeerAddresses = java.util.List.of();
        private io.micrometer.core.instrument.MeterRegistry meterRegistry;
        private boolean unsafeAllowSignStateReset;
        private ApiAccess apiAccess = ApiAccess.OPEN;
        private NodeRole role = NodeRole.VALIDATOR;

        private Builder(String nodeId, Path home, Genesis genesis) {
            this.nodeId = nodeId;
            this.home = home;
            this.genesis = genesis;
            for (Member member : genesis.members()) {
                if (!member.p2pAddress().isEmpty()) {
                    peerAddresses.put(member.id(), parseAddress(member.p2pAddress()));
                }
            }
            this.p2pListen = peerAddresses.get(nodeId);
        }

        public Builder validatorKey(KeyPair value) {
            this.validatorKey = value;
            return this;
        }

        public Builder ledgerOptions(LedgerOptions value) {
            this.ledgerOptions = value;
            return this;
        }

        public Builder mempoolLimits(MempoolLimits value) {
            this.mempoolLimits = value;
            return this;
        }

        public Builder timeouts(Timeouts value) {
            this.timeouts = value;
            return this;
        }

        public Builder tls(Path certificateFile, Path keyFile) {
            this.tlsCertificateFile = certificateFile;
            this.tlsKeyFile = keyFile;
            return this;
        }

        public Builder p2pListen(InetSocketAddress value) {
            this.p2pListen = value;
            return this;
        }

        public Builder peerAddress(String memberId, InetSocketAddress address) {
            peerAddresses.put(memberId, address);
            return this;
        }

        public Builder apiListen(InetSocketAddress value) {
            this.apiListen = value;
            return this;
        }

        public Builder emptyBlockDelayMillis(long value) {
            this.emptyBlockDelayMillis = value;
            return this;
        }

        /** Only these addresses or CIDR blocks may connect to the p2p port; empty (the default) allows any. */
        public Builder allowedPeerAddresses(java.util.List<io.khata.net.p2p.AddressRange> value) {
            this.allowedPeerAddresses = value;
            return this;
        }

        /** The application's Micrometer registry: the node registers its meters there as well. */
        public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry value) {
            this.meterRegistry = value;
            return this;
        }

        /** Starts despite a missing or stale sign-state, at the risk of signing twice; off by default. */
        public Builder unsafeAllowSignStateReset(boolean value) {
            this.unsafeAllowSignStateReset = value;
            return this;
        }

        /** TLS and authentication of the HTTP API (default: {@link ApiAccess#OPEN}, loopback only). */
        public Builder apiAccess(ApiAccess value) {
            this.apiAccess = value;
            return this;
        }

        /** A validator (the default) or an observer, which must then have no validator key. */
        public Builder role(NodeRole value) {
            this.role = value;
            return this;
        }

        public NodeConfig build() {
            return new NodeConfig(nodeId, home, genesis, validatorKey, ledgerOptions, mempoolLimits, timeouts,
                    tlsCertificateFile, tlsKeyFile, p2pListen, peerAddresses, apiListen, emptyBlockDelayMillis,
                    allowedPeerAddresses, meterRegistry, unsafeAllowSignStateReset, apiAccess, role);
        }
    }

    /** Parses {@code host:port}; throws {@link IllegalArgumentException} naming the bad value. */
    public static InetSocketAddress parseAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("an address is host:port, got '" + hostPort + "'");
        }
        try {
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range in '" + hostPort + "'");
            }
            return new InetSocketAddress(hostPort.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("an address is host:port, got '" + hostPort + "'");
        }
    }
}
