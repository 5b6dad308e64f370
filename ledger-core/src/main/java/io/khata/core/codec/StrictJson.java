package io.khata.core.codec;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict RFC 8259 syntax check, on Gson's token stream in its strict mode, that runs before
 * protobuf's JSON parser. That parser is lenient: it lets a repeated name silently overwrite the
 * earlier one, and Gson alone accepts a leading byte-order mark and numbers such as {@code 01}.
 * Any of those would let two tools read one file differently, so the text must be plain JSON
 * with unique names in every object, one value, and nesting bounded (the parser after this one
 * recurses per level).
 *
 * <p>Only the syntax is checked; nothing is built but the names of the objects being read.
 */
public final class StrictJson {
    /** Stands for an array on the stack of open values: arrays have no names to check. */
    private static final Set<String> ARRAY = Set.of();
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private StrictJson() {
    }

    /** Null if {@code text} is one well-formed JSON value nested at most {@code depthMax} deep, else why not. */
    public static String problem(String text, int depthMax) {
        if (text.startsWith("\uFEFF")) {
            return "a byte-order mark before the JSON value";
        }
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        reader.setNestingLimit(depthMax + 1);
        try {
            readValue(reader, depthMax);
        } catch (Problem problem) {
            return problem.getMessage();
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            return shortMessage(e);
        }
        try {
            if (reader.peek() == JsonToken.END_DOCUMENT) {
                return null;
            }
        } catch (IOException e) {
            // Strict mode refuses a second value outright; either way there is more than one value.
        }
        return "unexpected content after the JSON value" + where(reader);
    }

    /** Reads one value, iteratively, so that the depth bound and not the stack decides how deep input may go. */
    private static void readValue(JsonReader reader, int depthMax) throws IOException, Problem {
        Deque<Set<String>> objects = new ArrayDeque<>(); // the names seen, per open object; ARRAY for an array
        int depth = 0;
        do {
            JsonToken token = reader.peek();
            switch (token) {
                case BEGIN_OBJECT, BEGIN_ARRAY -> {
                    if (++depth > depthMax) {
                        throw new Problem("nested deeper than " + depthMax + where(reader));
                    }
                    if (token == JsonToken.BEGIN_OBJECT) {
                        reader.beginObject();
                        objects.push(new HashSet<>());
                    } else {
                        reader.beginArray();
                        objects.push(ARRAY);
                    }
                }
                case END_OBJECT -> {
                    reader.endObject();
                    objects.pop();
                    depth--;
                }
                case END_ARRAY -> {
                    reader.endArray();
                    objects.pop();
                    depth--;
                }
                case NAME -> {
                    String location = where(reader);
                    String name = reader.nextName();
                    if (!objects.peek().add(name)) {
                        throw new Problem("the name \"" + shown(name) + "\" appears twice in one object" + location);
                    }
                }
                case NUMBER -> {
                    String location = where(reader);
                    if (!NUMBER.matcher(reader.nextString()).matches()) {
                        throw new Problem("not a JSON number" + location);
                    }
                }
                case STRING -> reader.nextString();
                case BOOLEAN -> reader.nextBoolean();
                case NULL -> reader.nextNull();
                case END_DOCUMENT -> throw new Problem("unexpected end of input, expected a value");
                default -> throw new IllegalStateException("unknown JSON token " + token);
            }
        } while (depth > 0);
    }


    /** Gson's " at line L column C path P", for a message. */
    private static String where(JsonReader reader) {
        String text = reader.toString();
        int at = text.indexOf(" at line ");
        return at < 0 ? "" : text.substring(at);
    }

    private static String shortMessage(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int hint = message.indexOf("\nSee https://");
        String shown = hint < 0 ? message : message.substring(0, hint);
        return shown.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed JSON");
    }

    private static String shown(String name) {
        return name.length() <= 80 ? name : name.substring(0, 80) + "...";
    }

    private static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message, null, false, false);
        }
    }
}
