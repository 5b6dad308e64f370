package io.khata.core.crypto;

import java.util.HexFormat;

/**
 * One Ed25519 verification case and what Khata's rule ({@code docs/ED25519.md}) decides for it.
 *
 * @param accepted the verdict of {@link Ed25519#verify(PublicKey, byte[], Signature)}
 * @param strongKey the verdict of {@link Ed25519#isStrongKey(PublicKey)}, the registration check
 * @param cofactorless whether [S]B = R + [k]A holds with R and A decoded leniently (y mod p)
 * @param cofactored whether [8][S]B = [8]R + [8][k]A holds, decoded the same way
 * @param why the reason for the verdict, in one sentence
 */
record ConformanceVector(String name, byte[] key, byte[] message, byte[] signature,
                         boolean accepted, boolean strongKey, boolean cofactorless, boolean cofactored, String why) {

    PublicKey publicKey() {
        return PublicKey.of(key);
    }

    Signature typedSignature() {
        return Signature.of(signature);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return name + " [key=" + hex.formatHex(key) + " signature=" + hex.formatHex(signature) + "]";
    }
}
