package io.khata.net.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents the node's one identity in every handshake, as server and as client. The JDK's
 * default key manager filters client certificates by the issuers the server asks for; a node
 * has exactly one certificate, so it sends it and lets the peer decide.
 */
final class SingleIdentityKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "node";

    private final PrivateKey privateKey;
    private final X509Certificate[] chain;

    SingleIdentityKeyManager(NodeCredentials credentials) {
        this.privateKey = credentials.privateKey();
        this.chain = credentials.certificateChain().toArray(new X509Certificate[0]);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyTypes);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(new String[] {keyType});
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return aliasFor(keyTypes);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(new String[] {keyType});
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[] {ALIAS};
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return new String[] {ALIAS};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? privateKey : null;
    }

    /** The alias if the handshake asks for a key of this key's algorithm ("EC"), else null (no certificate). */
    private String aliasFor(String[] keyTypes) {
        if (keyTypes == null) {
            return null;
        }
        String algorithm = privateKey.getAlgorithm();
        return Arrays.asList(keyTypes).contains(algorithm) ? ALIAS : null;
    }
}
