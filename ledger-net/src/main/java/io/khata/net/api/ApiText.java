package io.khata.net.api;

/** Echoing client input in error messages, cut short so a huge input never makes a huge answer. */
final class ApiText {
    private static final int CHARS_MAX = 80;

    private ApiText() {
    }

    static String abbreviate(String text) {
        return text.length() <= CHARS_MAX ? text : text.substring(0, CHARS_MAX) + "...";
    }
}
