package io.khata.net.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a node presents in the TLS handshake: its private key and its certificate chain, the
 * node certificate first (optionally followed by intermediates; the root stays out, peers
 * already hold it from genesis). This TLS key is separate from the member's Ed25519
 * validator key: it only authenticates connections and never signs anything on the ledger.
 */
public record NodeCredentials(PrivateKey privateKey, List<X509Certificate> certificateChain) {

    public NodeCredentials {
        Objects.requireNonNull(privateKey, "privateKey");
        certificateChain = List.copyOf(certificateChain);
        if (certificateChain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least the node certificate");
        }
    }

    public static NodeCredentials load(Path privateKeyFile, Path certificateChainFile) throws IOException {
        return new NodeCredentials(Pem.readPrivateKey(privateKeyFile), Pem.readCertificates(certificateChainFile));
    }

    /** Writes the key (owner-only, refusing to overwrite) and the chain. */
    public void save(Path privateKeyFile, Path certificateChainFile) throws IOException {
        Pem.writePrivateKey(privateKeyFile, privateKey);
        Pem.writeCertificates(certificateChainFile, certificateChain);
    }

    public X509Certificate certificate() {
        return certificateChain.get(0);
    }

    /** The member the node certificate names; throws if it names none, since such credentials are useless. */
    public String memberId() {
        return MemberCertificates.memberId(certificate()).orElseThrow(() -> new IllegalStateException(
                "the node certificate names no member: " + certificate().getSubjectX500Principal()));
    }

    /** Who the node certificate names, member or observer; throws if it names nobody. */
    public PeerIdentity identity() {
        return PeerIdentity.of(certificate()).orElseThrow(() -> new IllegalStateException(
                "the node certificate names no member or observer: " + certificate().getSubjectX500Principal()));
    }

    /** When the node certificate expires; after it, peers refuse this node's connections. */
    public Instant notAfter() {
        return certificate().getNotAfter().toInstant();
    }

    /** Leaves the private key out, so that logging credentials never logs a secret. */
    @Override
    public String toString() {
        return "NodeCredentials[subject=" + certificate().getSubjectX500Principal() + ", notAfter=" + notAfter() + "]";
    }
}
