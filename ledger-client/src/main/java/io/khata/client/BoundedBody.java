package io.khata.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body collected into memory up to a byte limit. A declared {@code Content-Length}
 * over the limit is refused before any byte is read; a body that grows past it (chunked, or
 * lying about its length) is cut off there and the connection's subscription cancelled.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    /** Thrown (inside the future) when the body is over the limit. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message);
        }
    }

    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final long bytesMax;
    private final long declaredBytes;
    private Flow.Subscription subscription;

    private BoundedBody(long bytesMax, long declaredBytes) {
        this.bytesMax = bytesMax;
        this.declaredBytes = declaredBytes;
    }

    static HttpResponse.BodyHandler<byte[]> handler(long bytesMax) {
        return info -> new BoundedBody(bytesMax, info.headers().firstValueAsLong("content-length").orElse(-1));
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (declaredBytes > bytesMax) {
            subscription.cancel();
            result.completeExceptionally(new TooLarge("the node declared a body of " + declaredBytes
                    + " bytes, over this client's limit of " + bytesMax));
            return;
        }
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            if (bytes.size() + (long) buffer.remaining() > bytesMax) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge("the node sent a body over this client's limit of "
                        + bytesMax + " bytes"));
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable failure) {
        result.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }
}
