package io.khata.net.audit;

/**
 * Writes JSON text, escaping every string as RFC 8259 requires (quote, backslash and all
 * control characters, plus U+2028 and U+2029 for consumers that embed JSON in scripts). Only
 * writes: reading JSON is left to the maintained parsers.
 */
final class JsonText {
    private final StringBuilder out = new StringBuilder();
    private boolean needsComma;

    JsonText beginObject() {
        separate();
        out.append('{');
        needsComma = false;
        return this;
    }

    JsonText endObject() {
        out.append('}');
        needsComma = true;
        return this;
    }

    JsonText beginArray() {
        separate();
        out.append('[');
        needsComma = false;
        return this;
    }

    JsonText endArray() {
        out.append(']');
        needsComma = true;
        return this;
    }

    JsonText name(String name) {
        separate();
        quote(name);
        out.append(':');
        needsComma = false;
        return this;
    }

    JsonText value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            quote(value);
        }
        needsComma = true;
        return this;
    }

    /** A number, or null; big values stay exact (JSON numbers have no size limit). */
    JsonText value(Number value) {
        separate();
        out.append(value == null ? "null" : value.toString());
        needsComma = true;
        return this;
    }

    JsonText value(Boolean value) {
        separate();
        out.append(value == null ? "null" : value.toString());
        needsComma = true;
        return this;
    }

    JsonText field(String name, String value) {
        return name(name).value(value);
    }

    JsonText field(String name, Number value) {
        return name(name).value(value);
    }

    JsonText field(String name, Boolean value) {
        return name(name).value(value);
    }

    private void separate() {
        if (needsComma) {
            out.append(',');
        }
    }

    private void quote(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
