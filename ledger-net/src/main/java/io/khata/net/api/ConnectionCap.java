package io.khata.net.api;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the API's open connections, in all and per remote address, so that anyone who can
 * reach the port cannot hold every socket and file descriptor of the node: a connection over
 * either bound is closed as soon as it is accepted, before a byte of it is read. Shared by every
 * connection of one server.
 */
@ChannelHandler.Sharable
final class ConnectionCap extends ChannelInboundHandlerAdapter {
    /** Connections open at once, from everyone. */
    static final int TOTAL_MAX_DEFAULT = 512;
    /** Connections open at once from one address (a bank's backend pools a few; a browser opens six). */
    static final int PER_ADDRESS_MAX_DEFAULT = 64;
    private static final AttributeKey<InetAddress> COUNTED = AttributeKey.valueOf("khata.api.counted");

    private final int totalMax;
    private final int perAddressMax;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();

    ConnectionCap(int totalMax, int perAddressMax) {
        if (totalMax < 1 || perAddressMax < 1) {
            throw new IllegalArgumentException("connection caps must be positive, got " + totalMax + " and " + perAddressMax);
        }
        this.totalMax = totalMax;
        this.perAddressMax = perAddressMax;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        InetAddress address = ((InetSocketAddress) context.channel().remoteAddress()).getAddress();
        AtomicInteger fromAddress = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
        if (total.incrementAndGet() > totalMax | fromAddress.incrementAndGet() > perAddressMax) {
            release(address);
            refused.incrementAndGet();
            context.close();
            return;
        }
        context.channel().attr(COUNTED).set(address);
        super.channelActive(context);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        InetAddress address = context.channel().attr(COUNTED).getAndSet(null);
        if (address != null) {
            release(address);
        }
        super.channelInactive(context);
    }

    private void release(InetAddress address) {
        total.decrementAndGet();
        perAddress.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /** Connections closed on arrival for being over a cap, since the server started. */
    int refused() {
        return refused.get();
    }

    /** Connections counted as open now. */
    int open() {
        return total.get();
    }
}
