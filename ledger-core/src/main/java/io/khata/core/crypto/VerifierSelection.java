package io.khata.core.crypto;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verifier chosen at start-up and why. The native verifier is chosen only if it loads and
 * passes {@link SelfTestVectors} through the full fast path; otherwise {@code auto} falls back
 * to the Java reference and {@code native} refuses to start.
 *
 * @param reason one line for the log and {@code /status}: what was asked and what happened
 */
public record VerifierSelection(Ed25519Verifier verifier, VerifierChoice requested, String reason) {
    private static final Logger LOG = LoggerFactory.getLogger(VerifierSelection.class);

    /** {@code java} or {@code native}. */
    public String name() {
        return verifier.name();
    }

    static VerifierSelection select(VerifierChoice requested) {
        VerifierSelection selection = decide(requested);
        LOG.info("Ed25519 verifier: {} ({})", selection.name(), selection.reason());
        return selection;
    }

    private static VerifierSelection decide(VerifierChoice requested) {
        if (requested == VerifierChoice.JAVA) {
            return new VerifierSelection(Ed25519Verifier.java(), requested, "java requested");
        }
        NativeEd25519.Loaded loaded = NativeEd25519.load();
        String failure = loaded.failure();
        if (failure == null) {
            NativeVerifier candidate = new NativeVerifier(loaded.library());
            Optional<String> selfTest = SelfTestVectors.check(loaded.library(), candidate);
            if (selfTest.isEmpty()) {
                return new VerifierSelection(candidate, requested,
                        loaded.library().description() + ", self-test passed");
            }
            failure = "self-test failed: " + selfTest.get();
        }
        if (requested == VerifierChoice.NATIVE) {
            throw new IllegalStateException("the native Ed25519 verifier was requested but is unusable: " + failure);
        }
        return new VerifierSelection(Ed25519Verifier.java(), requested, "native unusable: " + failure);
    }
}
