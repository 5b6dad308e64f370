package io.khata.net.api;

import io.khata.core.codec.ProtoJson;
import com.google.protobuf.MessageOrBuilder;

/** Protobuf's JSON mapping with proto field names, printing zero values too so every field is present. */
final class Json {
    private Json() {
    }

    static String print(MessageOrBuilder message) {
        return ProtoJson.printComplete(message);
    }

    static String error(String code, String message) {
        return print(io.khata.proto.api.ErrorResponse.newBuilder()
                .setError(io.khata.proto.api.ApiError.newBuilder().setCode(code).setMessage(message)));
    }
}
