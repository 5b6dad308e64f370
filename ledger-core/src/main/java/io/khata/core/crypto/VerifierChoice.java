package io.khata.core.crypto;

import java.util.Locale;

/** What the operator asks for: the native fast path if it works, the Java reference, or native or nothing. */
public enum VerifierChoice {
    AUTO, JAVA, NATIVE;

    /** {@code auto}, {@code java} or {@code native}, any case; anything else is an {@link IllegalArgumentException}. */
    public static VerifierChoice parse(String text) {
        for (VerifierChoice choice : values()) {
            if (choice.name().equalsIgnoreCase(text.strip())) {
                return choice;
            }
        }
        throw new IllegalArgumentException("verifier must be auto, java or native, got '" + text + "'");
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
