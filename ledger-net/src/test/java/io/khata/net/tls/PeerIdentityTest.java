package io.khata.net.tls;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
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

/**
 * How a certificate names an observer and its bank, and what may not pass for what: a member's
 * certificate that also claims to be an observer (of its own bank or another) names nobody, an
 * observer's cannot pass for a member, and the trust manager accepts an observer only of a bank
 * it was told to accept observers of.
 */
class PeerIdentityTest {
    private static final Instant NOW = Instant.now();
    private static final ConsortiumCa CA = ConsortiumCa.create("Test", NOW.minus(Duration.ofDays(1)),
            NOW.plus(Duration.ofDays(30)));

    @Test
    void anObserverCertificateNamesItsRoleAndItsBankAndNoMember() {
        X509Certificate certificate = CA.issueObserver("bank1", "backend-1", NOW.minus(Duration.ofHours(1)),
                NOW.plus(Duration.ofDays(1))).certificate();
        PeerIdentity identity = PeerIdentity.of(certificate).orElseThrow();
        assertEquals(PeerIdentity.Role.OBSERVER, identity.role());
        assertEquals("bank1", identity.member());
        assertEquals("backend-1", identity.name());
        assertEquals("observer:bank1:backend-1", identity.key());
        assertTrue(PeerIdentity.isObserverKey(identity.key()));
        assertEquals(Optional.empty(), MemberCertificates.memberId(certificate), "an observer is not a member");
    }

    @Test
    void aMemberCertificateNamesItsMember() {
        X509Certificate certificate = CA.issue("bank1", NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1)))
                .certificate();
        assertEquals(PeerIdentity.member("bank1"), PeerIdentity.of(certificate).orElseThrow());
        assertFalse(PeerIdentity.isObserverKey("bank1"));
    }

    @Test
    void aCertificateClaimingTwoRolesOrAMismatchedNameNamesNobody() throws Exception {
        // A validator's certificate that also claims to be bank2's observer.
        X509Certificate both = certificate("bank1", List.of(MemberCertificates.memberUri("bank1"),
                PeerIdentity.observerUri("bank2", "bank1")));
        assertEquals(Optional.empty(), PeerIdentity.of(both));
        assertEquals(Optional.empty(), MemberCertificates.memberId(both));
        // Its own bank's observer too: one certificate, one role.
        assertEquals(Optional.empty(), PeerIdentity.of(certificate("bank1",
                List.of(MemberCertificates.memberUri("bank1"), PeerIdentity.observerUri("bank1", "bank1")))));
        // Two observer names, a common name that is not the observer's, a URI without a name.
        assertEquals(Optional.empty(), PeerIdentity.of(certificate("obs", List.of(PeerIdentity.observerUri("bank1", "obs"),
                PeerIdentity.observerUri("bank2", "obs")))));
        assertEquals(Optional.empty(), PeerIdentity.of(certificate("bank1", List.of(PeerIdentity.observerUri("bank1", "obs")))));
        assertEquals(Optional.empty(), PeerIdentity.of(certificate("obs", List.of("urn:khata:observer:bank1"))));
        assertEquals(Optional.empty(), PeerIdentity.of(certificate("Obs", List.of("urn:khata:observer:bank1:Obs"))));
        assertThrows(IllegalArgumentException.class, () -> PeerIdentity.observer("bank:1", "obs"));
    }

    @Test
    void theTrustManagerAcceptsObserversOnlyOfTheBanksItIsToldToAccept() throws Exception {
        X509Certificate ofBank1 = CA.issueObserver("bank1", "obs", NOW.minus(Duration.ofHours(1)),
                NOW.plus(Duration.ofDays(1))).certificate();
        X509Certificate ofBank9 = CA.issueObserver("bank9", "obs", NOW.minus(Duration.ofHours(1)),
                NOW.plus(Duration.ofDays(1))).certificate();
        MemberTrustManager accepting = new MemberTrustManager(CA.certificate(), Set.of("bank1", "bank2"),
                Set.of("bank0", "bank1", "bank2"));
        assertDoesNotThrow(() -> accepting.checkClientTrusted(new X509Certificate[] {ofBank1}, "ECDHE_ECDSA"));
        assertThrows(CertificateException.class,
                () -> accepting.checkClientTrusted(new X509Certificate[] {ofBank9}, "ECDHE_ECDSA"));
        MemberTrustManager membersOnly = new MemberTrustManager(CA.certificate(), Set.of("bank1", "bank2"));
        assertThrows(CertificateException.class,
                () -> membersOnly.checkClientTrusted(new X509Certificate[] {ofBank1}, "ECDHE_ECDSA"));
    }

    /** A certificate the test CA signs with a hand-chosen common name and URIs. */
    private static X509Certificate certificate(String commonName, List<String> uris) throws Exception {
        KeyPair keys = ConsortiumCa.generateKeyPair();
        X500Name issuer = X500Name.getInstance(CA.certificate().getSubjectX500Principal().getEncoded());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.TEN,
                Date.from(NOW.minusSeconds(60)), Date.from(NOW.plusSeconds(600)), new X500Name("CN=" + commonName),
                keys.getPublic());
        GeneralName[] names = uris.stream()
                .map(uri -> new GeneralName(GeneralName.uniformResourceIdentifier, uri)).toArray(GeneralName[]::new);
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(CA.privateKey())));
    }
}
