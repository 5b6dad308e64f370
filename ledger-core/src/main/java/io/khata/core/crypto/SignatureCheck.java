package io.khata.core.crypto;

/** One claimed signature to verify: {@code signature} over {@code message} (already tagged) by {@code key}. */
public record SignatureCheck(PublicKey key, byte[] message, Signature signature) {
    public boolean verify() {
        return Ed25519.verify(key, message, signature);
    }
}
