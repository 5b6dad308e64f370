package io.khata.net.node;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How a node's HTTP API is secured, as node.json states it (README, "Securing the HTTP API"):
 * plain data, checked for consistency here and turned into TLS contexts and credential checks by
 * the API itself. The default, {@link #OPEN}, is plain HTTP without authentication, which the API
 * accepts on a loopback address only unless {@code allowUnauthenticated} says otherwise.
 *
 * @param tlsCertificateFile   PEM certificate chain the API presents, or null for plain HTTP
 * @param tlsKeyFile           PEM (PKCS#8) private key of that certificate, or null
 * @param clientCaFile         PEM certificate(s) of the CA whose client certificates authenticate a
 *                             request, or null; needs TLS
 * @param tokenSha256          SHA-256 of each accepted bearer token, lowercase hex: the node never
 *                             holds a token itself, so its configuration leaks none
 * @param allowUnauthenticated serve without authentication on an address other than loopback
 */
public record ApiAccess(Path tlsCertificateFile, Path tlsKeyFile, Path clientCaFile, List<String> tokenSha256,
                        boolean allowUnauthenticated) {
    public static final ApiAccess OPEN = new ApiAccess(null, null, null, List.of(), false);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public ApiAccess {
        tokenSha256 = List.copyOf(tokenSha256);
        if ((tlsCertificateFile == null) != (tlsKeyFile == null)) {
            throw new IllegalArgumentException("api_tls_cert_file and api_tls_key_file go together: give both or neither");
        }
        if (clientCaFile != null && tlsCertificateFile == null) {
            throw new IllegalArgumentException("api_client_ca_file needs TLS on the API (api_tls_cert_file, api_tls_key_file)");
        }
        for (int i = 0; i < tokenSha256.size(); i++) {
            if (!SHA256_HEX.matcher(tokenSha256.get(i)).matches()) {
                throw new IllegalArgumentException("api_token_sha256[" + i + "] is not 64 lowercase hex characters"
                        + " (the SHA-256 of a token, never the token itself)");
            }
        }
    }

    public boolean tls() {
        return tlsCertificateFile != null;
    }

    /** Whether any credential is asked of a client: a bearer token or a client certificate. */
    public boolean authenticates() {
        return !tokenSha256.isEmpty() || clientCaFile != null;
    }
}
