package io.khata.net.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * How a node certificate names its member. The subject has exactly one common name, the
 * member id, and the subject alternative names hold the URI {@code urn:khata:member:<id>}
 * for the same id. A URI is used rather than a DNS name because member ids may contain
 * {@code _}, which the JDK refuses in a DNS name. A certificate whose two names are missing
 * or disagree names no member, and so does a certificate that also carries an observer URI
 * (see {@link PeerIdentity}): one certificate never holds two roles.
 */
public final class MemberCertificates {
    /** The prefix of the subject alternative name URI that carries the member id. */
    public static final String MEMBER_URI_PREFIX = "urn:khata:member:";

    private static final int SAN_URI = 6;

    private MemberCertificates() {
    }

    public static String memberUri(String memberId) {
        return MEMBER_URI_PREFIX + memberId;
    }

    /** The member id {@code certificate} names, or empty if it names none (or names it inconsistently). */
    public static Optional<String> memberId(X509Certificate certificate) {
        String commonName = commonName(certificate);
        if (commonName == null || commonName.isEmpty()) {
            return Optional.empty();
        }
        List<String> uris = alternativeNameUris(certificate);
        if (uris.stream().anyMatch(uri -> uri.startsWith(PeerIdentity.OBSERVER_URI_PREFIX))) {
            return Optional.empty();
        }
        return uris.contains(memberUri(commonName))
                ? Optional.of(commonName)
                : Optional.empty();
    }

    /** True if {@code certificate} carries any {@code urn:khata:member:} URI. */
    static boolean hasMemberUri(X509Certificate certificate) {
        return alternativeNameUris(certificate).stream().anyMatch(uri -> uri.startsWith(MEMBER_URI_PREFIX));
    }

    /** The subject's one common name, or null when it has none or several. */
    static String commonName(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] names = subject.getRDNs(BCStyle.CN);
        if (names.length != 1 || names[0].isMultiValued()) {
            return null;
        }
        ASN1Encodable value = names[0].getFirst().getValue();
        return value instanceof ASN1String string ? string.getString() : null;
    }

    static List<String> alternativeNameUris(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        if (names == null) {
            return List.of();
        }
        return names.stream()
                .filter(name -> name.size() == 2 && Integer.valueOf(SAN_URI).equals(name.get(0)))
                .map(name -> String.valueOf(name.get(1)))
                .toList();
    }
}
