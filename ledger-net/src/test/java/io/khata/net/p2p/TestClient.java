package io.khata.net.p2p;

import io.khata.net.tls.NodeCredentials;
import io.khata.net.tls.TlsContexts;
import io.khata.proto.Envelope;
import io.khata.proto.Hello;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A hand-driven TLS client that speaks to a transport's port the way a misbehaving or
 * unauthorised peer would: it presents whatever credentials it is given, and writes raw bytes.
 */
final class TestClient implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final CompletableFuture<Boolean> handshake = new CompletableFuture<>();
    private final Channel channel;

    /** Connects and starts the handshake; {@code serverMember} is who the client expects to reach. */
    TestClient(NodeCredentials credentials, X509Certificate root, String serverMember, InetSocketAddress address) {
        var context = TlsContexts.client(credentials, root, Set.of(serverMember));
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(context.newHandler(channel.alloc()), new Recorder());
                    }
                });
        channel = bootstrap.connect(address).syncUninterruptibly().channel();
    }

    /**
     * True if this client's side of the handshake completed. In TLS 1.3 the client finishes
     * before the server has judged its certificate, so true does not mean it was accepted.
     */
    boolean awaitHandshake(Duration timeout) {
        try {
            return handshake.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return false;
        }
    }

    void sendHello(String member, String chainId) {
        send(Envelope.newBuilder().setHello(Hello.newBuilder().setMemberId(member).setChainId(chainId)).build());
    }

    void send(Envelope envelope) {
        sendRaw(frame(envelope.toByteArray()));
    }

    void sendRaw(byte[] bytes) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes));
    }

    void stopReading() {
        channel.config().setAutoRead(false);
    }

    boolean awaitClosed(Duration timeout) {
        return channel.closeFuture().awaitUninterruptibly(timeout.toMillis());
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    static byte[] frame(byte[] body) {
        return frameWithLength(body.length, body);
    }

    /** A frame whose length prefix says {@code length}, whatever the body is. */
    static byte[] frameWithLength(int length, byte[] body) {
        byte[] frame = new byte[4 + body.length];
        frame[0] = (byte) (length >>> 24);
        frame[1] = (byte) (length >>> 16);
        frame[2] = (byte) (length >>> 8);
        frame[3] = (byte) length;
        System.arraycopy(body, 0, frame, 4, body.length);
        return frame;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private final class Recorder extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) {
            if (event instanceof SslHandshakeCompletionEvent completion) {
                handshake.complete(completion.isSuccess());
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            ReferenceCountUtil.release(message);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            handshake.complete(false);
            context.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            handshake.complete(false);
        }
    }
}
