package io.khata.client;

import io.khata.core.crypto.PublicKey;
import io.khata.core.crypto.Signature;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Signs through the Java Cryptography Architecture: {@code Signature.getInstance("Ed25519")},
 * from a named {@link Provider} or from the first installed one that takes the key. An HSM's
 * PKCS#11 provider or a cloud KMS's JCA provider hands out a {@link PrivateKey} that is only a
 * handle, so the seed never enters this heap.
 *
 * <p>A provider handle does not reveal its public key, so the caller gives it (as registered on
 * the account). The builder checks each signature against it before a transaction leaves, so a
 * key mix-up shows here rather than as {@code bad_signature} from the node.
 */
public final class JcaSigner implements Signer {
    /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): the 32 raw key bytes follow. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final Provider provider;

    private JcaSigner(PrivateKey privateKey, PublicKey publicKey, Provider provider) {
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
        this.provider = provider;
    }

    /** Signs with {@code privateKey} through the installed providers. */
    public static JcaSigner of(PrivateKey privateKey, PublicKey publicKey) {
        return new JcaSigner(privateKey, publicKey, null);
    }

    /** Signs with {@code privateKey} through {@code provider} only (an HSM's or KMS's). */
    public static JcaSigner of(PrivateKey privateKey, PublicKey publicKey, Provider provider) {
        return new JcaSigner(privateKey, publicKey, Objects.requireNonNull(provider, "provider"));
    }

    /** As {@link #of(PrivateKey, PublicKey, Provider)} with the public key as JCA hands it out (X.509 encoded). */
    public static JcaSigner of(PrivateKey privateKey, java.security.PublicKey publicKey, Provider provider) {
        return new JcaSigner(privateKey, rawKey(publicKey), provider);
    }

    /** The 32 raw bytes of a JCA Ed25519 public key, from its X.509 (SubjectPublicKeyInfo) encoding. */
    public static PublicKey rawKey(java.security.PublicKey publicKey) {
        byte[] encoded = publicKey.getEncoded();
        if (encoded == null || encoded.length != ED25519_SPKI_PREFIX.length + PublicKey.BYTES
                || !Arrays.equals(encoded, 0, ED25519_SPKI_PREFIX.length, ED25519_SPKI_PREFIX, 0, ED25519_SPKI_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key in X.509 encoding: " + publicKey.getAlgorithm()
                    + " " + publicKey.getFormat());
        }
        return PublicKey.of(Arrays.copyOfRange(encoded, ED25519_SPKI_PREFIX.length, encoded.length));
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public Signature sign(byte[] message) throws SigningException {
        try {
            java.security.Signature engine = provider == null ? java.security.Signature.getInstance("Ed25519")
                    : java.security.Signature.getInstance("Ed25519", provider);
            engine.initSign(privateKey);
            engine.update(message);
            byte[] signature = engine.sign();
            if (signature.length != Signature.BYTES) {
                throw new SigningException("the provider returned " + signature.length + " bytes, an Ed25519 signature is "
                        + Signature.BYTES, null);
            }
            return Signature.of(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new SigningException("Ed25519 signing through " + (provider == null ? "the installed providers"
                    : provider.getName()) + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "JcaSigner[" + publicKey + (provider == null ? "" : " via " + provider.getName()) + "]";
    }
}
