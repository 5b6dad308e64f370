package io.khata.net.api;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Writes complete HTTP responses. */
final class HttpReplies {
    private HttpReplies() {
    }

    static void json(ChannelHandlerContext context, int status, String body, boolean keepAlive) {
        write(context, status, "application/json; charset=utf-8", body, keepAlive);
    }

    /** A JSON answer with extra headers (a 401's WWW-Authenticate). */
    static void json(ChannelHandlerContext context, int status, String body, java.util.Map<String, String> headers,
                     boolean keepAlive) {
        bytes(context, status, "application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), headers, keepAlive);
    }

    /** An answer without a body (204), with the headers given. */
    static void empty(ChannelHandlerContext context, int status, java.util.Map<String, String> headers, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        headers.forEach((name, value) -> response.headers().set(name, value));
        send(context, response, keepAlive);
    }

    static void text(ChannelHandlerContext context, int status, String body, boolean keepAlive) {
        write(context, status, "text/plain; version=0.0.4; charset=utf-8", body, keepAlive);
    }

    static void write(ChannelHandlerContext context, int status, String contentType, String body, boolean keepAlive) {
        bytes(context, status, contentType, body.getBytes(StandardCharsets.UTF_8), java.util.Map.of(), keepAlive);
    }

    static void bytes(ChannelHandlerContext context, int status, String contentType, byte[] bytes,
                      java.util.Map<String, String> headers, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(bytes));
        headers.forEach((name, value) -> response.headers().set(name, value));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        send(context, response, keepAlive);
    }

    private static void send(ChannelHandlerContext context, FullHttpResponse response, boolean keepAlive) {
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            context.writeAndFlush(response);
        } else {
            context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
