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

/**
 * A node's HTTP/JSON API on Netty's HTTP codec, bound to loopback unless told otherwise.
 * Request bodies are capped (a larger one gets a 413 with a JSON error) and idle connections
 * are closed, so a client cannot hold the node's memory or sockets.
 */
public final class HttpApiServer implements AutoCloseable {
    /** Largest request body: a transaction at the limit, in JSON (base64 grows it by a third), with room. */
    public static final int BODY_BYTES_MAX = 256 * 1024;
    /** Longest a {@code ?wait=true} submission waits for its commit. */
    public static final long WAIT_MILLIS_MAX = 30_000;
    private static final int IDLE_SECONDS_MAX = 60;

    private final EventLoopGroup group;
    private final Channel channel;

    private HttpApiServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    public static HttpApiServer start(NodeApi node, InetSocketAddress address) throws InterruptedException {
        return start(node, address, WAIT_MILLIS_MAX);
    }

    /**
     * As {@link #start(NodeApi, InetSocketAddress)}, with the longest a submission may wait for
     * its commit. Keep it under the idle timeout (60 s), which closes a connection nobody writes to.
     */
    public static HttpApiServer start(NodeApi node, InetSocketAddress address, long waitMillisMax)
            throws InterruptedException {
        if (waitMillisMax < 1 || waitMillisMax >= IDLE_SECONDS_MAX * 1000L) {
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
                            ch.pipeline()
                                    .addLast(new ReadTimeoutHandler(IDLE_SECONDS_MAX))
                                    .addLast(new HttpServerCodec(4096, 8192, 8192))
                                    .addLast(new JsonErrorAggregator(BODY_BYTES_MAX))
                                    .addLast(new ApiHandler(node, waitMillisMax));
                        }
                    })
                    .bind(address).sync().channel();
            return new HttpApiServer(group, channel);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully().syncUninterruptibly();
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
