package io.khata.core.crypto;

/**
 * One implementation of Khata's Ed25519 rule (docs/ED25519.md). Every implementation decides
 * every input exactly as {@link #java()} does; they differ only in speed.
 */
public interface Ed25519Verifier {
    /** True if {@code signature} is valid for {@code message} and {@code key} under Khata's rule. */
    boolean verify(PublicKey key, byte[] message, Signature signature);

    /** {@code java} or {@code native}: what {@code /status} and the bench report. */
    String name();

    /** The reference: BouncyCastle's cofactored verifier behind Khata's encoding checks. */
    static Ed25519Verifier java() {
        return ReferenceVerifier.INSTANCE;
    }
}
