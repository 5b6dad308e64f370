package io.khata.net.api;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

/** Protobuf's JSON mapping with proto field names, printing zero values too so every field is present. */
final class Json {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
            .preservingProtoFieldNames()
            .alwaysPrintFieldsWithNoPresence();

    private static final JsonFormat.Printer LINE_PRINTER = PRINTER.omittingInsignificantWhitespace();

    private Json() {
    }

    static String print(MessageOrBuilder message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("API messages always print", e);
        }
    }

    /** On one line, as a Server-Sent Event's data must be (a newline inside a string is escaped). */
    static String printLine(MessageOrBuilder message) {
        try {
            return LINE_PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("API messages always print", e);
        }
    }

    static String error(String code, String message) {
        return print(io.khata.proto.api.ErrorResponse.newBuilder()
                .setError(io.khata.proto.api.ApiError.newBuilder().setCode(code).setMessage(message)));
    }
}
