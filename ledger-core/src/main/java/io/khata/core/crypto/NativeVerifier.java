package io.khata.core.crypto;

/**
 * The native fast path, which cannot change an outcome. Khata's checks run first
 * ({@link Ed25519#checkedPoint}: S < L, R and A canonical, A not of small order); then a native
 * accept is final, because the native library checks the cofactorless equation [S]B = R + [k]A
 * on the same encodings, and multiplying it by 8 gives the cofactored equation of the rule.
 * Anything the native library rejects (a signature whose R carries torsion, say) is decided by
 * the reference verifier.
 */
final class NativeVerifier implements Ed25519Verifier {
    private final RawVerifier library;

    NativeVerifier(RawVerifier library) {
        this.library = library;
    }

    @Override
    public boolean verify(PublicKey key, byte[] message, Signature signature) {
        org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint point = Ed25519.checkedPoint(key, signature);
        if (point == null) {
            return false;
        }
        return library.verify(key, message, signature.unsafeBytes())
                || ReferenceVerifier.verifyChecked(point, message, signature);
    }

    @Override
    public String name() {
        return "native";
    }
}
