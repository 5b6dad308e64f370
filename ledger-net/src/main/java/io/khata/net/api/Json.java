package io.khata.net.api;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

/** Protobuf's JSON mapping with proto field names, printing zero values too so every field is present. */
final class Json {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
            .preservingProtoFieldNames()
            .alwaysPrintFieldsWithNoPresence();

    private Json() {
    }

    static String print(MessageOrBuilder message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("API messages always print", e);
        }
    }

    static String error(String code, String message) {
        return print(io.khata.proto.api.ErrorResponse.newBuilder()
                .setError(io.khata.proto.api.ApiError.newBuilder().setCode(code).setMessage(message)));
    }
}
