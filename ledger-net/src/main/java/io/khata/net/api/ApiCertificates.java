package io.khata.net.api;

import io.khata.net.tls.ConsortiumCa;
import io.khata.net.tls.Pem;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small private CA for a node's HTTP API, for a bank that has no PKI of its own at hand (a
 * bank that has one uses it instead): it certifies the API's server key for the host names and
 * addresses clients use (HTTPS clients and browsers check them, unlike the p2p mesh, which checks
 * member ids) and client keys for {@code api_client_ca_file}. Kept apart from the consortium CA on
 * purpose: an API certificate names hosts, not members, and a peer node's certificate must not
 * open another bank's API. Keys are ECDSA P-256, as the mesh's.
 */
public final class ApiCertificates {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern IP_ADDRESS = Pattern.compile("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*");

    private final KeyPair keys;
    private final X509Certificate certificate;
    private final Duration validity;

    private ApiCertificates(KeyPair keys, X509Certificate certificate, Duration validity) {
        this.keys = keys;
        this.certificate = certificate;
        this.validity = validity;
    }

    /** A new CA named {@code name}, whose certificates are valid for {@code validity} from an hour ago. */
    public static ApiCertificates create(String name, Duration validity) {
        KeyPair keys = ConsortiumCa.generateKeyPair();
        X500Name subject = new X500Name("CN=" + name);
        X509v3CertificateBuilder builder = builder(subject, subject, keys, validity);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
        return new ApiCertificates(keys, sign(builder, keys), validity);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Writes the CA's certificate, the file clients trust ({@code khata --api-ca-file}). */
    public void writeCertificate(Path file) throws IOException {
        Pem.writeCertificates(file, List.of(certificate));
    }

    /**
     * Certifies a new key for the API server reachable at {@code hosts} (DNS names or IP
     * addresses) and writes the chain and key where node.json's {@code api_tls_cert_file} and
     * {@code api_tls_key_file} name them; the key file is owner-only and never overwritten.
     */
    public void writeServer(List<String> hosts, Path certificateFile, Path keyFile) throws IOException {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one host name or address");
        }
        List<GeneralName> names = new ArrayList<>();
        for (String host : hosts) {
            names.add(IP_ADDRESS.matcher(host).matches() ? new GeneralName(GeneralName.iPAddress, ipAddress(host))
                    : new GeneralName(GeneralName.dNSName, host));
        }
        write(hosts.get(0), new GeneralNames(names.toArray(new GeneralName[0])), KeyPurposeId.id_kp_serverAuth,
                certificateFile, keyFile);
    }

    /** Certifies a new client key named {@code name}, for a node whose {@code api_client_ca_file} is this CA. */
    public void writeClient(String name, Path certificateFile, Path keyFile) throws IOException {
        write(name, null, KeyPurposeId.id_kp_clientAuth, certificateFile, keyFile);
    }

    private void write(String commonName, GeneralNames alternativeNames, KeyPurposeId purpose, Path certificateFile,
                       Path keyFile) throws IOException {
        KeyPair leaf = ConsortiumCa.generateKeyPair();
        X509v3CertificateBuilder builder = builder(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                new X500Name("CN=" + commonName), leaf, validity);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            if (alternativeNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
            }
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
        Pem.writePrivateKey(keyFile, leaf.getPrivate());
        Pem.writeCertificates(certificateFile, List.of(sign(builder, keys), certificate));
    }

    private static String ipAddress(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + host);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKeys,
                                                    Duration validity) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM).setBit(0),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject, subjectKeys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a certificate", e);
        }
    }
}
