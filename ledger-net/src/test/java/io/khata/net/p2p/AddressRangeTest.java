package io.khata.net.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressRangeTest {
    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void matchesAddressesAndBlocks() throws Exception {
        assertTrue(AddressRange.parse("127.0.0.1").contains(ip("127.0.0.1")));
        assertFalse(AddressRange.parse("127.0.0.1").contains(ip("127.0.0.2")));
        assertTrue(AddressRange.parse("10.1.0.0/16").contains(ip("10.1.255.3")));
        assertFalse(AddressRange.parse("10.1.0.0/16").contains(ip("10.2.0.1")));
        assertTrue(AddressRange.parse("192.0.2.128/25").contains(ip("192.0.2.200")));
        assertFalse(AddressRange.parse("192.0.2.128/25").contains(ip("192.0.2.100")));
        assertTrue(AddressRange.parse("0.0.0.0/0").contains(ip("8.8.8.8")));
        assertTrue(AddressRange.parse("2001:db8::/32").contains(ip("2001:db8:1::5")));
        assertTrue(AddressRange.parse("[::1]").contains(ip("::1")));
        assertFalse(AddressRange.parse("::/0").contains(ip("127.0.0.1")), "an IPv6 block never holds an IPv4 address");
        assertEquals("10.1.0.0/16", AddressRange.parse("10.1.0.0/16").toString());
    }

    @Test
    void refusesHostNamesAndBadPrefixes() {
        for (String bad : new String[] {"bank0.example", "localhost", "10.0.0.0/33", "10.0.0.0/x", "", "1.2.3",
                "::1/129", "300.1.1.1"}) {
            assertThrows(IllegalArgumentException.class, () -> AddressRange.parse(bad), bad);
        }
    }

    @Test
    void pendingSlotsAreCappedPerAddressAndInAll() throws Exception {
        PendingConnections pending = new PendingConnections(2, 3);
        InetAddress stranger = ip("127.0.0.2");
        InetAddress member = ip("127.0.0.1");
        assertNull(pending.acquire(stranger));
        assertNull(pending.acquire(stranger));
        assertEquals(PendingConnections.Refusal.FROM_ADDRESS, pending.acquire(stranger));
        assertNull(pending.acquire(member));
        assertEquals(PendingConnections.Refusal.IN_ALL, pending.acquire(ip("127.0.0.3")));
        pending.release(stranger);
        assertEquals(1, pending.from(stranger));
        assertNull(pending.acquire(ip("127.0.0.3")));
        assertThrows(IllegalStateException.class, () -> pending.release(ip("127.0.0.9")));
    }
}
