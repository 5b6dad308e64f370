package io.khata.net.api;

import io.khata.net.node.NodeApi;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A node's HTTP/JSON API on Netty's HTTP codec, bound to loopback unless told otherwise.
 * Request bodies are capped (a larger one gets a 413 with a JSON error), connections are capped
 * in all and per address ({@link ConnectionCap}), a request must arrive whole within 10 s of its
 * first byte ({@link RequestDeadline}) and idle connections are closed, so a client cannot hold
 * the node's memory or sockets.
 */
public final class HttpApiServer implements AutoCloseable {
    /** Largest request body: a transaction at the limit, in JSON (base64 grows it by a third), with room. */
    public static final int BODY_BYTES_MAX = 256 * 1024;
    /** Longest a {@code ?wait=true} submission waits for its commit. */
    public static final long WAIT_MILLIS_MAX = 30_000;
    static final int IDLE_SECONDS_MAX = 60;
    static final String READ_TIMEOUT = "read-timeout";
    static final String WRITE_TIMEOUT = "write-timeout";

    private final EventLoopGroup group;
    private final Channel channel;
    private final boolean tls;

    private HttpApiServer(EventLoopGroup group, Channel channel, boolean tls) {
        this.group = group;
        this.channel = channel;
        this.tls = tls;
    }

    public static HttpApiServer start(NodeApi node, InetSocketAddress address) throws InterruptedException {
        return start(node, address, WAIT_MILLIS_MAX);
    }

    /**
     * Serves with the TLS and authentication of {@code security}; refuses (IllegalArgumentException)
     * to serve without authentication on an address that is not loopback, unless {@code security}
     * allows it.
     */
    public static HttpApiServer start(NodeApi node, InetSocketAddress address, ApiSecurity security)
            throws InterruptedException {
        return start(node, address, WAIT_MILLIS_MAX, EventStreams.STREAMS_MAX_DEFAULT, IDLE_SECONDS_MAX * 1000L,
                defaultConnectionCap(), RequestDeadline.MILLIS_DEFAULT, security);
    }

    /**
     * As {@link #start(NodeApi, InetSocketAddress)}, with the longest a submission may wait for
     * its commit. Keep it under the idle timeout (60 s), which closes a connection nobody writes to.
     */
    public static HttpApiServer start(NodeApi node, InetSocketAddress address, long waitMillisMax)
            throws InterruptedException {
        return start(node, address, waitMillisMax, EventStreams.STREAMS_MAX_DEFAULT);
    }

    /**
     * As {@link #start(NodeApi, InetSocketAddress, long)}, with the most {@code /events} streams
     * open at once (64 by default); one more is answered 503.
     */
    public static HttpApiServer start(NodeApi node, InetSocketAddress address, long waitMillisMax,
                                      int eventStreamsMax) throws InterruptedException {
        return start(node, address, waitMillisMax, eventStreamsMax, IDLE_SECONDS_MAX * 1000L);
    }

    /** As above, with a shorter idle timeout, so tests see it act in seconds. */
    static HttpApiServer start(NodeApi node, InetSocketAddress address, long waitMillisMax, int eventStreamsMax,
                               long idleMillis) throws InterruptedException {
        return start(node, address, waitMillisMax, eventStreamsMax, idleMillis, defaultConnectionCap(),
                RequestDeadline.MILLIS_DEFAULT);
    }

    private static ConnectionCap defaultConnectionCap() {
        return new ConnectionCap(ConnectionCap.TOTAL_MAX_DEFAULT, ConnectionCap.PER_ADDRESS_MAX_DEFAULT);
    }

    /**
     * As above, with the connection caps and the deadline of a whole request (first byte to last)
     * given, so tests see them act with few connections and in seconds.
     */
    static HttpApiServer start(NodeApi node, InetSocketAddress address, long waitMillisMax, int eventStreamsMax,
                               long idleMillis, ConnectionCap connections, long requestDeadlineMillis)
            throws InterruptedException {
        return start(node, address, waitMillisMax, eventStreamsMax, idleMillis, connections, requestDeadlineMillis,
                ApiSecurity.none());
    }

    /** As above, with the API's TLS and authentication. */
    static HttpApiServer start(NodeApi node, InetSocketAddress address, long waitMillisMax, int eventStreamsMax,
                               long idleMillis, ConnectionCap connections, long requestDeadlineMillis,
                               ApiSecurity security) throws InterruptedException {
        security.checkExposure(address);
        EventStreams streams = new EventStreams(eventStreamsMax, idleMillis);
        if (waitMillisMax < 1 || waitMillisMax >= Math.max(idleMillis, IDLE_SECONDS_MAX * 1000L)) {
            throw new IllegalArgumentException("waitMillisMax must be between 1 and " + (IDLE_SECONDS_MAX * 1000L - 1)
                    + ", got " + waitMillisMax);
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(connections);
                            if (security.tls() != null) {
                                // Netty's handshake timeout (10 s) bounds a client that starts TLS and stalls.
                                ch.pipeline().addLast(security.tls().newHandler(ch.alloc()));
                            }
                            ch.pipeline()
                                    .addLast(new RequestDeadline(requestDeadlineMillis))
                                    .addLast(READ_TIMEOUT, new ReadTimeoutHandler(idleMillis, TimeUnit.MILLISECONDS))
                                    .addLast(new HttpServerCodec(4096, 8192, 8192))
                                    .addLast(new JsonErrorAggregator(BODY_BYTES_MAX))
                                    .addLast(new RequestDeadline.Completed())
                                    .addLast(new ApiHandler(node, waitMillisMax, streams, security));
                        }
                    })
                    .bind(address).sync().channel();
            return new HttpApiServer(group, channel, security.tls() != null);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully();
            throw e;
        }
    }

    /** {@code http} or {@code https}, as this server speaks. */
    public String scheme() {
        return tls ? "https" : "http";
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /**
     * Stops accepting, then closes every open connection (event streams included) at once: no
     * quiet period, since nothing is accepted any more that could still need the loops.
     */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Answers an oversized body with the API's JSON error instead of an empty 413. */
    private static final class JsonErrorAggregator extends HttpObjectAggregator {
        JsonErrorAggregator(int maxContentLength) {
            super(maxContentLength);
        }

        /**
         * Answers at once and keeps the connection: the aggregator discards the rest of the body
         * without buffering it. Closing here would race the client's upload, and a reset can
         * destroy the answer before the client reads it. An idle or endless upload is cut by
         * the read timeout.
         */
        @Override
        protected void handleOversizedMessage(ChannelHandlerContext context, HttpMessage oversized) {
            HttpReplies.json(context, 413, Json.error("too_large",
                    "the request body is over the limit of " + BODY_BYTES_MAX + " bytes"), true);
        }
    }
}
