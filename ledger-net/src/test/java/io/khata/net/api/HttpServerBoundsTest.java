package io.khata.net.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What anyone who reaches the API port can hold: connections beyond the caps are closed on
 * arrival (per address, and in all), and a request dripped a byte at a time is cut at its
 * deadline although every byte resets the idle timeout; requests that arrive whole keep their
 * connection between them however long the pause.
 */
class HttpServerBoundsTest {
    private static final long IDLE_MILLIS = 60_000;
    private final TestGenesis fixture = TestGenesis.of(4);
    private final List<Socket> sockets = new ArrayList<>();
    private Ledger ledger;
    private HttpApiServer server;

    @BeforeEach
    void ledger() {
        ledger = Ledger.inMemory(fixture.genesis());
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
        ledger.close();
    }

    private ConnectionCap start(int totalMax, int perAddressMax, long deadlineMillis) throws Exception {
        ConnectionCap cap = new ConnectionCap(totalMax, perAddressMax);
        server = HttpApiServer.start(new LedgerOnlyNode(ledger), new InetSocketAddress("127.0.0.1", 0), 3_000, 4,
                IDLE_MILLIS, cap, deadlineMillis);
        return cap;
    }

    private Socket connect(String from) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(server.address(), 5_000);
        socket.setSoTimeout(5_000);
        sockets.add(socket);
        return socket;
    }

    /** True if the server closed the connection (end of stream or reset) within the socket's timeout. */
    private static boolean closedByServer(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static String status(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write("GET /status HTTP/1.1\r\nHost: node\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return "closed";
            }
            head.append((char) b);
        }
        int length = Integer.parseInt(head.toString().replaceAll("(?s).*content-length: *(\\d+).*", "$1"));
        in.readNBytes(length);
        return head.substring(0, head.indexOf("\r\n"));
    }

    @Test
    void connectionsOverTheCapOfOneAddressAreClosedOnArrivalAndOtherAddressesStillServed() throws Exception {
        ConnectionCap cap = start(100, 3, 10_000);
        for (int i = 0; i < 3; i++) {
            connect("127.0.0.1");
        }
        waitUntil(() -> cap.open() == 3); // accepted by the server, not only by the kernel
        Socket fourth = connect("127.0.0.1");
        assertTrue(closedByServer(fourth), "a fourth connection from one address is closed");
        assertEquals("HTTP/1.1 200 OK", status(connect("127.0.0.2")), "another address is served");
        sockets.get(0).close();
        waitUntil(() -> cap.open() <= 3);
        assertEquals("HTTP/1.1 200 OK", status(connect("127.0.0.1")), "a freed slot is usable again");
        assertTrue(cap.refused() >= 1);
    }

    @Test
    void connectionsOverTheTotalCapAreClosedOnArrival() throws Exception {
        ConnectionCap cap = start(3, 100, 10_000);
        for (int i = 0; i < 3; i++) {
            connect("127.0.0.1");
        }
        waitUntil(() -> cap.open() == 3);
        assertTrue(closedByServer(connect("127.0.0.2")), "the fourth connection in all is closed");
    }

    @Test
    void aRequestDrippedAByteAtATimeIsCutAtItsDeadline() throws Exception {
        start(100, 100, 600);
        Socket slow = connect("127.0.0.1");
        slow.setSoTimeout(100);
        OutputStream out = slow.getOutputStream();
        byte[] request = "GET /status HTTP/1.1\r\nHost: node\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        boolean closed = false;
        for (int i = 0; i < 40 && !closed; i++) { // 4 s of drip, far below the 60 s idle timeout per byte
            try {
                out.write(request[Math.min(i, request.length - 1)]);
                out.flush();
            } catch (IOException reset) {
                closed = true;
                break;
            }
            closed = closedByServer(slow);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(closed, "the dripping request was never cut");
        assertTrue(millis < 3_000, "cut after " + millis + " ms, deadline 600 ms");
    }

    @Test
    void aPauseBetweenWholeRequestsKeepsTheConnection() throws Exception {
        start(100, 100, 300);
        Socket socket = connect("127.0.0.1");
        assertEquals("HTTP/1.1 200 OK", status(socket));
        Thread.sleep(900); // three deadlines: the deadline runs from a request's first byte, not between requests
        assertEquals("HTTP/1.1 200 OK", status(socket));
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }
}
