package io.khata.core.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

/**
 * Protobuf's JSON mapping as Khata uses it, configured here once for every file, request and
 * reply: printed with the proto field names (as {@code khata.proto} spells them), and parsed
 * only after {@link StrictJson} accepted the text, so that no JSON input anywhere may repeat a
 * name, carry anything after its value, or use the parser's lenient extensions. Binary fields
 * follow protobuf's JSON mapping (base64); identifiers in URLs are lowercase hex.
 */
public final class ProtoJson {
    /** Deepest nesting any Khata message reaches in JSON, with room; deeper input is refused before parsing. */
    public static final int DEPTH_MAX = 32;

    private static final JsonFormat.Printer COMPACT = JsonFormat.printer().preservingProtoFieldNames();
    private static final JsonFormat.Printer COMPLETE = COMPACT.alwaysPrintFieldsWithNoPresence();
    private static final JsonFormat.Printer COMPLETE_LINE = COMPLETE.omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();
    private static final JsonFormat.Parser TOLERANT = PARSER.ignoringUnknownFields();

    private ProtoJson() {
    }

    /** Fields that hold their default value are left out (files people read and write). */
    public static String print(MessageOrBuilder message) {
        return print(COMPACT, message);
    }

    /** Every field printed, defaults too (API replies, whose readers expect every field). */
    public static String printComplete(MessageOrBuilder message) {
        return print(COMPLETE, message);
    }

    /** As {@link #printComplete}, on one line (a newline inside a string is escaped), as an event stream's data must be. */
    public static String printCompleteLine(MessageOrBuilder message) {
        return print(COMPLETE_LINE, message);
    }

    private static String print(JsonFormat.Printer printer, MessageOrBuilder message) {
        try {
            return printer.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a message without Any fields always prints", e);
        }
    }

    /** Parses strict JSON into {@code builder}; unknown fields are an error. */
    public static void merge(String json, Message.Builder builder) throws InvalidProtocolBufferException {
        merge(json, builder, DEPTH_MAX);
    }

    /** As {@link #merge(String, Message.Builder)}, nested at most {@code depthMax} deep. */
    public static void merge(String json, Message.Builder builder, int depthMax) throws InvalidProtocolBufferException {
        check(json, depthMax);
        PARSER.merge(json, builder);
    }

    /** As {@link #merge(String, Message.Builder)}, skipping fields this build does not know (replies of a newer node). */
    public static void mergeIgnoringUnknown(String json, Message.Builder builder) throws InvalidProtocolBufferException {
        check(json, DEPTH_MAX);
        TOLERANT.merge(json, builder);
    }

    private static void check(String json, int depthMax) throws InvalidProtocolBufferException {
        String problem = StrictJson.problem(json, depthMax);
        if (problem != null) {
            throw new InvalidProtocolBufferException("not strict JSON: " + problem);
        }
    }
}
