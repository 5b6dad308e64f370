package io.khata.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One node's HTTP API as bounded request and answer bytes: every answer is cut at the body limit,
 * and every call gives up after its timeout (the whole exchange, body included, not only the
 * headers), so a node that drips or floods costs this process a bounded amount.
 */
final class NodeHttp {
    record Reply(int status, byte[] body) {
    }

    private final HttpClient http;
    private final String base;
    private final Duration requestTimeout;
    private final int bodyBytesMax;
    /** {@code Bearer <token>}, or null: sent on every request, never in a URL, never in a message. */
    private final String authorization;

    NodeHttp(HttpClient http, URI node, Duration requestTimeout, int bodyBytesMax) {
        this(http, node, requestTimeout, bodyBytesMax, null);
    }

    NodeHttp(HttpClient http, URI node, Duration requestTimeout, int bodyBytesMax, String bearerToken) {
        this.http = http;
        String text = node.toString();
        this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        this.requestTimeout = requestTimeout;
        this.bodyBytesMax = bodyBytesMax;
        this.authorization = bearerToken == null ? null : "Bearer " + bearerToken;
    }

    /** A request to {@code path} with the client's credential. */
    HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    HttpClient http() {
        return http;
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    /** One path segment, percent-encoded (an account id is name@domain; anything else is escaped). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%40", "@");
    }

    Reply get(String path) throws KhataException, InterruptedException {
        HttpRequest request = request(path).timeout(requestTimeout)
                .header("Accept", "application/json").GET().build();
        return send(request, requestTimeout);
    }

    /** Posts protobuf bytes; {@code serverWait} is how long the node may hold the answer on purpose. */
    Reply postProtobuf(String path, byte[] body, Duration serverWait) throws KhataException, InterruptedException {
        Duration timeout = requestTimeout.plus(serverWait);
        HttpRequest request = request(path).timeout(timeout)
                .header("Content-Type", "application/x-protobuf").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return send(request, timeout);
    }

    private Reply send(HttpRequest request, Duration timeout) throws KhataException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, BoundedBody.handler(bodyBytesMax));
        try {
            HttpResponse<byte[]> response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Reply(response.statusCode(), response.body());
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new KhataException.Unreachable(request.method() + " " + request.uri().getPath()
                    + ": no complete answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BoundedBody.TooLarge || cause != null && cause.getCause() instanceof BoundedBody.TooLarge) {
                throw new KhataException.BadResponse(request.method() + " " + request.uri().getPath() + ": "
                        + (cause instanceof BoundedBody.TooLarge ? cause : cause.getCause()).getMessage(), cause);
            }
            String why = cause instanceof IOException ? String.valueOf(cause.getMessage()) : String.valueOf(cause);
            throw new KhataException.Unreachable(request.method() + " " + request.uri() + " failed: " + why, cause);
        }
    }
}
