package io.khata.core.genesis;

import java.util.HashSet;
import java.util.Set;

/**
 * A strict RFC 8259 syntax check that runs before protobuf's JSON parser, which is lenient: it
 * accepts comments, single quotes and unquoted names, ignores whatever follows the first value,
 * and lets a repeated name silently overwrite the earlier one. Any of those would let two tools
 * read one genesis file differently, so a file must be plain JSON with unique names in every
 * object, one value, and nesting bounded (the parser after this one recurses per level).
 *
 * <p>Only the syntax is checked; nothing is built except the set of names of the object being read.
 */
final class StrictJson {
    private final String text;
    private final int depthMax;
    private int position;

    private StrictJson(String text, int depthMax) {
        this.text = text;
        this.depthMax = depthMax;
    }

    /** Null if {@code text} is one well-formed JSON value nested at most {@code depthMax} deep, else why not. */
    static String problem(String text, int depthMax) {
        StrictJson json = new StrictJson(text, depthMax);
        try {
            json.whitespace();
            json.value(0);
            json.whitespace();
            if (json.position != text.length()) {
                throw json.problemHere("unexpected content after the JSON value");
            }
            return null;
        } catch (Problem problem) {
            return problem.getMessage();
        }
    }

    private void value(int depth) throws Problem {
        if (position >= text.length()) {
            throw problemHere("unexpected end of input, expected a value");
        }
        char character = text.charAt(position);
        if (character == '{') {
            object(depth + 1);
        } else if (character == '[') {
            array(depth + 1);
        } else if (character == '"') {
            string();
        } else if (character == '-' || (character >= '0' && character <= '9')) {
            number();
        } else if (!literal("true") && !literal("false") && !literal("null")) {
            throw problemHere("expected a value");
        }
    }

    private void object(int depth) throws Problem {
        checkDepth(depth);
        position++;
        whitespace();
        if (consume('}')) {
            return;
        }
        Set<String> names = new HashSet<>();
        do {
            whitespace();
            int nameStart = position;
            String name = string();
            if (!names.add(name)) {
                position = nameStart;
                throw problemHere("the name \"" + GenesisChecks.shown(name, 80) + "\" appears twice in one object");
            }
            whitespace();
            expect(':');
            whitespace();
            value(depth);
            whitespace();
        } while (consume(','));
        expect('}');
    }

    private void array(int depth) throws Problem {
        checkDepth(depth);
        position++;
        whitespace();
        if (consume(']')) {
            return;
        }
        do {
            whitespace();
            value(depth);
            whitespace();
        } while (consume(','));
        expect(']');
    }

    /** Reads a string literal and returns its decoded content. */
    private String string() throws Problem {
        expect('"');
        StringBuilder decoded = new StringBuilder();
        while (true) {
            if (position >= text.length()) {
                throw problemHere("unterminated string");
            }
            char character = text.charAt(position++);
            if (character == '"') {
                return decoded.toString();
            }
            if (character < 0x20) {
                position--;
                throw problemHere("control character in a string; write it as an escape");
            }
            decoded.append(character == '\\' ? escape() : character);
        }
    }

    private char escape() throws Problem {
        if (position >= text.length()) {
            throw problemHere("unterminated string");
        }
        char character = text.charAt(position++);
        return switch (character) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> unicodeEscape();
            default -> {
                position--;
                throw problemHere("unknown escape");
            }
        };
    }

    private char unicodeEscape() throws Problem {
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = position < text.length() ? hexDigit(text.charAt(position)) : -1;
            if (digit < 0) {
                throw problemHere("a \\u escape needs four hex digits");
            }
            code = code * 16 + digit;
            position++;
        }
        return (char) code;
    }

    private static int hexDigit(char character) {
        if (character >= '0' && character <= '9') {
            return character - '0';
        }
        if (character >= 'a' && character <= 'f') {
            return character - 'a' + 10;
        }
        if (character >= 'A' && character <= 'F') {
            return character - 'A' + 10;
        }
        return -1;
    }

    private void number() throws Problem {
        consume('-');
        if (consume('0')) {
            // A leading zero stands alone: 0, 0.5, but never 01.
        } else if (!digits()) {
            throw problemHere("expected a digit");
        }
        if (consume('.') && !digits()) {
            throw problemHere("expected a digit after '.'");
        }
        if (consume('e') || consume('E')) {
            if (!consume('+')) {
                consume('-');
            }
            if (!digits()) {
                throw problemHere("expected a digit in the exponent");
            }
        }
    }

    private boolean digits() {
        int start = position;
        while (position < text.length() && text.charAt(position) >= '0' && text.charAt(position) <= '9') {
            position++;
        }
        return position > start;
    }

    private boolean literal(String word) {
        if (text.startsWith(word, position)) {
            position += word.length();
            return true;
        }
        return false;
    }

    private void whitespace() {
        while (position < text.length()) {
            char character = text.charAt(position);
            if (character != ' ' && character != '\t' && character != '\n' && character != '\r') {
                return;
            }
            position++;
        }
    }

    private boolean consume(char expected) {
        if (position < text.length() && text.charAt(position) == expected) {
            position++;
            return true;
        }
        return false;
    }

    private void expect(char expected) throws Problem {
        if (!consume(expected)) {
            throw problemHere(position >= text.length()
                    ? "unexpected end of input, expected '" + expected + "'"
                    : "expected '" + expected + "'");
        }
    }

    private void checkDepth(int depth) throws Problem {
        if (depth > depthMax) {
            throw problemHere("nested deeper than " + depthMax + " levels");
        }
    }

    /** A problem at the current position, located by line and column (both from 1) as editors show them. */
    private Problem problemHere(String reason) {
        int line = 1;
        int lineStart = 0;
        int end = Math.min(position, text.length());
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String found = position < text.length()
                ? ", found '" + GenesisChecks.shown(String.valueOf(text.charAt(position)), 1) + "'"
                : "";
        return new Problem(reason + found + " at line " + line + ", column " + (end - lineStart + 1));
    }

    /** Unwinds the descent to {@link #problem}; never leaves this class. */
    private static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message, null, false, false);
        }
    }
}
