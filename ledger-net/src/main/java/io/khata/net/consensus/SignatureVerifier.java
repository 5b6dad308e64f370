package io.khata.net.consensus;

import io.khata.core.crypto.PublicKey;
import io.khata.core.crypto.Signature;

/**
 * Checks one Ed25519 signature over exact bytes. The default is
 * {@link io.khata.core.crypto.Ed25519#verify(PublicKey, byte[], Signature)}; the seam lets a
 * shell put a cache of already-checked signatures in front of it (every vote reaches a node
 * several times: directly, re-sent, forwarded) without the state machine knowing. An
 * implementation must be a pure function of its arguments.
 */
@FunctionalInterface
public interface SignatureVerifier {
    boolean verify(PublicKey key, byte[] message, Signature signature);
}
