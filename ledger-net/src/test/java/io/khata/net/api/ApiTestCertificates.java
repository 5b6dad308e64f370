package io.khata.net.api;

import io.khata.net.tls.Pem;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away {@link ApiCertificates} CA for the API's TLS tests: a server certificate for
 * 127.0.0.1 and localhost (the JDK client checks the host name, as browsers do), client
 * certificates, and client TLS contexts that trust it.
 */
public final class ApiTestCertificates {
    private final ApiCertificates ca;

    public ApiTestCertificates(String name) {
        ca = ApiCertificates.create(name, Duration.ofDays(1));
    }

    public X509Certificate certificate() {
        return ca.certificate();
    }

    /** Writes this CA's certificate to {@code file}. */
    public Path writeCa(Path file) throws Exception {
        ca.writeCertificate(file);
        return file;
    }

    /** A server certificate for 127.0.0.1 and localhost, written as {@code dir/<leaf>.crt} and {@code dir/<leaf>.key}. */
    public Path[] issue(String leaf, Path dir) throws Exception {
        Path[] files = {dir.resolve(leaf + ".crt"), dir.resolve(leaf + ".key")};
        ca.writeServer(List.of("127.0.0.1", "localhost"), files[0], files[1]);
        return files;
    }

    /** A client certificate named {@code leaf}, written as {@code dir/<leaf>.crt} and {@code dir/<leaf>.key}. */
    public Path[] issueClient(String leaf, Path dir) throws Exception {
        Path[] files = {dir.resolve(leaf + ".crt"), dir.resolve(leaf + ".key")};
        ca.writeClient(leaf, files[0], files[1]);
        return files;
    }

    /** A client TLS context that trusts {@code trusted} and, if {@code clientCrt} is given, presents that certificate. */
    public static SSLContext clientContext(X509Certificate trusted, Path clientCrt, Path clientKey) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", trusted);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = null;
        if (clientCrt != null) {
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            PrivateKey key = Pem.readPrivateKey(clientKey);
            identity.setKeyEntry("client", key, new char[0], Pem.readCertificates(clientCrt).toArray(new X509Certificate[0]));
            keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(identity, new char[0]);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers == null ? null : new javax.net.ssl.KeyManager[] {
                new Presenting((javax.net.ssl.X509ExtendedKeyManager) keyManagers.getKeyManagers()[0])},
                trustManagers.getTrustManagers(), null);
        return context;
    }

    /**
     * Presents its one certificate whatever CAs the server names, as a hostile client would: the
     * JDK's own key manager would quietly send none when the server does not name its issuer.
     */
    private static final class Presenting extends javax.net.ssl.X509ExtendedKeyManager {
        private final javax.net.ssl.X509ExtendedKeyManager keys;

        Presenting(javax.net.ssl.X509ExtendedKeyManager keys) {
            this.keys = keys;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) {
            return "client";
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, java.security.Principal[] issuers, java.net.Socket socket) {
            return "client";
        }

        @Override
        public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
            return new String[] {"client"};
        }

        @Override
        public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }

}
