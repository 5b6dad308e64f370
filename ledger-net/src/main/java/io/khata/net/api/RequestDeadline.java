package io.khata.net.api;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A whole request must arrive within a deadline of its first byte. The idle timeout alone is
 * reset by every byte, so a client sending one byte a minute (a slow-request attack) would hold
 * its connection and its buffers for ever. Placed first in the pipeline, it arms on the first
 * bytes of a request; {@link Completed}, placed after the aggregator, disarms it when the whole
 * request is there. A connection that misses the deadline is closed.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {
    static final long MILLIS_DEFAULT = 10_000;

    private final long millis;
    private ScheduledFuture<?> timer;
    private boolean inRequest;

    RequestDeadline(long millis) {
        this.millis = millis;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) throws Exception {
        if (!inRequest) {
            inRequest = true;
            timer = context.executor().schedule(() -> {
                if (inRequest) {
                    context.close();
                }
            }, millis, TimeUnit.MILLISECONDS);
        }
        super.channelRead(context, message);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        disarm();
        super.channelInactive(context);
    }

    private void disarm() {
        inRequest = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** Disarms the connection's deadline once a whole request has been aggregated. */
    static final class Completed extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext context, Object message) throws Exception {
            if (message instanceof FullHttpRequest) {
                RequestDeadline deadline = context.pipeline().get(RequestDeadline.class);
                if (deadline != null) {
                    deadline.disarm();
                }
            }
            super.channelRead(context, message);
        }
    }
}
