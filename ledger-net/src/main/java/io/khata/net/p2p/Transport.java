package io.khata.net.p2p;

import io.khata.net.tls.PeerIdentity;
import io.khata.net.tls.TlsContexts;
import io.khata.proto.Envelope;
import io.khata.proto.Hello;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The full mesh of mutually authenticated TLS connections between this node and every other
 * genesis member, carrying length-prefixed {@link Envelope} frames. See the package
 * documentation for the rules it keeps; in short: it listens and dials every peer, keeps one
 * connection per peer, redials with capped backoff, refuses anyone the consortium root does
 * not vouch for as a member, closes a connection on its first bad frame, and bounds what it
 * queues for each peer.
 *
 * <p>Thread-safe: {@link #send} and {@link #broadcast} may be called from any thread. The
 * listener is called on Netty's event loop threads.
 */
public final class Transport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 5;

    private final TransportConfig config;
    private final TransportListener listener;
    private final String selfId;
    private final Map<String, Peer> peers;
    private final SslContext serverContext;
    private final SslContext clientContext;
    private final Map<PeerFault, LongAdder> faults = new EnumMap<>(PeerFault.class);
    private final LongAdder outboundFramesDropped = new LongAdder();
    private final PendingConnections pendingConnections;
    /** Observer nodes' connections, in slots of their own (empty when observers are not accepted). */
    private final ObserverSlots observers;
    /** The members whose observers this node accepts: every member, itself included, or none. */
    private final Set<String> observerOwners;
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile EventLoopGroup group;
    private volatile Channel serverChannel;

    public Transport(TransportConfig config, TransportListener listener) {
        this.config = config;
        this.listener = listener;
        this.selfId = config.memberId();
        Map<String, Peer> byId = new LinkedHashMap<>();
        for (Map.Entry<String, InetSocketAddress> entry : new TreeMap<>(config.peers()).entrySet()) {
            byId.put(entry.getKey(), new Peer(entry.getKey(), entry.getValue(), selfId,
                    config.outboundFramesMax(), config.outboundBytesMax()));
        }
        this.peers = Collections.unmodifiableMap(byId);
        this.pendingConnections = new PendingConnections(config.pendingConnectionsPerAddressMax(),
                config.pendingConnectionsMax());
        Set<String> members = new HashSet<>(peers.keySet());
        members.add(selfId);
        this.observers = new ObserverSlots(config.observerSlotsMax(), config.observerSlotsPerMemberMax());
        this.observerOwners = config.observerSlotsMax() > 0 && !PeerIdentity.isObserverKey(selfId)
                ? Set.copyOf(members) : Set.of();
        this.serverContext = TlsContexts.server(config.credentials(), config.rootCertificate(), members,
                observerOwners);
        this.clientContext = TlsContexts.client(config.credentials(), config.rootCertificate(), members);
        for (PeerFault fault : PeerFault.values()) {
            faults.put(fault, new LongAdder());
        }
    }

    /**
     * Listens on the configured address and starts dialing every peer; throws if it cannot
     * listen. Peers with a larger id are dialed at once, those with a smaller id after the
     * first backoff delay: when two nodes start together the smaller one's dial usually
     * arrives first, the larger one's is then not needed, and no duplicate has to be closed.
     */
    public void start() {
        if (closed.get() || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("a transport starts once, and not after close");
        }
        group = new MultiThreadIoEventLoopGroup(config.ioThreads(),
                new DefaultThreadFactory("khata-p2p-" + selfId, true), NioIoHandler.newFactory());
        ServerBootstrap server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 128)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        accept(channel);
                    }
                });
        try {
            serverChannel = server.bind(config.listenAddress()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("cannot listen on " + config.listenAddress() + ": " + e.getMessage(), e);
        }
        LOG.info("{} listening on {} for {} peers; certificate valid until {}",
                selfId, serverChannel.localAddress(), peers.size(), certificateNotAfter());
        for (Peer peer : peers.values()) {
            if (selfId.compareTo(peer.memberId) < 0) {
                dial(peer);
            } else {
                scheduleRedial(peer);
            }
        }
    }

    /** The address the server is bound to (with the real port when the configured one was 0). */
    public InetSocketAddress localAddress() {
        Channel channel = serverChannel;
        if (channel == null) {
            throw new IllegalStateException("not started");
        }
        return (InetSocketAddress) channel.localAddress();
    }

    public String memberId() {
        return selfId;
    }

    /**
     * Queues {@code envelope} for every connected peer and returns how many that is (connected
     * observers get it too, uncounted). A peer that is not connected misses it (the status
     * exchange catches it up after it reconnects).
     *
     * @throws IllegalArgumentException if the envelope carries no message or is over the frame limit
     */
    public int broadcast(Envelope envelope) {
        byte[] frame = Frames.encode(envelope, config.frameBytesMax());
        if (closed.get()) {
            return 0;
        }
        int queued = 0;
        for (Peer peer : peers.values()) {
            if (enqueue(peer, frame)) {
                queued++;
            }
        }
        for (Peer observer : observers.peers()) {
            enqueue(observer, frame); // observers follow consensus too; they are not counted as peers reached
        }
        return queued;
    }

    /**
     * Queues {@code envelope} for {@code memberId}; false if that member is not connected.
     *
     * @throws IllegalArgumentException if {@code memberId} is not a peer, or the envelope is unsendable
     */
    public boolean send(String memberId, Envelope envelope) {
        Peer peer = peerOrObserver(memberId);
        if (peer == null) {
            if (PeerIdentity.isObserverKey(memberId)) {
                return false; // the observer left; its slot went with it
            }
            throw new IllegalArgumentException("'" + memberId + "' is not a peer of " + selfId);
        }
        byte[] frame = Frames.encode(envelope, config.frameBytesMax());
        return !closed.get() && enqueue(peer, frame);
    }

    private boolean enqueue(Peer peer, byte[] frame) {
        int dropped = peer.enqueue(frame);
        if (dropped > 0) {
            outboundFramesDropped.add(dropped);
            LOG.debug("{}: outbound queue full, dropped {} oldest frames", peer.memberId, dropped);
        }
        return dropped >= 0;
    }

    /** The members with an open connection now, sorted. */
    public Set<String> connectedPeers() {
        Set<String> connected = new TreeSet<>();
        for (Peer peer : peers.values()) {
            if (peer.connected()) {
                connected.add(peer.memberId);
            }
        }
        return Collections.unmodifiableSet(connected);
    }

    /** The observers connected now, by {@link PeerIdentity#key()}, sorted. */
    public Set<String> connectedObservers() {
        return Collections.unmodifiableSet(new TreeSet<>(observers.connected()));
    }

    /** For each connected peer, when the certificate it presented expires: what an operator watches. */
    public Map<String, Instant> peerCertificateNotAfter() {
        Map<String, Instant> expiries = new TreeMap<>();
        for (Peer peer : peers.values()) {
            Instant notAfter = peer.certificateNotAfter();
            if (notAfter != null) {
                expiries.put(peer.memberId, notAfter);
            }
        }
        return Collections.unmodifiableMap(expiries);
    }

    /** When this node's own certificate expires; after it every peer refuses this node. */
    public Instant certificateNotAfter() {
        return config.credentials().notAfter();
    }

    /** How many connections were closed for each kind of peer fault since start. */
    public Map<PeerFault, Long> faultCounts() {
        Map<PeerFault, Long> counts = new EnumMap<>(PeerFault.class);
        faults.forEach((fault, count) -> counts.put(fault, count.sum()));
        return Collections.unmodifiableMap(counts);
    }

    /** Bytes waiting in the outbound queues of all peers now. */
    public long outboundQueuedBytes() {
        long bytes = 0;
        for (Peer peer : peers.values()) {
            bytes += peer.queuedBytes();
        }
        return bytes;
    }

    /** Frames dropped from full outbound queues (oldest first) since start. */
    public long outboundFramesDropped() {
        return outboundFramesDropped.sum();
    }

    /**
     * Stops listening and dialing, closes every connection and releases the event loops. Safe to
     * call more than once and from any thread; when called outside an event loop it returns
     * after the loops have stopped, and no listener call happens after that.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Peer peer : peers.values()) {
            peer.close();
        }
        for (Peer observer : observers.peers()) {
            observer.close();
        }
        Channel server = serverChannel;
        if (server != null) {
            server.close();
        }
        for (Channel channel : channels) {
            channel.close();
        }
        EventLoopGroup loops = group;
        if (loops == null) {
            return;
        }
        boolean onLoop = false;
        for (EventExecutor executor : loops) {
            onLoop |= executor.inEventLoop();
        }
        io.netty.util.concurrent.Future<?> shutdown = loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        if (!onLoop) {
            shutdown.awaitUninterruptibly(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        LOG.info("{} transport closed", selfId);
    }

    // ------------------------------------------------------------------ connections

    /**
     * Admits an accepted TCP connection, cheapest checks first and before any TLS work: the
     * allow-list, then a pending slot from its address and in all. A refusal is counted and
     * logged at DEBUG (a flood must not flood the log as well).
     */
    private void accept(SocketChannel channel) {
        if (closed.get()) {
            channel.close();
            return;
        }
        InetAddress remote = channel.remoteAddress().getAddress();
        if (!allowed(remote)) {
            refuse(channel, PeerFault.NOT_ALLOWED, "not in the allow-list");
            return;
        }
        PendingConnections.Refusal refusal = pendingConnections.acquire(remote);
        if (refusal != null) {
            refuse(channel, PeerFault.TOO_MANY_CONNECTIONS, refusal == PendingConnections.Refusal.FROM_ADDRESS
                    ? config.pendingConnectionsPerAddressMax() + " connections from this address already unidentified"
                    : config.pendingConnectionsMax() + " connections already unidentified");
            return;
        }
        install(channel, serverContext, new Session(this, channel, null, remote));
    }

    private boolean allowed(InetAddress remote) {
        if (config.allowedAddresses().isEmpty()) {
            return true;
        }
        for (AddressRange range : config.allowedAddresses()) {
            if (range.contains(remote)) {
                return true;
            }
        }
        return false;
    }

    private void refuse(SocketChannel channel, PeerFault fault, String detail) {
        faults.get(fault).increment();
        LOG.debug("{}: refusing connection from {}: {} ({})", selfId, channel.remoteAddress(), fault.code(), detail);
        channel.close();
    }

    /**
     * Closes the connection with {@code memberId} for a fault the node found in what the member
     * sent (it went over a budget), counts it, and refuses the member in both directions for a
     * backoff that doubles with each such fault (see {@link TransportConfig#penaltyDelayMin}).
     * Does nothing for a member that is not a peer.
     */
    public void disconnect(String memberId, PeerFault fault, String detail) {
        if (PeerIdentity.isObserverKey(memberId)) {
            disconnectObserver(memberId, fault, detail);
            return;
        }
        Peer peer = peers.get(memberId);
        if (peer == null || closed.get()) {
            return;
        }
        long delayMillis = peer.penalize(config.penaltyDelayMin().toMillis(), config.penaltyDelayMax().toMillis());
        faults.get(fault).increment();
        LOG.warn("{}: closing connection with {}: {} ({}); refused for {} ms", selfId, memberId, fault.code(),
                abbreviate(detail), delayMillis);
        Channel channel = peer.activeChannel();
        if (channel != null) {
            channel.close();
        }
    }

    /**
     * Closes an observer's connection for a fault. No penalty outlives it (its slot goes with the
     * connection); a reconnecting observer passes the pending-slot bounds and the handshake again.
     */
    private void disconnectObserver(String key, PeerFault fault, String detail) {
        Peer observer = observers.peer(key);
        if (observer == null || closed.get()) {
            return;
        }
        faults.get(fault).increment();
        LOG.warn("{}: closing connection with {}: {} ({})", selfId, key, fault.code(), abbreviate(detail));
        Channel channel = observer.activeChannel();
        if (channel != null) {
            channel.close();
        }
    }

    private void dial(Peer peer) {
        if (closed.get()) {
            return;
        }
        if (!peer.beginDial()) {
            if (peer.refused()) {
                scheduleRedial(peer);
            }
            return;
        }
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        install(channel, clientContext, new Session(Transport.this, channel, peer.memberId, null));
                    }
                });
        ChannelFuture connect;
        try {
            connect = bootstrap.connect(peer.address);
        } catch (RejectedExecutionException e) {
            peer.dialEnded();
            return;
        }
        connect.channel().closeFuture().addListener(closedFuture -> {
            peer.dialEnded();
            scheduleRedial(peer);
        });
        connect.addListener(connected -> {
            if (!connected.isSuccess()) {
                LOG.debug("{}: cannot reach {} at {}: {}", selfId, peer.memberId, peer.address, connected.cause());
                connect.channel().close();
            }
        });
    }

    private void scheduleRedial(Peer peer) {
        if (closed.get()) {
            return;
        }
        try {
            peer.scheduleRedial(group, config.reconnectDelayMin().toMillis(), config.reconnectDelayMax().toMillis(),
                    () -> dial(peer));
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: not redialing {}, shutting down", selfId, peer.memberId);
        }
    }

    /**
     * The pipeline of every connection: TLS first, so nothing is read or written in the clear;
     * then the length-prefixed frame decoder, which refuses a length over the limit as soon as
     * it reads the prefix (before buffering the frame); then the session.
     */
    private void install(SocketChannel channel, SslContext context, Session session) {
        SslHandler tls = context.newHandler(channel.alloc());
        tls.setHandshakeTimeoutMillis(handshakeTimeoutMillis());
        int frameWithPrefixMax = config.frameBytesMax() + Frames.LENGTH_BYTES;
        channel.pipeline()
                .addLast("tls", tls)
                .addLast("frames", new LengthFieldBasedFrameDecoder(
                        frameWithPrefixMax, 0, Frames.LENGTH_BYTES, 0, Frames.LENGTH_BYTES, true))
                .addLast("session", session);
        channels.add(channel);
        channel.closeFuture().addListener(done -> channels.remove(channel));
    }

    // ------------------------------------------------------------------ called by sessions

    boolean isPeer(String memberId) {
        return peers.containsKey(memberId);
    }

    /**
     * Whether a connection from {@code identity} may go on past the handshake: a member that is a
     * peer; an observer only on a connection it opened, and only if its bank is a member whose
     * observers this node accepts.
     */
    boolean accepts(PeerIdentity identity, boolean outbound) {
        if (identity.isObserver()) {
            return !outbound && observerOwners.contains(identity.member());
        }
        return isPeer(identity.member());
    }

    private Peer peerOrObserver(String key) {
        Peer peer = peers.get(key);
        return peer != null || !PeerIdentity.isObserverKey(key) ? peer : observers.peer(key);
    }

    String chainId() {
        return config.chainId();
    }

    private int connectTimeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, handshakeTimeoutMillis());
    }

    long handshakeTimeoutMillis() {
        return config.handshakeTimeout().toMillis();
    }

    byte[] helloFrame() {
        Hello hello = Hello.newBuilder()
                .setMemberId(selfId)
                .setChainId(config.chainId())
                .setHeight(config.height().getAsLong())
                .build();
        return Frames.encode(Envelope.newBuilder().setHello(hello).build(), config.frameBytesMax());
    }

    void releasePending(InetAddress address) {
        pendingConnections.release(address);
    }

    /** A session's Hello checked out; true if it is kept as the member's connection. */
    boolean open(Session session, long height) {
        if (session.identity().isObserver()) {
            return openObserver(session, height);
        }
        Peer peer = peers.get(session.member());
        Peer.Attachment attachment = peer.attach(session);
        if (attachment.outcome() == Peer.Outcome.REFUSED) {
            LOG.debug("{}: closing a duplicate connection to {}", selfId, peer.memberId);
            return false;
        }
        if (attachment.displaced() != null) {
            LOG.debug("{}: a new connection to {} replaces the current one", selfId, peer.memberId);
            attachment.displaced().closeAsDuplicate();
        } else {
            LOG.info("{}: connected to {} ({}), at height {}, certificate valid until {}", selfId, peer.memberId,
                    session.outbound() ? "dialed" : "accepted", height, session.certificateNotAfter());
        }
        peer.report(attachment.epoch(), () -> {
            if (!closed.get()) {
                callListener(() -> listener.onPeerConnected(peer.memberId, height));
            }
        });
        peer.requestFlush();
        return true;
    }

    /** An observer's Hello checked out: it takes its slot, or is refused when none is free. */
    private boolean openObserver(Session session, long height) {
        PeerIdentity identity = session.identity();
        java.net.SocketAddress remote = session.channel().remoteAddress();
        Peer.Attachment attachment = observers.attach(identity, session, () -> new Peer(identity.key(),
                remote instanceof InetSocketAddress address ? address : null, selfId,
                config.outboundFramesMax(), config.outboundBytesMax()));
        if (attachment == null) {
            faults.get(PeerFault.OBSERVER_SLOTS_FULL).increment();
            LOG.debug("{}: refusing {}: no observer slot free ({} in all, {} per member)", selfId, identity,
                    config.observerSlotsMax(), config.observerSlotsPerMemberMax());
            return false;
        }
        if (attachment.outcome() == Peer.Outcome.REFUSED) {
            return false;
        }
        if (attachment.displaced() != null) {
            attachment.displaced().closeAsDuplicate();
        }
        LOG.info("{}: {} connected, at height {}", selfId, identity, height);
        Peer peer = observers.peer(identity.key());
        if (peer != null) {
            peer.report(attachment.epoch(), () -> {
                if (!closed.get()) {
                    callListener(() -> listener.onPeerConnected(identity.key(), height));
                }
            });
            peer.requestFlush();
        }
        return true;
    }

    void closed(Session session) {
        if (session.member() == null) {
            return;
        }
        if (session.identity().isObserver()) {
            Peer observer = observers.peer(session.member());
            long epoch = observers.detach(session.identity(), session);
            if (epoch >= 0 && observer != null && !closed.get()) {
                LOG.info("{}: {} disconnected", selfId, session.identity());
                observer.report(epoch, () -> callListener(() -> listener.onPeerDisconnected(session.member())));
            }
            return;
        }
        Peer peer = peers.get(session.member());
        long epoch = peer.detach(session);
        if (epoch >= 0 && !closed.get()) {
            LOG.info("{}: disconnected from {}", selfId, peer.memberId);
            peer.report(epoch, () -> callListener(() -> listener.onPeerDisconnected(peer.memberId)));
        }
        scheduleRedial(peer);
    }

    void deliver(String member, Envelope envelope) {
        if (!closed.get()) {
            callListener(() -> listener.onMessage(member, envelope));
        }
    }

    void writable(Session session) {
        Peer peer = peerOrObserver(session.member());
        if (peer != null) {
            peer.flush(session.channel());
        }
    }

    void fault(Session session, PeerFault fault, String detail) {
        faults.get(fault).increment();
        LOG.warn("{}: closing connection with {}: {} ({})", selfId, session.describePeer(), fault.code(),
                abbreviate(detail));
    }

    /**
     * Keeps a log line short: some exception messages quote the peer's bytes (Netty's
     * NotSslRecordException dumps the whole record in hex), and a peer must not be able to
     * write pages into the log.
     */
    private static String abbreviate(String detail) {
        int lengthMax = 160;
        return detail == null || detail.length() <= lengthMax ? detail : detail.substring(0, lengthMax) + "...";
    }

    void quietClose(Session session, String detail) {
        LOG.debug("{}: connection with {} ended: {}", selfId, session.describePeer(), abbreviate(detail));
    }

    void unexpectedError(Session session, Throwable cause) {
        LOG.error("{}: unexpected error on the connection with {}; closing it", selfId, session.describePeer(), cause);
    }

    private void callListener(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("{}: the transport listener threw; the connection stays up", selfId, e);
        }
    }

    // ------------------------------------------------------------------ for tests in this package

    /** The channel of the member's current connection, or null. */
    Channel activeChannel(String memberId) {
        return peers.get(memberId).activeChannel();
    }

    /** Connections open now, in any state. */
    int openChannels() {
        return channels.size();
    }

    /** Observers holding a slot now. */
    int observerSlotsTaken() {
        return observers.size();
    }

    /** Accepted connections that have not identified themselves yet. */
    int pendingConnections() {
        return pendingConnections.total();
    }
}
