package io.khata.net.api;

import io.khata.net.tls.ConsortiumCa;
import io.khata.net.tls.Pem;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away CA for the API's TLS tests: it issues a server certificate for 127.0.0.1 and
 * localhost (the JDK client checks the host name, as browsers do) and client certificates, and
 * writes them as the PEM files node.json names.
 */
final class ApiTestCertificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final KeyPair keys = ConsortiumCa.generateKeyPair();
    private final X509Certificate certificate;

    ApiTestCertificates(String name) throws Exception {
        this.name = name;
        X500Name subject = new X500Name("CN=" + name);
        Instant now = Instant.now();
        certificate = sign(new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(RANDOM.nextInt(1 << 30) + 1L),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true)));
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** Writes this CA's certificate to {@code file}. */
    Path writeCa(Path file) throws Exception {
        Pem.writeCertificates(file, List.of(certificate));
        return file;
    }

    /** A leaf certificate for 127.0.0.1 and localhost, written as {@code dir/<leaf>.crt} and {@code dir/<leaf>.key}. */
    Path[] issue(String leaf, Path dir) throws Exception {
        KeyPair leafKeys = ConsortiumCa.generateKeyPair();
        Instant now = Instant.now();
        X509Certificate issued = sign(new JcaX509v3CertificateBuilder(new X500Name("CN=" + name),
                BigInteger.valueOf(RANDOM.nextInt(1 << 30) + 1L), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=" + leaf), leafKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")})));
        Path crt = dir.resolve(leaf + ".crt");
        Path key = dir.resolve(leaf + ".key");
        Pem.writeCertificates(crt, List.of(issued, certificate));
        Pem.writePrivateKey(key, leafKeys.getPrivate());
        return new Path[] {crt, key};
    }

    /** A client TLS context that trusts {@code trusted} and, if {@code clientCrt} is given, presents that certificate. */
    static SSLContext clientContext(X509Certificate trusted, Path clientCrt, Path clientKey) throws Exception {
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

    private X509Certificate sign(org.bouncycastle.cert.X509v3CertificateBuilder builder) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }
}
