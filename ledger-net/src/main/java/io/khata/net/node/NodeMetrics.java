package io.khata.net.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Supplier;

/**
 * The node's metrics, in a Prometheus registry that {@code GET /metrics} scrapes and, when the
 * embedding application hands the node its own Micrometer registry, in that one as well: meters
 * are registered once in a composite of the two, so both see the same values.
 */
final class NodeMetrics {
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final io.micrometer.core.instrument.composite.CompositeMeterRegistry registry =
            new io.micrometer.core.instrument.composite.CompositeMeterRegistry();
    private final Counter txCommitted;
    private final Counter blocksCommitted;
    private final Counter evidenceSeen;
    private final Timer blockValidation;
    private final io.micrometer.core.instrument.DistributionSummary roundsPerHeight;
    private Supplier<java.util.Map<String, Long>> faultSource;

    NodeMetrics(String nodeId, Supplier<Number> height, Supplier<Number> mempoolSize, Supplier<Number> peers) {
        this(nodeId, height, mempoolSize, peers, null);
    }

    /** {@code application}: the embedding application's registry, or null. */
    NodeMetrics(String nodeId, Supplier<Number> height, Supplier<Number> mempoolSize, Supplier<Number> peers,
                io.micrometer.core.instrument.MeterRegistry application) {
        registry.add(prometheus);
        if (application != null) {
            registry.add(application);
        }
        registry.config().commonTags("node", nodeId);
        Gauge.builder("khata_height", height).description("committed height").register(registry);
        Gauge.builder("khata_mempool_size", mempoolSize).description("pending transactions").register(registry);
        Gauge.builder("khata_peers_connected", peers).description("connected peers").register(registry);
        txCommitted = Counter.builder("khata_tx_committed").description("transactions committed").register(registry);
        blocksCommitted = Counter.builder("khata_blocks_committed").register(registry);
        evidenceSeen = Counter.builder("khata_evidence_seen").description("equivocations detected").register(registry);
        blockValidation = Timer.builder("khata_block_validation").description("block validation time").register(registry);
        roundsPerHeight = io.micrometer.core.instrument.DistributionSummary.builder("khata_rounds_per_height")
                .register(registry);
    }

    /** Frames and connections the transport refused, by fault; read when scraped. */
    void peerFaults(Supplier<java.util.Map<String, Long>> faults, Iterable<String> codes) {
        this.faultSource = faults; // Micrometer holds function counters' state weakly
        for (String code : codes) {
            io.micrometer.core.instrument.FunctionCounter.builder("khata_peer_faults", faults,
                            f -> f.get().getOrDefault(code, 0L))
                    .description("peer connections closed for a bad frame or handshake")
                    .tag("fault", code)
                    .register(registry);
        }
    }

    /** When this node's TLS certificate expires (Unix seconds), so an alert can fire weeks ahead. */
    void certificateExpiry(Supplier<Number> notAfterEpochSeconds) {
        Gauge.builder("khata_tls_certificate_not_after_seconds", notAfterEpochSeconds)
                .description("this node's TLS certificate expiry, Unix seconds").register(registry);
    }

    /**
     * Ed25519 verifications this node ran (mempool, builder, validator), read when scraped; over
     * {@code khata_tx_committed} it shows whether any signature is verified twice.
     */
    void signatureVerifications(io.khata.core.validate.SignatureCache cache) {
        io.micrometer.core.instrument.FunctionCounter.builder("khata_signature_verifications", cache,
                        io.khata.core.validate.SignatureCache::verifications)
                .description("Ed25519 signature verifications run by this node").register(registry);
    }

    /** 1 while consensus and storage work, 0 once they failed and the node stopped taking part. */
    void health(Supplier<Number> healthy) {
        Gauge.builder("khata_node_healthy", healthy)
                .description("1 while healthy; 0 after a consensus or storage failure (restart the node)")
                .register(registry);
    }

    void committed(int transactions, int rounds) {
        blocksCommitted.increment();
        txCommitted.increment(transactions);
        roundsPerHeight.record(rounds + 1);
    }

    void evidence() {
        evidenceSeen.increment();
    }

    Timer blockValidation() {
        return blockValidation;
    }

    /** Counts refused input by where it came from and the rejection's code. */
    void rejected(String source, String code) {
        registry.counter("khata_rejected", "source", source, "reason", code).increment();
    }

    String scrape() {
        return prometheus.scrape();
    }
}
