package io.khata.net.api;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;

/**
 * The first height an {@code /events} request asks for: after its {@code Last-Event-ID} (a
 * reconnecting client's last height seen) when it sends one, else {@code from_height}, else the
 * next block. Checked against the head so that a typo does not leave a stream waiting for a
 * height the chain may never reach: at most one past the head.
 */
final class EventRequest {
    static final String LAST_EVENT_ID = "Last-Event-ID";

    private EventRequest() {
    }

    static long fromHeight(FullHttpRequest request, QueryStringDecoder uri, long head) throws ApiException {
        String lastEventId = request.headers().get(LAST_EVENT_ID);
        long from;
        String source;
        if (lastEventId != null && !lastEventId.isBlank()) {
            from = nonNegative(lastEventId.strip(), "Last-Event-ID", "bad_last_event_id") + 1;
            source = "Last-Event-ID " + ApiText.abbreviate(lastEventId.strip());
        } else {
            List<String> values = uri.parameters().get("from_height");
            if (values == null || values.isEmpty()) {
                return head + 1;
            }
            from = nonNegative(values.get(0), "from_height", "bad_height");
            source = "from_height " + from;
        }
        if (from > head + 1) {
            throw new ApiException(400, "bad_height", source + " is past the next block; the chain is at " + head);
        }
        return Math.max(from, 1);
    }

    private static long nonNegative(String text, String name, String code) throws ApiException {
        try {
            long value = Long.parseLong(text);
            if (value >= 0 && value < Long.MAX_VALUE) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(400, code, name + " is a height, a whole number from 0, got '" + ApiText.abbreviate(text) + "'");
    }
}
