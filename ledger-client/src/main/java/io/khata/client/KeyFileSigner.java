package io.khata.client;

import io.khata.core.crypto.KeyFiles;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.PublicKey;
import io.khata.core.crypto.Signature;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Signs with a key file as {@code khata keygen} writes it: an Ed25519 private key in a PKCS#8
 * "PRIVATE KEY" PEM block (the format of {@code openssl genpkey -algorithm ed25519}). The seed
 * lives in this heap for as long as the signer does; where that is not acceptable, keep the key
 * in an HSM or KMS and use {@link JcaSigner}.
 */
public final class KeyFileSigner implements Signer {
    private final KeyPair key;

    private KeyFileSigner(KeyPair key) {
        this.key = key;
    }

    /** Reads {@code file}; a file that is not an Ed25519 PKCS#8 key throws, naming the file and the problem. */
    public static KeyFileSigner load(Path file) throws IOException {
        return new KeyFileSigner(KeyFiles.readPrivateKey(file));
    }

    /** A signer over a key pair already in memory (tests, or keys read by other means). */
    public static KeyFileSigner of(KeyPair key) {
        return new KeyFileSigner(key);
    }

    @Override
    public PublicKey publicKey() {
        return key.publicKey();
    }

    @Override
    public Signature sign(byte[] message) {
        return key.sign(message);
    }

    @Override
    public String toString() {
        return "KeyFileSigner[" + key.publicKey() + "]";
    }
}
