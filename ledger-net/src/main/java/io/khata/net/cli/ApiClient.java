package io.khata.net.cli;

import io.khata.core.codec.ProtoJson;
import io.khata.net.apiclient.ApiAccessOptions;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A small client of a node's HTTP API for the command line: plain or {@code https://}, with the
 * bearer token of {@link ApiAccessOptions} on every request when there is one.
 */
final class ApiClient {
    private final HttpClient http;
    private final String base;
    private final String token;

    ApiClient(String nodeUrl) {
        this(nodeUrl, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), null);
    }

    ApiClient(String nodeUrl, HttpClient http, String token) {
        this.base = nodeUrl.endsWith("/") ? nodeUrl.substring(0, nodeUrl.length() - 1) : nodeUrl;
        this.http = http;
        this.token = token;
    }

    static ApiClient of(String nodeUrl, ApiAccessOptions access) throws IOException {
        return new ApiClient(nodeUrl, access.httpClient(Duration.ofSeconds(5)), access.token());
    }

    record Reply(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(ApiAccessOptions.authorize(HttpRequest.newBuilder(URI.create(base + path)), token)
                .timeout(Duration.ofSeconds(30)).GET().build());
    }

    Reply postProtobuf(String path, byte[] body) throws IOException, InterruptedException {
        return send(ApiAccessOptions.authorize(HttpRequest.newBuilder(URI.create(base + path)), token)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    /** Parses an API JSON body into {@code builder}'s message, ignoring fields this client does not know. */
    static <B extends Message.Builder> B parse(String json, B builder) {
        try {
            ProtoJson.mergeIgnoringUnknown(json, builder);
            return builder;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the node sent a body this client cannot read: " + e.getMessage(), e);
        }
    }
}
