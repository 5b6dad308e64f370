package io.khata.core.crypto;

import java.security.SecureRandom;

/**
 * An Ed25519 private key (the 32-byte RFC 8032 seed) and its public key. {@link #toString()}
 * prints only the public key, so a key pair in a log line never leaks the secret.
 */
public final class KeyPair {
    private final byte[] seed;
    private final PublicKey publicKey;

    private KeyPair(byte[] seed) {
        this.seed = seed;
        byte[] publicBytes = new byte[PublicKey.BYTES];
        org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, publicBytes, 0);
        this.publicKey = PublicKey.of(publicBytes);
    }

    public static KeyPair generate(SecureRandom random) {
        byte[] seed = new byte[32];
        org.bouncycastle.math.ec.rfc8032.Ed25519.generatePrivateKey(random, seed);
        return new KeyPair(seed);
    }

    /** The key pair whose RFC 8032 private key is {@code seed} (32 bytes, copied). */
    public static KeyPair fromSeed(byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("an Ed25519 private key is 32 bytes, got " + seed.length);
        }
        return new KeyPair(seed.clone());
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** A copy of the secret seed, for writing a key file. */
    public byte[] seed() {
        return seed.clone();
    }

    /** Signs {@code message} as given; callers put the domain tag in front (see {@link Ed25519}). */
    public Signature sign(byte[] message) {
        byte[] signature = new byte[Signature.BYTES];
        org.bouncycastle.math.ec.rfc8032.Ed25519.sign(
                seed, 0, publicKey.unsafeBytes(), 0, message, 0, message.length, signature, 0);
        return Signature.wrap(signature);
    }

    /** Signs {@code tag ‖ payload}. */
    public Signature sign(DomainTag tag, byte[] payload) {
        return sign(Ed25519.tagged(tag, payload));
    }

    @Override
    public String toString() {
        return "KeyPair[public=" + publicKey + "]";
    }
}
