package io.khata.net.p2p;

import com.google.protobuf.InvalidProtocolBufferException;
import io.khata.net.tls.PeerIdentity;
import io.khata.proto.Envelope;
import io.khata.proto.Hello;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * One connection, from TCP connect to close, on its channel's event loop. It moves through
 * <pre>
 *   HANDSHAKING     TLS runs; the SslHandler passes no application byte up before it is done
 *   AWAITING_HELLO  the peer is authenticated and identified; this side has sent its Hello
 *   OPEN            the peer's Hello checked out and the transport keeps this connection
 *   CLOSING         faulted, refused as a duplicate, or closed; every further frame is dropped
 * </pre>
 * Any fault moves it to CLOSING, closes the channel, and is counted and logged once by the
 * transport. Frames are never interpreted beyond the envelope: what a Proposal or Vote says
 * is the node's business.
 */
final class Session extends ChannelInboundHandlerAdapter {
    private enum State { HANDSHAKING, AWAITING_HELLO, OPEN, CLOSING }

    private final Transport transport;
    private final Channel channel;
    private final boolean outbound;
    private final String dialedMember;
    private java.net.InetAddress pendingFrom;
    private State state = State.HANDSHAKING;
    private String member;
    private PeerIdentity identity;
    private Instant certificateNotAfter;
    private ScheduledFuture<?> helloTimer;

    /**
     * @param dialedMember the member this node dialed, or null for an accepted connection
     * @param pendingFrom  the remote address whose pending slot this connection holds until it
     *                     identifies itself, or null when it holds none (a dialed connection)
     */
    Session(Transport transport, Channel channel, String dialedMember, java.net.InetAddress pendingFrom) {
        this.transport = transport;
        this.channel = channel;
        this.outbound = dialedMember != null;
        this.dialedMember = dialedMember;
        this.pendingFrom = pendingFrom;
    }

    Channel channel() {
        return channel;
    }

    boolean outbound() {
        return outbound;
    }

    /** The authenticated peer's name (its {@link PeerIdentity#key()}), or null before the handshake is done. */
    String member() {
        return member;
    }

    /** Who the authenticated peer is, member or observer, or null before the handshake is done. */
    PeerIdentity identity() {
        return identity;
    }

    Instant certificateNotAfter() {
        return certificateNotAfter;
    }

    /** Who the peer is, for a log line: its member id once known, else where it connects from. */
    String describePeer() {
        if (member != null) {
            return member;
        }
        return dialedMember != null
                ? dialedMember + " (dialed, unauthenticated)"
                : String.valueOf(channel.remoteAddress());
    }

