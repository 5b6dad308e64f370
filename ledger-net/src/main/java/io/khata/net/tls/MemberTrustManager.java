package io.khata.net.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a peer certificate only if the JDK's PKIX validation accepts it against the
 * consortium root alone (chain, signatures, validity dates, key usages) and it names one of
 * the accepted members. Both checks run inside the handshake, so a refused peer never gets
 * as far as an application byte.
 */
final class MemberTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager pkix;
    private final X509Certificate root;
    private final Set<String> acceptedMembers;

    MemberTrustManager(X509Certificate root, Set<String> acceptedMembers) {
        this.pkix = pkixTrusting(root);
        this.root = root;
        this.acceptedMembers = Set.copyOf(acceptedMembers);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        pkix.checkClientTrusted(chain, authType, engine);
        requireMember(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        pkix.checkServerTrusted(chain, authType, engine);
        requireMember(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        pkix.checkClientTrusted(chain, authType, socket);
        requireMember(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        pkix.checkServerTrusted(chain, authType, socket);
        requireMember(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkClientTrusted(chain, authType);
        requireMember(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkServerTrusted(chain, authType);
        requireMember(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[] {root};
    }

    private void requireMember(X509Certificate[] chain) throws CertificateException {
        Optional<String> member = MemberCertificates.memberId(chain[0]);
        if (member.isEmpty()) {
            throw new CertificateException("the certificate names no member: " + chain[0].getSubjectX500Principal());
        }
        if (!acceptedMembers.contains(member.get())) {
            throw new CertificateException("'" + member.get() + "' is not a member this node accepts");
        }
    }

    private static X509ExtendedTrustManager pkixTrusting(X509Certificate root) {
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            anchors.setCertificateEntry("consortium-root", root);
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(anchors);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    return extended;
                }
            }
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a PKIX trust manager", e);
        }
        throw new IllegalStateException("the JDK's PKIX trust manager factory returned no X509ExtendedTrustManager");
    }
}
