package io.khata.net.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.crypto.KeyPair;
import io.khata.core.genesis.Genesis;
import io.khata.core.genesis.Member;
import io.khata.net.tls.ConsortiumCa;
import io.khata.net.tls.NodeCredentials;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransportConfigTest {
    private static final Instant NOW = Instant.now();
    private static final Instant TOMORROW = NOW.plus(Duration.ofDays(1));
    private static final ConsortiumCa CA = ConsortiumCa.create("Test", NOW.minusSeconds(60), TOMORROW);
    private static final NodeCredentials BANK_A = CA.issue("bank-a", NOW.minusSeconds(60), TOMORROW);

    @Test
    void parsesHostPortAndBracketedIpv6WithoutResolving() {
        InetSocketAddress named = TransportConfig.parseAddress("node-b.bank.example:26656");
        assertTrue(named.isUnresolved());
        assertEquals("node-b.bank.example", named.getHostString());
        assertEquals(26656, named.getPort());
        assertEquals("::1", TransportConfig.parseAddress("[::1]:7000").getHostString());
        for (String bad : List.of("no-port", ":7000", "host:", "host:x", "host:70000", "::1:7000")) {
            assertThrows(IllegalArgumentException.class, () -> TransportConfig.parseAddress(bad), bad);
        }
    }

    @Test
    void peersFromGenesisAreEveryOtherMember() {
        List<Member> members = List.of(
                member("bank-a", "127.0.0.1:7001"), member("bank-b", "127.0.0.1:7002"), member("bank-c", "host-c:7003"));
        Genesis genesis = new Genesis("chain", 0, members, "issuer@authority", CA.certificatePem(), List.of(), List.of(), 100);
        TransportConfig config = TransportConfig.builder(BANK_A, CA.certificate(), "chain", 1024)
                .peersFromGenesis(genesis)
                .build();
        assertEquals("bank-a", config.memberId());
        assertEquals(Map.of("bank-b", InetSocketAddress.createUnresolved("127.0.0.1", 7002),
                "bank-c", InetSocketAddress.createUnresolved("host-c", 7003)), config.peers());
        assertEquals(2 * 2 + 8, config.pendingConnectionsMax());
        assertEquals(1024 + 4 + 16L * 1024 * 1024, config.outboundBytesMax());
    }

    @Test
    void refusesBoundsThatCannotWork() {
        TransportConfig.Builder selfAsPeer = TransportConfig.builder(BANK_A, CA.certificate(), "chain", 1024)
                .peer("bank-a", new InetSocketAddress(1));
        assertThrows(IllegalArgumentException.class, selfAsPeer::build);
        TransportConfig.Builder queueTooSmall = TransportConfig.builder(BANK_A, CA.certificate(), "chain", 1024)
                .outboundBytesMax(1000);
        assertThrows(IllegalArgumentException.class, queueTooSmall::build);
        TransportConfig.Builder delaysInverted = TransportConfig.builder(BANK_A, CA.certificate(), "chain", 1024)
                .reconnectDelay(Duration.ofSeconds(2), Duration.ofSeconds(1));
        assertThrows(IllegalArgumentException.class, delaysInverted::build);
    }

    private static Member member(String id, String address) {
        byte[] seed = new byte[32];
        seed[0] = (byte) id.hashCode();
        return new Member(id, KeyPair.fromSeed(seed).publicKey(), 1, address);
    }
}
