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
        VerifierSelection selection;
        if (requested == VerifierChoice.JAVA) {
            selection = new VerifierSelection(Ed25519Verifier.java(), requested, "java requested");
        } else {
            NativeEd25519.Loaded loaded = NativeEd25519.load();
            selection = loaded.library() == null
                    ? decide(requested, null, null, loaded.failure())
                    : decide(requested, loaded.library(), loaded.library().description(), null);
        }
        LOG.info("Ed25519 verifier: {} ({})", selection.name(), selection.reason());
        return selection;
    }

    /**
     * The choice between a native library (or why there is none: {@code loadFailure}) and the
     * reference, after the library's self-test.
     */
    static VerifierSelection decide(VerifierChoice requested, RawVerifier library, String libraryDescription,
                                    String loadFailure) {
        String failure = loadFailure;
        if (library != null) {
            NativeVerifier candidate = new NativeVerifier(library);
            Optional<String> selfTest = SelfTestVectors.check(library, candidate);
            if (selfTest.isEmpty()) {
                return new VerifierSelection(candidate, requested, libraryDescription + ", self-test passed");
            }
            failure = "self-test failed: " + selfTest.get();
        }
        if (requested == VerifierChoice.NATIVE) {
            throw new IllegalStateException("the native Ed25519 verifier was requested but is unusable: " + failure);
        }
        return new VerifierSelection(Ed25519Verifier.java(), requested, "native unusable: " + failure);
    }
}
