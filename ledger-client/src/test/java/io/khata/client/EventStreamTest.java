package io.khata.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import io.khata.proto.api.BlockEvent;
import io.khata.proto.api.TxEvent;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The event stream against a fake node speaking Server-Sent Events as api.proto's BlockEvent fixes them. */
class EventStreamTest {
    private final FakeNode node;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    EventStreamTest() throws Exception {
        node = new FakeNode();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    static String frame(long height) throws Exception {
        BlockEvent event = BlockEvent.newBuilder().setHeight(height).setHash("ab".repeat(32)).setChainId("c")
                .addTxs(TxEvent.newBuilder().setTxHash("cd".repeat(32)).setIndex(0)).build();
        return "id: " + height + "\nevent: block\ndata: "
                + JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace().print(event) + "\n\n";
    }

    private static OutputStream startStream(HttpExchange exchange) throws Exception {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    private static void write(OutputStream out, String text) throws Exception {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private String describe(HttpExchange exchange) {
        return exchange.getRequestURI().getQuery() + " last=" + exchange.getRequestHeaders().getFirst("Last-Event-ID");
    }

    /** Collects what it receives; requests {@code initial} at subscription. */
    static final class Collector implements Flow.Subscriber<BlockEvent> {
        final BlockingQueue<BlockEvent> events = new LinkedBlockingQueue<>();
        final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        final long initial;
        Flow.Subscription subscription;

        Collector(long initial) {
            this.initial = initial;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(initial);
        }

        @Override
        public void onNext(BlockEvent item) {
            events.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            errors.add(throwable);
        }

        @Override
        public void onComplete() {
        }

        List<Long> take(int count) throws InterruptedException {
            List<Long> heights = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                BlockEvent event = events.poll(10, TimeUnit.SECONDS);
                if (event == null) {
                    throw new AssertionError("got " + heights + ", then nothing; errors " + errors);
                }
                heights.add(event.getHeight());
            }
            return heights;
        }
    }

    private KhataClient client() {
        return KhataClient.builder(node.uri()).requestTimeout(Duration.ofSeconds(2))
                .reconnectDelayMax(Duration.ofMillis(200)).eventFrameBytesMax(64 * 1024).build();
    }

    @Test
    void blocksArriveInOrderAndAfterADropTheStreamResumesFromTheLastIdWithoutRepeats() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        node.route("/events", exchange -> {
            requests.add(describe(exchange));
            OutputStream out = startStream(exchange);
            if (connections.incrementAndGet() == 1) {
                write(out, ": keep-alive\n\n" + frame(5) + ": keep-alive\n\n" + frame(6) + frame(7));
                return; // the connection drops after 7
            }
            write(out, frame(7) + frame(8) + ": keep-alive\n\n" + frame(9));
            node.closing.await();
        });
        Collector collector = new Collector(Long.MAX_VALUE);
        client().events(5).subscribe(collector);
        assertEquals(List.of(5L, 6L, 7L, 8L, 9L), collector.take(5));
        assertNull(collector.events.poll(300, TimeUnit.MILLISECONDS), "the repeated 7 was delivered twice");
        assertEquals("from_height=5 last=null", requests.get(0));
        assertEquals("from_height=8 last=7", requests.get(1));
        collector.subscription.cancel();
        assertTrue(collector.errors.isEmpty(), collector.errors.toString());
    }

    @Test
    void onlyWhatIsRequestedIsDelivered() throws Exception {
        node.route("/events", exchange -> {
            OutputStream out = startStream(exchange);
            write(out, frame(1) + frame(2) + frame(3));
            node.closing.await();
        });
        Collector collector = new Collector(1);
        client().events(1).subscribe(collector);
        assertEquals(List.of(1L), collector.take(1));
        assertNull(collector.events.poll(300, TimeUnit.MILLISECONDS), "delivered past the demand");
        collector.subscription.request(2);
        assertEquals(List.of(2L, 3L), collector.take(2));
        collector.subscription.cancel();
    }

    @Test
    void aFrameOverTheLimitEndsTheStreamWithATypedError() throws Exception {
        node.route("/events", exchange -> {
            OutputStream out = startStream(exchange);
            write(out, frame(1) + "id: 2\nevent: block\ndata: " + "x".repeat(100_000) + "\n\n");
            node.closing.await();
        });
        Collector collector = new Collector(Long.MAX_VALUE);
        client().events(1).subscribe(collector);
        assertEquals(List.of(1L), collector.take(1));
        Throwable error = collector.errors.poll(10, TimeUnit.SECONDS);
        assertInstanceOf(KhataException.BadResponse.class, error);
        assertTrue(error.getMessage().contains("over the limit"), error.getMessage());
    }

    @Test
    void aGapOrAnIdThatIsNotTheHeightEndsTheStream() throws Exception {
        node.route("/events", exchange -> {
            OutputStream out = startStream(exchange);
            write(out, frame(1) + frame(3));
            node.closing.await();
        });
        Collector collector = new Collector(Long.MAX_VALUE);
        client().events(1).subscribe(collector);
        assertEquals(List.of(1L), collector.take(1));
        Throwable error = collector.errors.poll(10, TimeUnit.SECONDS);
        assertInstanceOf(KhataException.BadResponse.class, error);
        assertTrue(error.getMessage().contains("skipped"), error.getMessage());

        try (FakeNode liar = new FakeNode()) {
            liar.route("/events", exchange -> {
                OutputStream out = startStream(exchange);
                write(out, frame(1).replace("id: 1", "id: 4"));
                liar.closing.await();
            });
            Collector second = new Collector(Long.MAX_VALUE);
            KhataClient.builder(liar.uri()).build().events(1).subscribe(second);
            assertInstanceOf(KhataException.BadResponse.class, second.errors.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aNodeWithoutTheEndpointIsAnErrorAnswerNotARetryLoop() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        node.route("/events", exchange -> {
            calls.incrementAndGet();
            FakeNode.json(exchange, 404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no route /events\"}}");
        });
        Collector collector = new Collector(1);
        client().events(1).subscribe(collector);
        Throwable error = collector.errors.poll(10, TimeUnit.SECONDS);
        KhataException.ErrorAnswer answer = assertInstanceOf(KhataException.ErrorAnswer.class, error);
        assertEquals(404, answer.httpStatus());
        assertEquals("not_found", answer.code());
        Thread.sleep(300);
        assertEquals(1, calls.get());
    }

    @Test
    void aServerErrorIsRetriedAndTheStreamGoesOn() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        node.route("/events", exchange -> {
            if (calls.incrementAndGet() <= 2) {
                FakeNode.json(exchange, 503, "{}");
                return;
            }
            OutputStream out = startStream(exchange);
            write(out, frame(3));
            node.closing.await();
        });
        Collector collector = new Collector(5);
        client().events(3).subscribe(collector);
        assertEquals(List.of(3L), collector.take(1));
        assertEquals(3, calls.get());
    }

    @Test
    void aNonPositiveRequestEndsTheStreamWithAnError() throws Exception {
        node.route("/events", exchange -> {
            OutputStream out = startStream(exchange);
            write(out, frame(1));
            node.closing.await();
        });
        Collector collector = new Collector(0);
        client().events(1).subscribe(collector);
        assertInstanceOf(IllegalArgumentException.class, collector.errors.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void aSilentConnectionIsDroppedAndResumedButASlowSubscriberIsNotSilence() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        java.util.concurrent.CountDownLatch demanded = new java.util.concurrent.CountDownLatch(1);
        String firstThree = frame(1) + frame(2) + frame(3); // made before: the server must not be slow to send them
        String fourth = frame(4);
        node.route("/events", exchange -> {
            requests.add(describe(exchange));
            OutputStream out = startStream(exchange);
            if (connections.incrementAndGet() == 1) {
                write(out, firstThree);
                demanded.await();
            }
            write(out, fourth);
            node.closing.await(); // then silent, connection open
        });
        Collector collector = new Collector(1);
        KhataClient.builder(node.uri()).eventIdleTimeout(Duration.ofMillis(400)).reconnectDelayMax(Duration.ofMillis(100))
                .build().events(1).subscribe(collector);
        assertEquals(List.of(1L), collector.take(1));
        Thread.sleep(1000); // no demand for longer than the idle timeout: the reader waits, the node is not silent
        collector.subscription.request(10);
        demanded.countDown();
        assertEquals(List.of(2L, 3L, 4L), collector.take(3));
        assertEquals(1, connections.get(), "waiting for demand was taken for silence: " + requests);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (requests.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals("from_height=5 last=4", requests.size() < 2 ? "no reconnection after silence" : requests.get(1));
        collector.subscription.cancel();
    }

    /** The request timeout bounds the wait for the answer's headers, never the life of the stream. */
    @Test
    void aStreamOutlivesTheRequestTimeout() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        String first = frame(1);
        String second = frame(2);
        node.route("/events", exchange -> {
            connections.incrementAndGet();
            OutputStream out = startStream(exchange);
            write(out, first);
            for (int i = 0; i < 8; i++) {
                Thread.sleep(200);
                write(out, ": keep-alive\n\n");
            }
            write(out, second);
            node.closing.await();
        });
        Collector collector = new Collector(Long.MAX_VALUE);
        KhataClient.builder(node.uri()).requestTimeout(Duration.ofMillis(500)).build().events(1).subscribe(collector);
        assertEquals(List.of(1L, 2L), collector.take(2));
        assertEquals(1, connections.get());
        assertTrue(collector.errors.isEmpty(), collector.errors.toString());
        collector.subscription.cancel();
    }
}
