package io.khata.net.sim;

import io.khata.core.crypto.Ed25519;
import io.khata.core.crypto.PublicKey;
import io.khata.core.crypto.Signature;
import io.khata.net.consensus.SignatureVerifier;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A memo of Ed25519 results shared by the nodes of one simulation. Verification is a pure
 * function, so answering the second node that asks about the same (key, bytes, signature)
 * from the memo changes no outcome; it only saves the simulator from verifying every vote
 * once per receiver. Single-threaded, like the simulation that owns it.
 */
final class VerifiedSignatures implements SignatureVerifier {
    private record Key(PublicKey key, Signature signature, int messageHash, byte[] message) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && key.equals(that.key) && signature.equals(that.signature)
                    && Arrays.equals(message, that.message);
        }

        @Override
        public int hashCode() {
            return 31 * signature.hashCode() + messageHash;
        }
    }

    private final Map<Key, Boolean> results = new HashMap<>();
    long verified;

    @Override
    public boolean verify(PublicKey key, byte[] message, Signature signature) {
        Key entry = new Key(key, signature, Arrays.hashCode(message), message);
        Boolean known = results.get(entry);
        if (known != null) {
            return known;
        }
        boolean valid = Ed25519.verify(key, message, signature);
        verified++;
        results.put(entry, valid);
        return valid;
    }
}
