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
 * the accepted members, or is an observer certificate (see {@link PeerIdentity}) of one of the
 * members whose observers are accepted (a server context of a node with observer slots; never a
 * client context: a node dials members only). Both checks run inside the handshake, so a refused
 * peer never gets as far as an application byte.
 */
final class MemberTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager pkix;
    private final X509Certificate root;
    private final Set<String> acceptedMembers;
    private final Set<String> observerOwners;

    MemberTrustManager(X509Certificate root, Set<String> acceptedMembers) {
        this(root, acceptedMembers, Set.of());
    }

    MemberTrustManager(X509Certificate root, Set<String> acceptedMembers, Set<String> observerOwners) {
        this.pkix = pkixTrusting(root);
        this.root = root;
        this.acceptedMembers = Set.copyOf(acceptedMembers);
        this.observerOwners = Set.copyOf(observerOwners);
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
        Optional<PeerIdentity> identity = PeerIdentity.of(chain[0]);
        if (identity.isEmpty()) {
            throw new CertificateException("the certificate names no member: " + chain[0].getSubjectX500Principal());
        }
        PeerIdentity peer = identity.get();
        if (peer.isObserver()) {
            if (!observerOwners.contains(peer.member())) {
                throw new CertificateException("the " + peer + " is not an observer this node accepts");
            }
            return;
        }
        if (!acceptedMembers.contains(peer.member())) {
            throw new CertificateException("'" + peer.member() + "' is not a member this node accepts");
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
