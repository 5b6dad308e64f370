package io.khata.net.sim;

import java.io.IOException;

/** An I/O error or a full disk that the simulation injected on purpose (so it is told apart from a real one). */
final class InjectedFault extends IOException {
    private static final long serialVersionUID = 1L;

    InjectedFault(String message) {
        super(message);
    }

    /** Whether {@code failure} was caused, at any depth, by an injected fault. */
    static boolean causes(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InjectedFault) {
                return true;
            }
        }
        return false;
    }
}
