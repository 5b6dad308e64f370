package io.khata.net.node;

import io.khata.core.Rejection;
import io.khata.core.block.Block;
import io.khata.core.crypto.Hash;
import io.khata.core.ledger.Ledger;
import io.khata.core.store.LedgerStore;
import io.khata.core.store.TxLocation;
import io.khata.core.tx.Transaction;
import io.khata.net.consensus.Consensus;
import io.khata.net.consensus.ConsensusConfig;
import io.khata.net.consensus.SignState;
import io.khata.net.mempool.Admission;
import io.khata.net.mempool.Mempool;
import io.khata.store.rocksdb.RocksLedgerStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bank's node, embeddable in its backend: a ledger on disk, a mempool, the consensus state
 * machine on one thread of its own, and the peer network. {@link #submit} returns a future
 * completed when the transaction is committed or rejected; {@link #onCommit} streams committed
 * blocks; {@link #close} stops everything and is idempotent.
 *
 * <p>Threads: the network's event loops receive; one consensus thread owns the state machine,
 * the ledger's writes and timers; one worker thread admits gossiped transactions, answers
 * block requests and flushes gossip; the ledger's verifier pool checks signatures.
 */
public final class Node implements NodeApi, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);
    static final long GOSSIP_FLUSH_MILLIS = 10;
    /** Threads that deliver the block feed: two, so one subscriber reading old blocks from disk does not hold up the rest. */
    private static final int FEED_THREADS = 2;

    private final NodeConfig config;
    private final Ledger ledger;
    private final Mempool mempool;
    private final PeerNetwork network;
    private final ScheduledExecutorService consensusExecutor;
    private final ScheduledExecutorService workThread;
    /** Delivers the block feed to subscribers; never the consensus thread. */
    private final java.util.concurrent.ExecutorService feedExecutor;
    private final io.khata.net.feed.BlockFeed feed;
    private final NodeMetrics metrics;
    private final TxGossip gossip;
    private final SignStateFile signState;
    private final ConsensusThread consensusThread;
    /** The block requests this node sent and not yet had answered: block responses are accepted only for them. */
    private final SyncRequests syncRequests = new SyncRequests(System::nanoTime);
    private final Map<Hash, CompletableFuture<TxResult>> outcomes = new ConcurrentHashMap<>();
    private final List<Consumer<Block>> commitListeners = new CopyOnWriteArrayList<>();
    private final CommitLatency commitLatency = new CommitLatency(System::nanoTime);
    private final RecentRejections rejections =
            new RecentRejections(RecentRejections.ENTRIES_MAX, RecentRejections.WINDOW_MILLIS, System::nanoTime);
    /** The consensus height each peer last reported in its status, for readiness. */
    private final Map<String, Long> peerConsensusHeights = new ConcurrentHashMap<>();
    private volatile boolean closed;
    /** What the consensus shell sends through: the network, or for an observer the network without consensus messages. */
    private final PeerNetwork shellNetwork;
    /** Proposals, votes and evidence that observers sent and this node dropped unread. */
    private final java.util.concurrent.atomic.LongAdder observerMessagesDropped = new java.util.concurrent.atomic.LongAdder();
    /** Why consensus or storage stopped, or null while healthy; set once. */
    private final java.util.concurrent.atomic.AtomicReference<String> failure = new java.util.concurrent.atomic.AtomicReference<>();
    private final CompletableFuture<String> failed = new CompletableFuture<>();
    /** The validator sets the peer list was last computed from (consensus thread only). */
    private List<Object> peersComputedFor = List.of();

    private Node(NodeConfig config, PeerNetwork network, NodeClock clock, UnaryOperator<LedgerStore> store) {
        this.config = config;
        this.network = network;
        this.ledger = Ledger.open(store.apply(RocksLedgerStore.open(config.dataDirectory())), config.genesis(),
                config.ledgerOptions());
        boolean observer = config.role() == NodeRole.OBSERVER;
        // An observer never signs: no sign-state file, and a shell that cannot send a vote.
        SignStateFile signState = observer ? NoSignState.file() : new SignStateFile(config.signStateFile());
        this.shellNetwork = observer ? new ObserverOutbound(network) : network;
        SignState restored = loadSignState(config, ledger, signState);
        this.mempool = new Mempool(ledger, config.mempoolLimits());
        this.consensusExecutor = Executors.newSingleThreadScheduledExecutor(named("khata-consensus-" + config.nodeId()));
        this.workThread = Executors.newSingleThreadScheduledExecutor(named("khata-work-" + config.nodeId()));
        this.feedExecutor = Executors.newFixedThreadPool(FEED_THREADS, named("khata-feed-" + config.nodeId()));
        this.feed = new io.khata.net.feed.BlockFeed(ledger.height(), ledger::block, feedExecutor);
        this.metrics = new NodeMetrics(config.nodeId(), ledger::height, mempool::size, () -> network.connectedPeers().size(),
                config.meterRegistry());
        this.gossip = new TxGossip(network);
        metrics.health(() -> failure.get() == null ? 1 : 0);
        metrics.signatureVerifications(ledger.signatureCache());
        if (network instanceof TlsPeerNetwork tls) {
            List<String> codes = new ArrayList<>();
            for (io.khata.net.p2p.PeerFault fault : io.khata.net.p2p.PeerFault.values()) {
                codes.add(fault.code());
            }
            metrics.peerFaults(tls::faultCounts, codes);
            metrics.certificateExpiry(() -> {
                try {
                    return tls.certificateNotAfter().getEpochSecond();
                } catch (RuntimeException notStarted) {
                    return 0;
                }
            });
        }
        boolean validator = config.validatorKey() != null;
        ConsensusConfig consensusConfig = ConsensusConfig.of(config.genesis().chainId(),
                validator ? config.nodeId() : null, config.validatorKey(), config.timeouts())
                .withFutureBytesMax(config.ledgerOptions().limits().blockBytesMax());
        this.signState = signState;
        Consensus consensus = new Consensus(consensusConfig, ledger::validatorsAt, ledger.height(), restored);
        this.consensusThread = new ConsensusThread(consensusExecutor, this::isClosed);
        consensusThread.attach(new ConsensusShell(consensus, ledger, signState, shellNetwork, clock, consensusThread,
                new Host(), new ConsensusShell.Settings(config.nodeId(), config.emptyBlockDelayMillis())));
    }

    /**
     * The validator's sign-state, refused (with the ledger closed again) when it is damaged or
     * behind what the ledger proves this validator signed; see {@link SignStateGuard}.
     */
    private static SignState loadSignState(NodeConfig config, Ledger ledger, SignStateFile file) {
        try {
            SignState restored = file.load(config.unsafeAllowSignStateReset());
            if (config.validatorKey() != null) {
                SignStateGuard.check(ledger, config.nodeId(), restored, config.signStateFile(),
                        config.unsafeAllowSignStateReset()).ifPresent(problem ->
                        LOG.warn("starting although {}, as the operator allowed; this validator may sign twice", problem));
            }
            return restored;
        } catch (RuntimeException e) {
            file.close();
            ledger.close();
            throw e;
        }
    }

    /** Starts a node on the consortium's mutual-TLS network, as its configuration describes. */
    public static Node start(NodeConfig config) throws java.io.IOException {
        java.util.concurrent.atomic.AtomicReference<Node> self = new java.util.concurrent.atomic.AtomicReference<>();
        TlsPeerNetwork network = TlsPeerNetwork.of(config, () -> self.get() == null ? 0 : self.get().ledger().height());
        Node node = start(config, network);
        self.set(node);
        return node;
    }

    /** Starts a node on the given peer network (the TLS transport, or an in-memory one in tests). */
    public static Node start(NodeConfig config, PeerNetwork network) {
        return start(config, network, NodeClock.SYSTEM, UnaryOperator.identity());
    }

    /**
     * As {@link #start(NodeConfig, PeerNetwork)}, with the wall clock (milliseconds since the
     * Unix epoch) whose readings this node stamps on its votes; tests give one node a hostile clock.
     */
    static Node start(NodeConfig config, PeerNetwork network, java.util.function.LongSupplier clockMillis) {
        return start(config, network, clockOf(clockMillis), UnaryOperator.identity());
    }

    /**
     * As {@link #start(NodeConfig, PeerNetwork)}, with the ledger's RocksDB store wrapped by
     * {@code store} as the node opens it: tests inject storage faults under a running node.
     */
    static Node start(NodeConfig config, PeerNetwork network, UnaryOperator<LedgerStore> store) {
        return start(config, network, NodeClock.SYSTEM, store);
    }

    private static NodeClock clockOf(java.util.function.LongSupplier clockMillis) {
        return new NodeClock() {
            @Override
            public long wallMillis() {
                return clockMillis.getAsLong();
            }

            @Override
            public long monotonicNanos() {
                return System.nanoTime();
            }
        };
    }

    private static Node start(NodeConfig config, PeerNetwork network, NodeClock clock, UnaryOperator<LedgerStore> store) {
        Node node = new Node(config, network, clock, store);
        try {
            node.begin();
            return node;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    private void begin() {
        network.updatePeers(peerAddresses());
        network.start(new InboundMessages(this, consensusThread, consensusExecutor, workThread));
        workThread.scheduleWithFixedDelay(this::flushGossip, GOSSIP_FLUSH_MILLIS, GOSSIP_FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        consensusThread.start();
        LOG.info("node {} started at height {} ({} peers configured, Ed25519 verifier {})", config.nodeId(),
                ledger.height(), config.peerAddresses().size() - 1, io.khata.core.crypto.Ed25519.selection().name());
    }

    private void flushGossip() {
        try {
            gossip.flush();
        } catch (RuntimeException e) {
            LOG.warn("gossip flush failed", e);
        }
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    // ------------------------------------------------------------------ the embedding API

    /**
     * Submits a transaction: completes with its commit (height, index) or its rejection. A
     * transaction already pending here is rejected as {@link Rejection.AlreadyPending} (the first
     * submission's future, or {@link #outcome}, reports its fate); one already committed as
     * {@link Rejection.Replayed}.
     */
    public CompletableFuture<TxResult> submit(Transaction tx) {
        Admission admission = admit(tx);
        if (admission instanceof Admission.Refused refused) {
            return CompletableFuture.completedFuture(new TxResult.Rejected(tx.hash(), refused.reason()));
        }
        if (admission instanceof Admission.Duplicate) {
            return CompletableFuture.completedFuture(
                    new TxResult.Rejected(tx.hash(), new Rejection.AlreadyPending(tx.hash())));
        }
        return outcome(tx.hash());
    }

    /**
     * Calls {@code listener} on the consensus thread with every block committed from now on. The
     * listener must be quick and must not block: consensus waits for it. Use {@link #subscribe}
     * for anything slower, or to start from an earlier height.
     */
    public void onCommit(Consumer<Block> listener) {
        commitListeners.add(listener);
    }

    /**
     * Every committed block from {@code fromHeight} on (heights already committed are read from
     * the store), in order and each once, as the subscriber's {@code request(n)} allows. Delivered
     * on the node's feed threads, never on the consensus thread: a slow subscriber falls behind
     * and catches up from the store, and never holds up consensus or memory. Ends with
     * {@code onComplete} when the node closes.
     */
    @Override
    public void subscribe(long fromHeight, java.util.concurrent.Flow.Subscriber<? super Block> subscriber) {
        feed.subscribe(fromHeight, subscriber);
    }

    /** Frame bytes queued to peers since start, or -1 on a network that does not count them. */
    public long bytesSentToPeers() {
        return network instanceof TlsPeerNetwork tls ? tls.bytesQueued() : -1;
    }

    public NodeConfig config() {
        return config;
    }

    @Override
    public String nodeId() {
        return config.nodeId();
    }

    @Override
    public String role() {
        return config.role().code();
    }

    /** The observers connected to this node now (their connection names, sorted); empty on a network without them. */
    public List<String> connectedObservers() {
        return network instanceof TlsPeerNetwork tls ? tls.connectedObservers() : List.of();
    }

    /** Proposals, votes, evidence and block responses from observers that this node dropped unread since start. */
    public long observerMessagesDropped() {
        return observerMessagesDropped.sum();
    }

    /** Consensus messages this observer's shell held back instead of sending since start; 0 on a validator. */
    public long consensusMessagesWithheld() {
        return shellNetwork instanceof ObserverOutbound outbound ? outbound.withheld() : 0;
    }

    @Override
    public Ledger ledger() {
        return ledger;
    }

    @Override
    public List<String> connectedPeers() {
        return network.connectedPeers();
    }

    @Override
    public int mempoolSize() {
        return mempool.size();
    }

    @Override
    public boolean isPending(Hash txHash) {
        return mempool.contains(txHash);
    }

    @Override
    public Optional<Transaction> pendingTransaction(Hash txHash) {
        return mempool.pending(txHash);
    }

    @Override
    public Optional<Rejection> recentRejection(Hash txHash) {
        return rejections.reason(txHash);
    }

    @Override
    public Readiness readiness() {
        long height = ledger.height();
        String failed = failure.get();
        if (failed != null) {
            Readiness connected = ReadinessCheck.of(config.nodeId(), height, ledger.validatorsAt(height + 1),
                    network.connectedPeers(), peerConsensusHeights);
            return new Readiness(false, "node " + config.nodeId() + " is unhealthy and no longer commits: " + failed,
                    height, connected.connectedPower(), connected.totalPower());
        }
        return ReadinessCheck.of(config.nodeId(), height, ledger.validatorsAt(height + 1), network.connectedPeers(),
                peerConsensusHeights);
    }

    /** A peer's status said it works on {@code consensusHeight}; any thread. */
    void peerHeightReported(String peer, long consensusHeight) {
        peerConsensusHeights.put(peer, consensusHeight);
    }

    @Override
    public Admission admit(Transaction tx) {
        if (closed) {
            return new Admission.Refused(new Rejection.Unsupported("submitting to a closed node"));
        }
        if (failure.get() != null) {
            // It would never commit it, nor learn that the others did: a client waiting here would wait forever.
            return new Admission.Refused(new Rejection.Unsupported("submitting to an unhealthy node"));
        }
        Admission admission = mempool.offer(tx);
        if (admission instanceof Admission.Accepted) {
            commitLatency.submitted(tx.hash());
            gossip.enqueue(tx, null);
        } else if (admission instanceof Admission.Refused refused) {
            metrics.rejected("client", refused.reason().code());
        }
        return admission;
    }

    @Override
    public CompletableFuture<TxResult> outcome(Hash txHash) {
        CompletableFuture<TxResult> future = outcomes.computeIfAbsent(txHash, hash -> new CompletableFuture<>());
        Optional<TxLocation> location = ledger.location(txHash);
        if (location.isPresent()) {
            outcomes.remove(txHash);
            future.complete(new TxResult.Committed(txHash, location.get().height(), location.get().index()));
        } else if (failure.get() != null) {
            outcomes.remove(txHash);
            future.completeExceptionally(new IllegalStateException("node " + config.nodeId() + " is unhealthy: " + failure.get()));
        }
        return future;
    }

    @Override
    public long commitLatencyMillis(double percentile) {
        return commitLatency.percentileMillis(percentile);
    }

    @Override
    public String scrapeMetrics() {
        return metrics.scrape();
    }

    // ------------------------------------------------------------------ used by the shell and inbound handling

    Mempool mempool() {
        return mempool;
    }

    /** The block requests sent and not yet answered, so that unsolicited answers are dropped. */
    SyncRequests syncRequests() {
        return syncRequests;
    }

    PeerNetwork network() {
        return network;
    }

    NodeMetrics metrics() {
        return metrics;
    }

    /** An observer sent a message only a validator may send; counted and dropped (see {@link ObserverInbound}). */
    void observerMessageDropped() {
        observerMessagesDropped.increment();
        metrics.rejected("observer", ObserverInbound.DROPPED_REASON);
    }

    TxGossip gossip() {
        return gossip;
    }

    /**
     * The members this node talks to: every validator in force at the next height or in a set
     * already decided for a later one, at the address the configuration gives or else the one
     * their membership registered. A removed member stays a peer until its removal takes effect.
     */
    Map<String, java.net.InetSocketAddress> peerAddresses() {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        for (io.khata.core.block.ValidatorSet set
                : ledger.validatorHistory().tailMap(ledger.height() + 1, true).values()) {
            set.validators().forEach(validator -> ids.add(validator.id()));
        }
        ledger.validatorsAt(ledger.height() + 1).validators().forEach(validator -> ids.add(validator.id()));
        Map<String, java.net.InetSocketAddress> peers = new java.util.TreeMap<>();
        for (String id : ids) {
            if (id.equals(config.nodeId())) {
                continue;
            }
            java.net.InetSocketAddress configured = config.peerAddresses().get(id);
            if (configured != null) {
                peers.put(id, configured);
                continue;
            }
            io.khata.core.state.MemberState member = ledger.member(id);
            if (member != null && !member.p2pAddress().isEmpty()) {
                try {
                    peers.put(id, NodeConfig.parseAddress(member.p2pAddress()));
                } catch (IllegalArgumentException e) {
                    LOG.warn("member {} registered an unusable address: {}", id, e.getMessage());
                }
            }
        }
        return peers;
    }

    /** After a block is committed (by consensus or sync): clean the mempool, answer waiting clients. */
    void committed(Block block) {
        updatePeersIfMembershipMoved(block.height());
        List<Transaction> txs = block.transactions();
        java.util.Set<Hash> hashes = new java.util.HashSet<>(block.transactionHashes());
        commitLatency.committed(hashes);
        for (Transaction expired : mempool.committed(hashes, block.header().timeMillis())) {
            reject(expired.hash(), new Rejection.Expired(expired.body().validUntilMillis(), block.header().timeMillis()));
        }
        for (int i = 0; i < txs.size(); i++) {
            CompletableFuture<TxResult> future = outcomes.remove(txs.get(i).hash());
            if (future != null) {
                future.complete(new TxResult.Committed(txs.get(i).hash(), block.height(), i));
            }
        }
        feed.published(block);
        for (Consumer<Block> listener : commitListeners) {
            try {
                listener.accept(block);
            } catch (RuntimeException e) {
                LOG.warn("a commit listener failed at height {}", block.height(), e);
            }
        }
    }

    /**
     * The peer list depends only on the sets in force at the next height and decided for later
     * ones; they change when a membership change is committed or takes effect. Anything else
     * leaves them as they were, and the peer list is not recomputed (that reads the ledger).
     */
    private void updatePeersIfMembershipMoved(long height) {
        List<Object> sets = List.of(ledger.validatorsAt(height + 1), ledger.validatorHistory().lastEntry().getValue());
        if (sets.equals(peersComputedFor)) {
            return;
        }
        try {
            network.updatePeers(peerAddresses());
            peersComputedFor = sets;
        } catch (RuntimeException e) {
            LOG.warn("could not update the peer list after block {}", height, e);
        }
    }

    void reject(Hash txHash, Rejection reason) {
        rejections.remember(txHash, reason);
        CompletableFuture<TxResult> future = outcomes.remove(txHash);
        if (future != null) {
            future.complete(new TxResult.Rejected(txHash, reason));
        }
    }

    /**
     * Consensus or storage failed (a sign-state or ledger write error, a broken invariant): the
     * node stops taking part rather than risk signing something wrong, and says so in its
     * metrics, {@code /status} and {@code /health/ready}. Only the first cause is logged and
     * kept. No zombie: it refuses new transactions, and clients waiting for an outcome here are
     * answered with the failure (the transaction may still commit on the other nodes).
     */
    void fail(String what, Throwable cause) {
        String reason = what + ": " + cause;
        if (failure.compareAndSet(null, reason)) {
            LOG.error("node {} is unhealthy and stops taking part in consensus: {}", config.nodeId(), what, cause);
            failed.complete(reason);
            // Nothing commits here any more: clients waiting for an outcome are told now, not never.
            List<CompletableFuture<TxResult>> waiting = new ArrayList<>(outcomes.values());
            outcomes.clear();
            for (CompletableFuture<TxResult> future : waiting) {
                future.completeExceptionally(new IllegalStateException("node " + config.nodeId() + " is unhealthy: " + reason));
            }
        }
    }

    @Override
    public String failure() {
        String reason = failure.get();
        return reason == null ? "" : reason;
    }

    /** Completes with the cause when the node becomes unhealthy (see {@link #failure}); never otherwise. */
    public CompletableFuture<String> failed() {
        return failed;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            network.close();
        } catch (RuntimeException e) {
            LOG.warn("closing the network failed", e);
        }
        consensusThread.shell().stop();
        shutdown(workThread);
        shutdown(consensusExecutor);
        // After consensus stopped publishing; the feed's last deliveries end before the ledger closes.
        feed.close();
        feedExecutor.shutdown();
        awaitStopped(feedExecutor);
        signState.close();
        ledger.close();
        List<CompletableFuture<TxResult>> waiting = new ArrayList<>(outcomes.values());
        outcomes.clear();
        for (CompletableFuture<TxResult> future : waiting) {
            future.completeExceptionally(new IllegalStateException("node " + config.nodeId() + " closed"));
        }
        LOG.info("node {} stopped at height {}", config.nodeId(), ledger.height());
    }

    private static void shutdown(ScheduledExecutorService executor) {
        executor.shutdownNow();
        awaitStopped(executor);
    }

    private static void awaitStopped(java.util.concurrent.ExecutorService executor) {
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("a node thread did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The node's answers to its consensus shell: mempool, waiting clients, metrics and logs. */
    private final class Host implements ShellHost {
        @Override
        public List<Transaction> candidates(int countMax) {
            return mempool.candidates(countMax);
        }

        @Override
        public int pendingTransactions() {
            return mempool.size();
        }

        @Override
        public void refused(List<io.khata.core.validate.BlockBuilder.Skipped> skipped) {
            for (io.khata.core.validate.BlockBuilder.Skipped each : skipped) {
                mempool.remove(each.transaction().hash());
                reject(each.transaction().hash(), each.reason());
            }
        }

        @Override
        public void validated(Block block, Optional<Rejection> rejection, long validationNanos) {
            metrics.blockValidation().record(validationNanos, TimeUnit.NANOSECONDS);
            if (rejection.isPresent()) {
                LOG.warn("proposed block {} at height {} is invalid: {}", block.hash(), block.height(),
                        rejection.get().message());
                metrics.rejected("proposal", rejection.get().code());
            }
        }

        @Override
        public void committed(Block block, int rounds, boolean bySync) {
            metrics.committed(block.transactions().size(), bySync ? 0 : rounds);
            Node.this.committed(block);
        }

        @Override
        public void syncRequested(String peer, long fromHeight) {
            syncRequests.sent(peer);
            LOG.info("node {} is behind: asking {} for blocks from height {}", config.nodeId(), peer, fromHeight);
        }

        @Override
        public void syncRefused(String peer, long height, String reason) {
            LOG.warn("block {} from sync by {} refused: {}", height, peer, reason);
            metrics.rejected("sync", "invalid_block");
        }

        @Override
        public void evidenceFound(io.khata.core.block.Evidence evidence) {
            metrics.evidence();
            LOG.warn("equivocation by {} at height {}", evidence.validator(), evidence.height());
        }

        @Override
        public void dropped(io.khata.net.consensus.Effect.Dropped dropped) {
            metrics.rejected("consensus", dropped.reason().code());
            LOG.debug("dropped {}: {}", dropped.what(), dropped.reason().message());
        }

        @Override
        public void halted(RuntimeException cause) {
            if (closed) {
                return;
            }
            // A broken invariant or a failed disk: halt consensus rather than risk signing something wrong.
            fail("consensus halted at ledger height " + ledger.height(), cause);
            consensusExecutor.shutdown();
        }
    }
}
