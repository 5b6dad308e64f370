package io.khata.core.crypto;

/**
 * The reference verifier: Khata's encoding checks ({@link Ed25519#checkedPoint}), then
 * BouncyCastle's low-level RFC 8032 verifier, whose equation is the cofactored one,
 * [8][S]B = [8]R + [8][k]A. This class defines the rule; any other verifier must agree with it.
 */
final class ReferenceVerifier implements Ed25519Verifier {
    static final ReferenceVerifier INSTANCE = new ReferenceVerifier();

    private ReferenceVerifier() {
    }

    @Override
    public boolean verify(PublicKey key, byte[] message, Signature signature) {
        org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint point = Ed25519.checkedPoint(key, signature);
        return point != null && verifyChecked(point, message, signature);
    }

    /** The equation alone, for a key and signature that passed {@link Ed25519#checkedPoint}. */
    static boolean verifyChecked(org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint point, byte[] message,
                                 Signature signature) {
        return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
                signature.unsafeBytes(), 0, point, message, 0, message.length);
    }

    @Override
    public String name() {
        return "java";
    }
}
