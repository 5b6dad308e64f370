package io.khata.client;

import io.khata.proto.api.BlockEvent;
import java.util.Objects;
import java.util.concurrent.Flow;

/** Cold publisher of a node's committed blocks: each subscriber opens its own stream from the same height. */
final class EventPublisher implements Flow.Publisher<BlockEvent> {
    private final NodeHttp http;
    private final long fromHeight;
    private final EventOptions options;

    EventPublisher(NodeHttp http, long fromHeight, EventOptions options) {
        this.http = http;
        this.fromHeight = fromHeight;
        this.options = options;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super BlockEvent> subscriber) {
        new EventSubscription(http, fromHeight, options, Objects.requireNonNull(subscriber, "subscriber")).start();
    }
}
