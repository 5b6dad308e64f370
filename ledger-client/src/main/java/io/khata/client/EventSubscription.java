package io.khata.client;

import io.khata.proto.api.BlockEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Flow;

/**
 * One subscriber's event stream, read on a thread of its own. It delivers only what was requested
 * (while there is no demand the thread stops reading and the connection's buffers push back on the
 * node), in strictly increasing height with no gap: a repeat of a height already delivered (after a
 * reconnect) is skipped, a gap or an id that disagrees with its block ends the stream with
 * {@link KhataException.BadResponse}. A dropped connection or a 5xx is retried with a doubling
 * pause, resuming after the last delivered height ({@code Last-Event-ID}), and so is a connection
 * silent for longer than the idle timeout (see {@link IdleWatch}); a 4xx (such as 404 on a
 * node without the endpoint) or a frame over the limit ends the stream with the error.
 */
final class EventSubscription implements Flow.Subscription {
    private static final int ERROR_BODY_BYTES_MAX = 64 * 1024;
    private static final long FIRST_RETRY_MILLIS = 100;

    private final NodeHttp http;
    private final EventOptions options;
    private final Flow.Subscriber<? super BlockEvent> subscriber;
    private final Object demandLock = new Object();
    private long demand;
    private volatile boolean cancelled;
    private volatile InputStream current;
    private volatile Throwable badRequest;
    private long nextHeight;
    /** True once a block was delivered: a new connection then resumes after it. */
    private boolean resuming;
    private Thread reader;

    EventSubscription(NodeHttp http, long fromHeight, EventOptions options, Flow.Subscriber<? super BlockEvent> subscriber) {
        this.http = http;
        this.nextHeight = fromHeight;
        this.options = options;
        this.subscriber = subscriber;
    }

    void start() {
        subscriber.onSubscribe(this);
        reader = new Thread(this::run, "khata-events-from-" + nextHeight);
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void request(long n) {
        synchronized (demandLock) {
            if (n <= 0) {
                // Reactive Streams rule 3.9: a non-positive request ends the stream with an error.
                badRequest = new IllegalArgumentException("request(" + n + "): demand must be positive");
                cancelled = true;
                closeQuietly(current);
            } else {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            }
            demandLock.notifyAll();
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        synchronized (demandLock) {
            demandLock.notifyAll();
        }
        closeQuietly(current);
        Thread thread = reader;
        if (thread != null && thread != Thread.currentThread()) {
            thread.interrupt();
        }
    }

    private void run() {
        long retryMillis = FIRST_RETRY_MILLIS;
        try {
            while (!cancelled) {
                boolean delivered = readOneConnection();
                if (cancelled) {
                    break;
                }
                retryMillis = delivered ? FIRST_RETRY_MILLIS : Math.min(retryMillis * 2, options.reconnectDelayMax().toMillis());
                Thread.sleep(Math.max(1, retryMillis));
            }
            if (badRequest != null) {
                subscriber.onError(badRequest);
            }
        } catch (InterruptedException e) {
            if (badRequest != null) {
                subscriber.onError(badRequest);
            }
        } catch (KhataException | RuntimeException e) {
            if (!cancelled) {
                cancelled = true;
                subscriber.onError(e);
            }
        }
    }

    /**
     * Connects, reads frames until the stream ends or fails, and says whether it delivered any
     * (so the pause before the next attempt starts short again). Throws what ends the subscription.
     */
    private boolean readOneConnection() throws KhataException, InterruptedException {
        HttpRequest.Builder request = http.request("/events?from_height=" + nextHeight)
                .timeout(http.requestTimeout()).header("Accept", "text/event-stream").GET();
        if (resuming) {
            request.header("Last-Event-ID", Long.toString(nextHeight - 1));
        }
        HttpResponse<InputStream> response;
        try {
            response = http.http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return false;
        }
        try (InputStream body = new IdleWatch(response.body(), options.idleTimeout())) {
            current = body;
            if (cancelled) {
                return false; // cancel() ran before this stream could be closed by it
            }
            if (response.statusCode() >= 500) {
                return false;
            }
            if (response.statusCode() != 200) {
                throw ApiJson.error(response.statusCode(), body.readNBytes(ERROR_BODY_BYTES_MAX));
            }
            String type = response.headers().firstValue("content-type").orElse("");
            if (!type.startsWith("text/event-stream")) {
                throw new KhataException.BadResponse("GET /events answered " + ApiJson.clip(type) + ", not text/event-stream");
            }
            return readFrames(new SseReader(new java.io.BufferedInputStream(body, 64 * 1024), options.frameBytesMax()));
        } catch (SseReader.FrameTooLarge e) {
            throw new KhataException.BadResponse("GET /events: " + e.getMessage(), e);
        } catch (IOException e) {
            return false; // dropped: reconnect
        } finally {
            current = null;
        }
    }

    private boolean readFrames(SseReader frames) throws IOException, KhataException, InterruptedException {
        boolean delivered = false;
        SseReader.Frame frame;
        while (!cancelled && (frame = frames.next()) != null) {
            if (!frame.event().equals("block")) {
                continue;
            }
            BlockEvent event = ApiJson.parse(frame.data().getBytes(StandardCharsets.UTF_8), BlockEvent.newBuilder(),
                    "an event of GET /events").build();
            if (!Long.toString(event.getHeight()).equals(frame.id())) {
                throw new KhataException.BadResponse("an event's id '" + ApiJson.clip(String.valueOf(frame.id()))
                        + "' is not its block's height " + event.getHeight());
            }
            if (event.getHeight() < nextHeight) {
                continue; // sent again after a reconnect: already delivered
            }
            if (event.getHeight() > nextHeight) {
                throw new KhataException.BadResponse("the event stream skipped from height " + (nextHeight - 1) + " to "
                        + event.getHeight());
            }
            if (!awaitDemand()) {
                return delivered;
            }
            nextHeight = event.getHeight() + 1;
            delivered = true;
            resuming = true;
            deliver(event);
        }
        return delivered;
    }

    private void deliver(BlockEvent event) {
        try {
            subscriber.onNext(event);
        } catch (RuntimeException e) {
            // Reactive Streams rule 2.13: a subscriber that throws is treated as cancelled.
            cancel();
        }
    }

    /** Takes one unit of demand, waiting for it; false once cancelled. */
    private boolean awaitDemand() throws InterruptedException {
        synchronized (demandLock) {
            while (demand == 0 && !cancelled) {
                demandLock.wait();
            }
            if (cancelled) {
                return false;
            }
            if (demand != Long.MAX_VALUE) {
                demand--;
            }
            return true;
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // closing only to unblock the reader
            }
        }
    }
}
