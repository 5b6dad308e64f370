package io.khata.core.crypto;

/**
 * A library's own Ed25519 verdict on raw bytes, before Khata's rule is applied around it: the
 * seam between {@link NativeVerifier} and the library, so the self-test and the fast path can be
 * tested with stand-ins (a lenient verifier, one that rejects everything, the JDK's).
 */
@FunctionalInterface
interface RawVerifier {
    /** True only if the library accepts; anything it cannot parse is false, never an exception. */
    boolean verify(PublicKey key, byte[] message, byte[] signature);
}
