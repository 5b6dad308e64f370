package io.khata.net.api;

import io.khata.net.node.ApiAccess;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.util.List;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS and authentication of one API server, built from node.json's {@link ApiAccess}: the TLS
 * context (or none), the accepted bearer tokens, whether a verified client certificate
 * authenticates, and the dashboard's sessions.
 *
 * <p>{@link #checkExposure} is the start-up rule: an API that authenticates nobody may listen on
 * a loopback address only, unless the operator wrote {@code api_allow_unauthenticated: true}.
 * Refusing to start (rather than warning) is the choice here: a warning in a log nobody reads
 * leaves a ledger's every account and payment readable, and the demo and testnets, which listen
 * on 127.0.0.1, need no setting at all.
 */
public final class ApiSecurity {
    private static final Logger LOG = LoggerFactory.getLogger(ApiSecurity.class);

    private final SslContext tls;
    private final BearerTokens tokens;
    private final boolean clientCertificates;
    private final boolean allowUnauthenticated;
    private final Sessions sessions;

    ApiSecurity(SslContext tls, BearerTokens tokens, boolean clientCertificates, boolean allowUnauthenticated,
                Sessions sessions) {
        if (clientCertificates && tls == null) {
            throw new IllegalArgumentException("client certificates need TLS");
        }
        this.tls = tls;
        this.tokens = tokens;
        this.clientCertificates = clientCertificates;
        this.allowUnauthenticated = allowUnauthenticated;
        this.sessions = sessions;
    }

    /** Plain HTTP, no authentication: loopback only. */
    public static ApiSecurity none() {
        return new ApiSecurity(null, new BearerTokens(List.of()), false, false, Sessions.defaults());
    }

    /** Reads the certificate, key and client CA files {@code access} names; throws naming a file that cannot be used. */
    public static ApiSecurity from(ApiAccess access) {
        SslContext tls = null;
        if (access.tls()) {
            SslContextBuilder builder = SslContextBuilder.forServer(access.tlsCertificateFile().toFile(),
                    access.tlsKeyFile().toFile());
            if (access.clientCaFile() != null) {
                builder.trustManager(access.clientCaFile().toFile()).clientAuth(ClientAuth.OPTIONAL);
            }
            tls = build(builder, access);
        }
        return new ApiSecurity(tls, new BearerTokens(access.tokenSha256()), access.clientCaFile() != null,
                access.allowUnauthenticated(), Sessions.defaults());
    }

    private static SslContext build(SslContextBuilder builder, ApiAccess access) {
        try {
            return builder.sslProvider(SslProvider.JDK).protocols("TLSv1.3", "TLSv1.2").build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use the API's TLS files " + access.tlsCertificateFile() + ", "
                    + access.tlsKeyFile() + (access.clientCaFile() == null ? "" : ", " + access.clientCaFile())
                    + ": " + e.getMessage(), e);
        }
    }

    /** Whether any credential is asked of a client. */
    public boolean authenticates() {
        return !tokens.isEmpty() || clientCertificates;
    }

    /**
     * Refuses to serve on {@code address} without authentication unless it is a loopback address
     * or the operator allowed it; warns when credentials would cross the network in clear.
     */
    public void checkExposure(InetSocketAddress address) {
        boolean loopback = address.getAddress() != null && address.getAddress().isLoopbackAddress();
        if (loopback) {
            return;
        }
        if (!authenticates() && !allowUnauthenticated) {
            throw new IllegalArgumentException("the HTTP API would listen on " + address + ", which is not a loopback"
                    + " address, without authentication: anyone who reaches it could read every account and submit"
                    + " transactions. Set api_token_sha256 or api_client_ca_file in node.json (README, \"Securing the"
                    + " HTTP API\"), listen on 127.0.0.1, or set api_allow_unauthenticated: true");
        }
        if (!authenticates()) {
            LOG.warn("the HTTP API listens on {} WITHOUT authentication (api_allow_unauthenticated): anyone who"
                    + " reaches it can read every account and submit transactions", address);
        } else if (tls == null) {
            LOG.warn("the HTTP API listens on {} with bearer tokens but without TLS: tokens and session cookies cross"
                    + " the network in clear; set api_tls_cert_file and api_tls_key_file", address);
        }
    }

    SslContext tls() {
        return tls;
    }

    BearerTokens tokens() {
        return tokens;
    }

    boolean clientCertificates() {
        return clientCertificates;
    }

    Sessions sessions() {
        return sessions;
    }
}
