package io.khata.net.api;

import com.google.protobuf.MessageOrBuilder;
import io.khata.core.codec.ProtoJson;

/** Protobuf's JSON mapping with proto field names, printing zero values too so every field is present. */
final class Json {
    private Json() {
    }

    static String print(MessageOrBuilder message) {
        return ProtoJson.printComplete(message);
    }

    /** On one line, as a Server-Sent Event's data must be (a newline inside a string is escaped). */
    static String printLine(MessageOrBuilder message) {
        return ProtoJson.printCompleteLine(message);
    }

    static String error(String code, String message) {
        return print(io.khata.proto.api.ErrorResponse.newBuilder()
                .setError(io.khata.proto.api.ApiError.newBuilder().setCode(code).setMessage(message)));
    }
}
