package io.khata.net.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsortiumCaTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final ConsortiumCa CA = ConsortiumCa.create("Test Consortium", NOW.minus(Duration.ofDays(1)),
            NOW.plus(Duration.ofDays(3650)));

    @TempDir
    Path directory;

    @Test
    void rootIsASelfSignedCaCertificate() throws Exception {
        X509Certificate root = CA.certificate();
        assertEquals(root.getSubjectX500Principal(), root.getIssuerX500Principal());
        assertTrue(root.getBasicConstraints() >= 0);
        root.verify(root.getPublicKey());
        assertEquals("SHA256withECDSA", root.getSigAlgName());
    }

    @Test
    void nodeCertificateNamesItsMemberChainsToTheRootAndCarriesItsDates() throws Exception {
        Instant notAfter = NOW.plus(Duration.ofDays(90));
        NodeCredentials credentials = CA.issue("bank_a", NOW, notAfter);

        X509Certificate certificate = credentials.certificate();
        certificate.verify(CA.certificate().getPublicKey());
        assertEquals("bank_a", credentials.memberId());
        assertEquals(Optional.of("bank_a"), MemberCertificates.memberId(certificate));
        assertEquals(notAfter, credentials.notAfter());
        assertEquals(NOW, certificate.getNotBefore().toInstant());
        assertEquals(-1, certificate.getBasicConstraints(), "a node certificate is not a CA");
        assertTrue(certificate.getExtendedKeyUsage().containsAll(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2")),
                "usable as TLS server and client");
        assertEquals("EC", credentials.privateKey().getAlgorithm());
    }

    @Test
    void expiredCertificateCanBeIssuedForTestsAndFailsValidity() {
        NodeCredentials expired = CA.issue("bank-b", NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(1)));
        assertThrows(CertificateExpiredException.class, () -> expired.certificate().checkValidity());
    }

    @Test
    void refusesValidityThatEndsBeforeItStarts() {
        assertThrows(IllegalArgumentException.class, () -> CA.issue("bank-a", NOW, NOW.minusSeconds(1)));
    }

    @Test
    void certificateWhoseCommonNameAndAlternativeNameDisagreeNamesNoMember() throws Exception {
        X509Certificate mismatched = certificate("bank-a", MemberCertificates.memberUri("bank-b"));
        X509Certificate withoutUri = certificate("bank-a", null);

        assertEquals(Optional.empty(), MemberCertificates.memberId(mismatched));
        assertEquals(Optional.empty(), MemberCertificates.memberId(withoutUri));
        assertEquals(Optional.empty(), MemberCertificates.memberId(CA.certificate()));
    }

    @Test
    void pemRoundTripsKeysAndCertificates() {
        NodeCredentials credentials = CA.issue("bank-a", NOW, NOW.plus(Duration.ofDays(1)));

        String certificatePem = Pem.encodeCertificates(List.of(credentials.certificate(), CA.certificate()));
        assertEquals(List.of(credentials.certificate(), CA.certificate()), Pem.decodeCertificates(certificatePem));
        String keyPem = Pem.encodePrivateKey(credentials.privateKey());
        assertTrue(keyPem.startsWith("-----BEGIN PRIVATE KEY-----"));
        assertEquals(credentials.privateKey(), Pem.decodePrivateKey(keyPem));
    }

    @Test
    void pemRefusesWhatIsNotACertificateOrAKey() {
        String keyPem = Pem.encodePrivateKey(CA.issue("bank-a", NOW, NOW.plusSeconds(60)).privateKey());
        assertThrows(PemException.class, () -> Pem.decodeCertificates(keyPem));
        assertThrows(PemException.class, () -> Pem.decodeCertificates(""));
        assertThrows(PemException.class, () -> Pem.decodePrivateKey(CA.certificatePem()));
        String truncated = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assertThrows(PemException.class, () -> Pem.decodePrivateKey(truncated));
    }

    @Test
    void savedCredentialsLoadBackAndTheKeyFileIsOwnerOnly() throws IOException {
        NodeCredentials credentials = CA.issue("bank-a", NOW, NOW.plus(Duration.ofDays(1)));
        Path key = directory.resolve("node.key");
        Path chain = directory.resolve("node.crt");
        credentials.save(key, chain);

        NodeCredentials loaded = NodeCredentials.load(key, chain);
        assertEquals(credentials.privateKey(), loaded.privateKey());
        assertEquals(credentials.certificateChain(), loaded.certificateChain());
        if (Files.getFileStore(key).supportsFileAttributeView("posix")) {
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(key));
        }
        assertThrows(FileAlreadyExistsException.class, () -> credentials.save(key, chain), "never overwrites a key");
    }

    @Test
    void savedCaLoadsBackAndStillIssues() throws IOException {
        Path key = directory.resolve("ca.key");
        Path certificate = directory.resolve("ca.crt");
        CA.save(key, certificate);

        ConsortiumCa loaded = ConsortiumCa.load(key, certificate);
        assertEquals(CA.certificate(), loaded.certificate());
        NodeCredentials issued = loaded.issue("bank-c", NOW, NOW.plusSeconds(60));
        assertEquals("bank-c", issued.memberId());
    }

    @Test
    void toStringNeverShowsThePrivateKey() {
        NodeCredentials credentials = CA.issue("bank-a", NOW, NOW.plusSeconds(60));
        String encodedKey = Pem.encodePrivateKey(credentials.privateKey());
        String body = encodedKey.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
        assertFalse(credentials.toString().contains(body.substring(0, 16)));
        assertFalse(credentials.toString().contains("privateKey"));
        assertFalse(CA.toString().contains("privateKey"));
    }

    /** A certificate signed by the test CA with a hand-chosen common name and URI (null for none). */
    private static X509Certificate certificate(String commonName, String uri) throws Exception {
        KeyPair keys = ConsortiumCa.generateKeyPair();
        X500Name issuer = X500Name.getInstance(CA.certificate().getSubjectX500Principal().getEncoded());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.TEN,
                Date.from(NOW), Date.from(NOW.plusSeconds(60)), new X500Name("CN=" + commonName), keys.getPublic());
        if (uri != null) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri)));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(CA.privateKey())));
    }
}