    /** The handshake and the Hello must both be done within the handshake timeout of the TCP connect. */
    @Override
    public void channelActive(ChannelHandlerContext context) {
        long timeoutMillis = transport.handshakeTimeoutMillis();
        helloTimer = context.executor().schedule(
                () -> fault(PeerFault.HELLO_TIMEOUT, "no Hello within " + timeoutMillis + " ms"),
                timeoutMillis, TimeUnit.MILLISECONDS);
        context.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof SslHandshakeCompletionEvent completion && state == State.HANDSHAKING) {
            if (completion.isSuccess()) {
                identify(context);
            } else if (has(completion.cause(), ClosedChannelException.class)) {
                closeQuietly("closed during the handshake");
            } else {
                fault(PeerFault.HANDSHAKE_FAILED, describe(completion.cause()));
            }
        }
        context.fireUserEventTriggered(event);
    }

    private void identify(ChannelHandlerContext context) {
        X509Certificate certificate;
        try {
            Certificate[] chain = context.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
            certificate = (X509Certificate) chain[0];
            certificate.checkValidity();
        } catch (SSLPeerUnverifiedException | CertificateException | ClassCastException e) {
            fault(PeerFault.HANDSHAKE_FAILED, "peer certificate unusable: " + describe(e));
            return;
        }
        Optional<PeerIdentity> named = PeerIdentity.of(certificate);
        if (named.isEmpty() || !transport.accepts(named.get(), outbound)) {
            fault(PeerFault.HANDSHAKE_FAILED, "the certificate names no member or observer this node accepts");
            return;
        }
        if (outbound && !dialedMember.equals(named.get().key())) {
            fault(PeerFault.WRONG_PEER, "dialed " + dialedMember + " but reached " + named.get());
            return;
        }
        identity = named.get();
        member = identity.key();
        certificateNotAfter = certificate.getNotAfter().toInstant();
        state = State.AWAITING_HELLO;
        context.writeAndFlush(Unpooled.wrappedBuffer(transport.helloFrame()));
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        ByteBuf body = (ByteBuf) message;
        try {
            if (state == State.CLOSING) {
                return;
            }
            if (state == State.HANDSHAKING) {
                fault(PeerFault.UNEXPECTED_MESSAGE, "a frame before the handshake completed");
                return;
            }
            Envelope envelope;
            try {
                envelope = Frames.decode(body);
            } catch (InvalidProtocolBufferException e) {
                fault(PeerFault.MALFORMED_FRAME, e.getMessage());
                return;
            }
            if (state == State.AWAITING_HELLO) {
                onHello(envelope);
            } else if (envelope.hasHello()) {
                fault(PeerFault.UNEXPECTED_MESSAGE, "a second Hello");
            } else {
                transport.deliver(member, envelope);
            }
        } finally {
            ReferenceCountUtil.release(body);
        }
    }

    private void onHello(Envelope envelope) {
        if (!envelope.hasHello()) {
            fault(PeerFault.UNEXPECTED_MESSAGE, "expected a Hello first, got " + envelope.getMessageCase());
            return;
        }
        Hello hello = envelope.getHello();
        if (!member.equals(hello.getMemberId())) {
            fault(PeerFault.WRONG_PEER, "the Hello names '" + hello.getMemberId() + "', the certificate " + member);
            return;
        }
        if (!transport.chainId().equals(hello.getChainId())) {
            fault(PeerFault.WRONG_CHAIN, "the Hello is for chain '" + hello.getChainId() + "'");
            return;
        }
        helloTimer.cancel(false);
        releasePending();
        state = State.OPEN;
        if (!transport.open(this, hello.getHeight())) {
            state = State.CLOSING;
            channel.close();
        }
    }

    /** Closes this connection because another one to the same member was kept; not a fault. */
    void closeAsDuplicate() {
        channel.eventLoop().execute(() -> {
            state = State.CLOSING;
            channel.close();
        });
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (state == State.OPEN && channel.isWritable()) {
            transport.writable(this);
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (has(cause, TooLongFrameException.class)) {
            fault(PeerFault.FRAME_TOO_LARGE, describe(cause));
        } else if (has(cause, CorruptedFrameException.class)) {
            fault(PeerFault.MALFORMED_FRAME, describe(cause));
        } else if (has(cause, NotSslRecordException.class) || has(cause, SSLException.class)) {
            fault(state == State.HANDSHAKING ? PeerFault.HANDSHAKE_FAILED : PeerFault.MALFORMED_FRAME, describe(cause));
        } else if (has(cause, IOException.class)) {
            closeQuietly(describe(cause));
        } else {
            transport.unexpectedError(this, cause);
            state = State.CLOSING;
            channel.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (helloTimer != null) {
            helloTimer.cancel(false);
        }
        state = State.CLOSING;
        releasePending();
        transport.closed(this);
        context.fireChannelInactive();
    }

    /** The connection failed for a reason that is nobody's fault (reset, closed by the peer): no count, no WARN. */
    private void closeQuietly(String detail) {
        if (state == State.CLOSING) {
            return;
        }
        state = State.CLOSING;
        transport.quietClose(this, detail);
        channel.close();
    }

    private void fault(PeerFault fault, String detail) {
        if (state == State.CLOSING || !channel.isOpen()) {
            return;
        }
        state = State.CLOSING;
        transport.fault(this, fault, detail);
        channel.close();
    }

    private void releasePending() {
        if (pendingFrom != null) {
            transport.releasePending(pendingFrom);
            pendingFrom = null;
        }
    }

    private static boolean has(Throwable cause, Class<? extends Throwable> type) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message of {@code cause}: what went wrong, without a stack trace. */
    private static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
