package io.khata.net.api;

import io.khata.core.block.Block;
import io.khata.core.ledger.Ledger;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.WriteTimeoutHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open {@code /events} response: a feed subscriber that writes each block as a Server-Sent
 * Event. It asks the feed for {@value #IN_FLIGHT_MAX} blocks and for one more each time a frame
 * has been handed to the socket, so a client that reads slowly holds at most that many frames
 * in the server's memory, and the feed (not this stream) waits for it. A comment line every
 * 15 s keeps proxies and the client's own timeouts from closing a
 * quiet stream. The stream ends when the client goes, the node stops, or a write fails.
 */
final class EventStream implements Flow.Subscriber<Block> {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    static final int IN_FLIGHT_MAX = 4;
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Channel channel;
    private final Ledger ledger;
    private final Runnable onEnd;
    private final long idleMillis;
    private final long keepAliveMillis;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Flow.Subscription subscription;
    private volatile ScheduledFuture<?> keepAlive;

    /** @param onEnd run once when the stream ends, whatever ends it */
    EventStream(Channel channel, Ledger ledger, EventStreams streams, Runnable onEnd) {
        this.channel = channel;
        this.ledger = ledger;
        this.onEnd = onEnd;
        this.idleMillis = streams.idleMillis();
        this.keepAliveMillis = streams.keepAliveMillis();
        channel.closeFuture().addListener(closed -> end());
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (ended.get() || !channel.isActive()) {
            subscription.cancel();
            end();
            return;
        }
        // The read timeout would close a stream whose client, as SSE clients do, sends nothing
        // more; a write timeout takes its place and closes a stream whose client stopped reading.
        if (channel.pipeline().get(HttpApiServer.READ_TIMEOUT) != null) {
            channel.pipeline().replace(HttpApiServer.READ_TIMEOUT, HttpApiServer.WRITE_TIMEOUT,
                    new WriteTimeoutHandler(idleMillis, TimeUnit.MILLISECONDS));
        }
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        HttpUtil.setTransferEncodingChunked(response, true);
        channel.writeAndFlush(response);
        keepAlive = channel.eventLoop().scheduleAtFixedRate(() -> write(KEEP_ALIVE, false),
                keepAliveMillis, keepAliveMillis, TimeUnit.MILLISECONDS);
        if (ended.get()) {
            keepAlive.cancel(false);
        }
        subscription.request(IN_FLIGHT_MAX);
    }

    /** Runs on the node's feed thread: the block is turned into JSON here, not on the event loop. */
    @Override
    public void onNext(Block block) {
        String frame = "id: " + block.height() + "\nevent: block\ndata: "
                + Json.printLine(BlockEvents.of(block, ledger)) + "\n\n";
        write(frame.getBytes(StandardCharsets.UTF_8), true);
    }

    @Override
    public void onError(Throwable failure) {
        LOG.warn("an event stream ends on a feed failure", failure);
        channel.close();
    }

    @Override
    public void onComplete() {
        if (channel.isActive()) {
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void write(byte[] bytes, boolean block) {
        ByteBuf buffer = Unpooled.wrappedBuffer(bytes);
        channel.writeAndFlush(new DefaultHttpContent(buffer)).addListener(written -> {
            if (!written.isSuccess()) {
                channel.close();
            } else if (block && subscription != null) {
                subscription.request(1);
            }
        });
    }

    /** Ends the stream and frees its slot, once, whatever ends it. */
    void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        ScheduledFuture<?> timer = keepAlive;
        if (timer != null) {
            timer.cancel(false);
        }
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
        onEnd.run();
    }
}
