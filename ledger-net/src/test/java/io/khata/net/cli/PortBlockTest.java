package io.khata.net.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** Held ports cannot be bound by anyone else, even with address reuse, until released. */
class PortBlockTest {
    private static ServerSocket listen(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return server;
    }

    @Test
    void aHeldPortCannotBeBoundUntilItIsReleased() throws Exception {
        try (PortBlock block = PortBlock.reserveForTest(4)) {
            int port = block.base() + 1;
            assertTrue(port >= PortBlock.TEST_PORTS_FIRST && block.base() + 4 <= PortBlock.TEST_PORTS_END);
            assertThrows(BindException.class, () -> listen(port).close());
            block.release(port);
            try (ServerSocket node = listen(port)) {
                assertTrue(node.isBound());
                assertFalse(block.hold(port), "a port a node is listening on cannot be taken back");
            }
            assertTrue(block.hold(port), "a port taken back after its node stopped");
            assertThrows(BindException.class, () -> listen(port).close());
        }
    }

    @Test
    void aHeldPortRefusesConnectionsInsteadOfLeavingThemHanging() {
        try (PortBlock block = PortBlock.reserveForTest(2)) {
            assertThrows(java.net.ConnectException.class,
                    () -> new Socket(InetAddress.getLoopbackAddress(), block.base()).close());
        }
    }

    @Test
    void aSecondReservationSkipsTheHeldPortsAndABusyDefaultRange() throws Exception {
        try (PortBlock first = PortBlock.reserveForTest(4);
             PortBlock second = PortBlock.reserve(first.base(), 4)) {
            assertNotEquals(first.base(), second.base());
            assertTrue(second.base() >= first.base() + 4, "the second block starts after the first");
        }
    }

    @Test
    void portsOutsideTheBlockAreRefused() {
        try (PortBlock block = PortBlock.reserveForTest(2)) {
            assertThrows(IllegalArgumentException.class, () -> block.release(block.base() + 2));
        }
    }
}
