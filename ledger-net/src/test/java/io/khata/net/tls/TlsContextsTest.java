package io.khata.net.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Handshakes between two in-memory SSLEngines, so each trust decision is tested without sockets. */
class TlsContextsTest {
    private static final Instant NOW = Instant.now();
    private static final Set<String> MEMBERS = Set.of("bank-a", "bank-b", "bank-c");
    private static final ConsortiumCa CA = ConsortiumCa.create("Test", NOW.minus(Duration.ofDays(1)),
            NOW.plus(Duration.ofDays(365)));
    private static final ConsortiumCa OTHER_CA = ConsortiumCa.create("Other", NOW.minus(Duration.ofDays(1)),
            NOW.plus(Duration.ofDays(365)));
    private static final NodeCredentials BANK_A = valid(CA, "bank-a");
    private static final NodeCredentials BANK_B = valid(CA, "bank-b");

    @Test
    void membersOfOneConsortiumAuthenticateEachOther() throws Exception {
        Outcome outcome = handshake(BANK_B, BANK_A);

        assertNull(outcome.clientFailure);
        assertNull(outcome.serverFailure);
        assertEquals("TLSv1.3", outcome.server.getSession().getProtocol());
        assertEquals("bank-b", memberOf(outcome.server.getSession().getPeerCertificates()[0]));
        assertEquals("bank-a", memberOf(outcome.client.getSession().getPeerCertificates()[0]));
    }

    @Test
    void serverRefusesAClientOfAnotherCa() {
        assertServerRefuses(valid(OTHER_CA, "bank-b"));
    }

    @Test
    void serverRefusesAnExpiredClient() {
        assertServerRefuses(CA.issue("bank-b", NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1))));
    }

    @Test
    void serverRefusesAClientNotYetValid() {
        assertServerRefuses(CA.issue("bank-b", NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(2))));
    }

    @Test
    void serverRefusesAClientNamingNoMember() {
        assertServerRefuses(valid(CA, "mallory"));
    }

    @Test
    void nodeRefusesAPeerPresentingItsOwnIdentity() {
        Outcome outcome = handshake(valid(CA, "bank-a"), BANK_A);
        assertInstanceOf(SSLHandshakeException.class, outcome.clientFailure, "bank-a does not accept bank-a");
    }

    @Test
    void clientRefusesAServerOfAnotherCa() throws Exception {
        Outcome outcome = handshake(BANK_B, valid(OTHER_CA, "bank-a"));
        assertInstanceOf(SSLHandshakeException.class, outcome.clientFailure);
    }

    private static void assertServerRefuses(NodeCredentials client) {
        Outcome outcome = handshake(client, BANK_A);
        assertNotNull(outcome.serverFailure, "the server must refuse");
        assertInstanceOf(SSLHandshakeException.class, outcome.serverFailure);
        assertTrue(outcome.server.getHandshakeSession() == null || outcome.server.isInboundDone()
                || outcome.server.isOutboundDone(), "the server engine is finished");
    }

    private static String memberOf(java.security.cert.Certificate certificate) {
        return MemberCertificates.memberId((X509Certificate) certificate).orElseThrow();
    }

    private static NodeCredentials valid(ConsortiumCa ca, String member) {
        return ca.issue(member, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(30)));
    }

    private record Outcome(SSLEngine client, SSLEngine server, Exception clientFailure, Exception serverFailure) {
    }

    /** Runs a handshake to completion or until one side throws; each side trusts CA (the consortium root). */
    private static Outcome handshake(NodeCredentials clientCredentials, NodeCredentials serverCredentials) {
        SslContext clientContext = TlsContexts.client(clientCredentials, CA.certificate(), MEMBERS);
        SslContext serverContext = TlsContexts.server(serverCredentials, CA.certificate(), MEMBERS);
        SSLEngine client = clientContext.newEngine(ByteBufAllocator.DEFAULT);
        SSLEngine server = serverContext.newEngine(ByteBufAllocator.DEFAULT);
        try {
            client.beginHandshake();
            server.beginHandshake();
        } catch (SSLException e) {
            throw new AssertionError(e);
        }
        ByteBuffer clientToServer = ByteBuffer.allocate(1 << 17);
        ByteBuffer serverToClient = ByteBuffer.allocate(1 << 17);
        Exception clientFailure = null;
        Exception serverFailure = null;
        for (int step = 0; step < 200; step++) {
            if (clientFailure == null) {
                clientFailure = step(client, serverToClient, clientToServer);
            }
            if (serverFailure == null) {
                serverFailure = step(server, clientToServer, serverToClient);
            }
            boolean settled = (clientFailure != null || idle(client)) && (serverFailure != null || idle(server));
            if (settled && clientToServer.position() == 0 && serverToClient.position() == 0) {
                break;
            }
        }
        return new Outcome(client, server, clientFailure, serverFailure);
    }

    private static boolean idle(SSLEngine engine) {
        return engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING;
    }

    /** One move of {@code engine}: read what arrived, run delegated tasks, write what it must; the failure if any. */
    private static Exception step(SSLEngine engine, ByteBuffer incoming, ByteBuffer outgoing) {
        ByteBuffer application = ByteBuffer.allocate(1 << 17);
        try {
            incoming.flip();
            while (incoming.hasRemaining()) {
                int before = incoming.remaining();
                engine.unwrap(incoming, application);
                runTasks(engine);
                if (incoming.remaining() == before) {
                    break;
                }
            }
            incoming.compact();
            while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                engine.wrap(ByteBuffer.allocate(0), outgoing);
                runTasks(engine);
            }
            return null;
        } catch (SSLException e) {
            return e;
        }
    }

    private static void runTasks(SSLEngine engine) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }
}
