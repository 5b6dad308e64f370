package io.khata.net.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * The Netty TLS contexts a node listens and dials with: TLS 1.3 only, the JDK's provider
 * (no native library to ship), mutual authentication required, and trust in the consortium
 * root alone. A peer certificate is refused during the handshake unless it chains to the
 * root, is within its validity dates, and names an accepted member, that is, any genesis
 * member other than this node itself.
 *
 * <p>Hostname verification is switched off on purpose: nodes identify each other by the
 * member id in the certificate, not by host name, and the dialer checks that the member it
 * reached is the one it meant to dial. A client handler should be created without a peer
 * host and port, so that the JDK never resumes a session: every connection then validates
 * the peer's certificate afresh, including its expiry.
 */
public final class TlsContexts {
    public static final String PROTOCOL = "TLSv1.3";
    /** The TLS 1.3 suites of the JDK, AES-GCM first (hardware-accelerated where the CPU has it). */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    private TlsContexts() {
    }

    /** The context a node accepts peers with. {@code members} is the genesis member list, self included or not. */
    public static SslContext server(NodeCredentials self, X509Certificate root, Set<String> members) {
        return server(self, root, members, Set.of());
    }

    /**
     * The context a node accepts peers with, accepting as well the observer certificates of the
     * members in {@code observerOwners} (empty: no observer gets past the handshake).
     */
    public static SslContext server(NodeCredentials self, X509Certificate root, Set<String> members,
                                    Set<String> observerOwners) {
        SslContextBuilder builder = SslContextBuilder.forServer(new SingleIdentityKeyManager(self))
                .clientAuth(ClientAuth.REQUIRE);
        return build(builder, self, root, members, observerOwners);
    }

    /** The context a node dials peers with. */
    public static SslContext client(NodeCredentials self, X509Certificate root, Set<String> members) {
        SslContextBuilder builder = SslContextBuilder.forClient()
                .keyManager(new SingleIdentityKeyManager(self))
                .endpointIdentificationAlgorithm(null);
        return build(builder, self, root, members, Set.of());
    }

    private static SslContext build(SslContextBuilder builder, NodeCredentials self, X509Certificate root,
                                    Set<String> members, Set<String> observerOwners) {
        Set<String> accepted = new HashSet<>(members);
        MemberCertificates.memberId(self.certificate()).ifPresent(accepted::remove);
        builder.sslProvider(SslProvider.JDK)
                .protocols(PROTOCOL)
                .ciphers(CIPHER_SUITES)
                .trustManager(new MemberTrustManager(root, accepted, observerOwners));
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build a TLS context", e);
        }
    }
}
