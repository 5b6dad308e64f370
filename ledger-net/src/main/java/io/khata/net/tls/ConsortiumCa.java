package io.khata.net.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
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
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The consortium's root certificate authority for TLS: it issues each member's node
 * certificate, and every node trusts this root and nothing else.
 *
 * <p>Keys are ECDSA on P-256 and certificates are signed with SHA256withECDSA. That is what
 * the JDK's TLS 1.3 implementation supports for mutual authentication on every JDK 17;
 * Ed25519 certificates are not offered by its TLS stack there. (Validators still sign
 * ledger messages with Ed25519; the TLS key only authenticates connections.)
 *
 * <p>A node certificate names its member as described in {@link MemberCertificates}, may be
 * used for both TLS server and client authentication (each node accepts and dials), and
 * carries explicit validity dates: an expired certificate fails every handshake, so
 * {@link NodeCredentials#notAfter()} is what operators watch.
 */
public final class ConsortiumCa {
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PrivateKey privateKey;
    private final X509Certificate certificate;

    public ConsortiumCa(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("not a CA certificate: " + certificate.getSubjectX500Principal());
        }
    }

    /** A new root with a fresh P-256 key, self-signed, valid from {@code notBefore} to {@code notAfter}. */
    public static ConsortiumCa create(String consortiumName, Instant notBefore, Instant notAfter) {
        KeyPair keys = generateKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, consortiumName + " root CA")
                .addRDN(BCStyle.O, consortiumName)
                .build();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject, serialNumber(), Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return new ConsortiumCa(keys.getPrivate(), sign(builder, keys.getPrivate()));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build the root certificate", e);
        }
    }

    public static ConsortiumCa load(Path privateKeyFile, Path certificateFile) throws IOException {
        List<X509Certificate> certificates = Pem.readCertificates(certificateFile);
        if (certificates.size() != 1) {
            throw new PemException(
                    certificateFile + ": expected the root certificate alone, found " + certificates.size());
        }
        return new ConsortiumCa(Pem.readPrivateKey(privateKeyFile), certificates.get(0));
    }

    /** Writes the root key (owner-only, refusing to overwrite) and certificate. */
    public void save(Path privateKeyFile, Path certificateFile) throws IOException {
        Pem.writePrivateKey(privateKeyFile, privateKey);
        Pem.writeCertificates(certificateFile, List.of(certificate));
    }

    /** The root certificate, as genesis carries it ({@code root_ca_pem}). */
    public X509Certificate certificate() {
        return certificate;
    }

    /** Package-private: the root key leaves this class only through {@link #save}. */
    PrivateKey privateKey() {
        return privateKey;
    }

    public String certificatePem() {
        return Pem.encodeCertificate(certificate);
    }

    /** Generates a P-256 key pair for {@code memberId} and certifies it. */
    public NodeCredentials issue(String memberId, Instant notBefore, Instant notAfter) {
        KeyPair keys = generateKeyPair();
        X509Certificate certificate = certify(memberId, keys.getPublic(), notBefore, notAfter);
        return new NodeCredentials(keys.getPrivate(), List.of(certificate));
    }

    /**
     * Generates a P-256 key pair for the observer node {@code observerName} that member
     * {@code owningMember} runs, and certifies it as such (see {@link PeerIdentity}).
     */
    public NodeCredentials issueObserver(String owningMember, String observerName, Instant notBefore, Instant notAfter) {
        KeyPair keys = generateKeyPair();
        X509Certificate certificate = certifyObserver(owningMember, observerName, keys.getPublic(), notBefore, notAfter);
        return new NodeCredentials(keys.getPrivate(), List.of(certificate));
    }

    /**
     * Certifies a public key that the member generated itself (so its private key never leaves
     * the bank). The certificate names {@code memberId} in its common name and as the URI
     * {@code urn:khata:member:<memberId>}.
     */
    public X509Certificate certify(String memberId, PublicKey nodeKey, Instant notBefore, Instant notAfter) {
        return certify(memberId, MemberCertificates.memberUri(memberId), nodeKey, notBefore, notAfter);
    }

    /**
     * Certifies an observer node's key: the common name is the observer's name and the URI
     * {@code urn:khata:observer:<owningMember>:<observerName>} names its role and its bank.
     */
    public X509Certificate certifyObserver(String owningMember, String observerName, PublicKey nodeKey,
                                           Instant notBefore, Instant notAfter) {
        PeerIdentity.observer(owningMember, observerName); // refuses names the URI could not carry
        return certify(observerName, PeerIdentity.observerUri(owningMember, observerName), nodeKey, notBefore, notAfter);
    }

    private X509Certificate certify(String commonName, String uri, PublicKey nodeKey, Instant notBefore,
                                    Instant notAfter) {
        if (!notBefore.isBefore(notAfter)) {
            throw new IllegalArgumentException("notBefore " + notBefore + " is not before notAfter " + notAfter);
        }
        X500Name issuer = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuer, serialNumber(), Date.from(notBefore), Date.from(notAfter), subject, nodeKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(
                            GeneralName.uniformResourceIdentifier, uri)))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(nodeKey))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(certificate));
            return sign(builder, privateKey);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build the certificate of " + commonName, e);
        }
    }

    /** A fresh ECDSA P-256 key pair, the kind every Khata TLS certificate holds. */
    public static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no P-256 key pair generator", e);
        }
    }

    /** Leaves the private key out. */
    @Override
    public String toString() {
        return "ConsortiumCa[" + certificate.getSubjectX500Principal()
                + ", notAfter=" + certificate.getNotAfter().toInstant() + "]";
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws CertificateException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(key);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with " + SIGNATURE_ALGORITHM, e);
        }
    }

    /** 127 random bits: positive, unique in practice, and within RFC 5280's 20 octets. */
    private static BigInteger serialNumber() {
        return new BigInteger(127, RANDOM).setBit(0);
    }
}
