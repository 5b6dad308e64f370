package io.khata.core.crypto;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Ed25519 verification under Khata's rule (docs/ED25519.md): RFC 8032 encodings, S < L, R and A
 * canonical, A not of small order, and the cofactored equation as BouncyCastle's low-level
 * verifier computes it. Every node uses this one rule, so nodes never disagree on a signature.
 *
 * <p>Which implementation runs ({@link Ed25519Verifier#java()} or the optional native fast
 * path) is chosen once at start-up: by {@link #useVerifier} or else by the system property
 * {@value #VERIFIER_PROPERTY} ({@code auto}, {@code java} or {@code native}; {@code auto} when
 * absent). The choice changes speed, never an outcome.
 *
 * <p>Decoding a public key to a curve point costs a field square root; the decoded points
 * of recently seen signers are cached (bounded), so a busy settlement account pays it once.
 */
public final class Ed25519 {
    /** How many decoded signer points are kept; past this the cache is cleared and refilled. */
    static final int POINT_CACHE_ENTRIES_MAX = 100_000;
    public static final String VERIFIER_PROPERTY = "khata.ed25519.verifier";

    private static final ConcurrentHashMap<PublicKey, org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint> POINTS =
            new ConcurrentHashMap<>();
    private static volatile VerifierSelection chosen;

    static {
        org.bouncycastle.math.ec.rfc8032.Ed25519.precompute();
    }

    private Ed25519() {
    }

    /** The selection from {@value #VERIFIER_PROPERTY}, made on first use unless {@link #useVerifier} came first. */
    private static final class FromProperty {
        static final VerifierSelection SELECTION =
                VerifierSelection.select(VerifierChoice.parse(System.getProperty(VERIFIER_PROPERTY, "auto")));
    }

    /** Builds {@code tag ‖ payload}, the bytes that are actually signed. */
    public static byte[] tagged(DomainTag tag, byte[] payload) {
        byte[] message = new byte[1 + payload.length];
        message[0] = tag.value();
        System.arraycopy(payload, 0, message, 1, payload.length);
        return message;
    }

    /** True if {@code signature} is a valid signature of {@code message} by {@code key} under Khata's rule. */
    public static boolean verify(PublicKey key, byte[] message, Signature signature) {
        return selection().verifier().verify(key, message, signature);
    }

    /** Verifies a signature over {@code tag ‖ payload}. */
    public static boolean verify(PublicKey key, DomainTag tag, byte[] payload, Signature signature) {
        return verify(key, tagged(tag, payload), signature);
    }

    /**
     * Chooses the implementation for this process (a node calls it once at start-up, before
     * verifying anything). {@code native} fails with {@link IllegalStateException} if the native
     * verifier does not load or fails its self-test; {@code auto} falls back to {@code java}.
     */
    public static VerifierSelection useVerifier(VerifierChoice choice) {
        VerifierSelection selection = VerifierSelection.select(choice);
        chosen = selection;
        return selection;
    }

    /** The implementation in use, with why it was chosen. */
    public static VerifierSelection selection() {
        VerifierSelection selection = chosen;
        return selection != null ? selection : FromProperty.SELECTION;
    }

    /** The reference implementation, whatever is selected. */
    public static Ed25519Verifier javaVerifier() {
        return Ed25519Verifier.java();
    }

    /** True if the key's bytes decode to a curve point that is not of small order (RFC 8032 section 5.1.3). */
    public static boolean isValidPoint(PublicKey key) {
        return point(key) != null;
    }

    /**
     * The registration check (genesis, new accounts, validator changes), never on the
     * verification path: canonical, on the curve, not of small order, and in the prime-order
     * subgroup ([L]A = identity), so a registered key has no torsion component.
     */
    public static boolean isStrongKey(PublicKey key) {
        return org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyFull(key.unsafeBytes(), 0);
    }

    /**
     * Khata's checks before any equation, shared by every verifier: S below L, R a canonical
     * encoding (y below p, no sign bit on x = 0), and A a canonical encoding of a curve point
     * not of small order. Returns A decoded, or null if any check fails.
     */
    static org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint checkedPoint(PublicKey key, Signature signature) {
        if (!signature.isCanonical() || !PointEncoding.isCanonical(signature.unsafeBytes(), 0)) {
            return null;
        }
        return point(key);
    }

    private static org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint point(PublicKey key) {
        org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint cached = POINTS.get(key);
        if (cached != null) {
            return cached;
        }
        // Refuses y >= p, the eight points of small order and any y without a point (section 5.1.3).
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
