package io.khata.core.crypto;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Ed25519 verification (RFC 8032) through BouncyCastle's low-level API, the fastest verifier
 * available to Java. Every node uses this one rule, so nodes never disagree on a signature.
 *
 * <p>Decoding a public key to a curve point costs a field square root; the decoded points
 * of recently seen signers are cached (bounded), so a busy settlement account pays it once.
 */
public final class Ed25519 {
    /** How many decoded signer points are kept; past this the cache is cleared and refilled. */
    static final int POINT_CACHE_ENTRIES_MAX = 100_000;

    private static final ConcurrentHashMap<PublicKey, org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint> POINTS =
            new ConcurrentHashMap<>();

    static {
        org.bouncycastle.math.ec.rfc8032.Ed25519.precompute();
    }

    private Ed25519() {
    }

    /** Builds {@code tag ‖ payload}, the bytes that are actually signed. */
    public static byte[] tagged(DomainTag tag, byte[] payload) {
        byte[] message = new byte[1 + payload.length];
        message[0] = tag.value();
        System.arraycopy(payload, 0, message, 1, payload.length);
        return message;
    }

    /** True if {@code signature} is a canonical RFC 8032 signature of {@code message} by {@code key}. */
    public static boolean verify(PublicKey key, byte[] message, Signature signature) {
        if (!signature.isCanonical()) {
            return false;
        }
        org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint point = point(key);
        if (point == null) {
            return false;
        }
        return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(
                signature.unsafeBytes(), 0, point, message, 0, message.length);
    }

    /** Verifies a signature over {@code tag ‖ payload}. */
    public static boolean verify(PublicKey key, DomainTag tag, byte[] payload, Signature signature) {
        return verify(key, tagged(tag, payload), signature);
    }

    /** True if the key's bytes decode to a point of the curve (RFC 8032 section 5.1.3). */
    public static boolean isValidPoint(PublicKey key) {
        return point(key) != null;
    }

    /**
     * Stricter than {@link #isValidPoint}: also refuses small-order points. Used where keys are
     * registered (genesis, new accounts), never on the verification path.
     */
    public static boolean isStrongKey(PublicKey key) {
        return org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyFull(key.unsafeBytes(), 0);
    }

    private static org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint point(PublicKey key) {
        org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint cached = POINTS.get(key);
        if (cached != null) {
            return cached;
        }
        org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint decoded =
                org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyPartialExport(key.unsafeBytes(), 0);
        if (decoded == null) {
            return null;
        }
        if (POINTS.size() >= POINT_CACHE_ENTRIES_MAX) {
            POINTS.clear();
        }
        POINTS.put(key, decoded);
        return decoded;
    }
}
