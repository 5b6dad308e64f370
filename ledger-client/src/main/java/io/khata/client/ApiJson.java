package io.khata.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.khata.core.codec.ProtoJson;
import io.khata.proto.api.ErrorResponse;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the API's JSON (protobuf's JSON mapping, through ledger-core's one strict reader) into its
 * messages, in one place. Fields this client does not know are ignored, so a newer node's additions do not break it; anything else
 * that is not the message (bad UTF-8, bad JSON, wrong types, nesting past the reader's depth
 * limit) is a {@link KhataException.BadResponse}. Bodies arrive here already bounded in bytes.
 */
final class ApiJson {
    private ApiJson() {
    }

    static <B extends Message.Builder> B parse(byte[] body, B builder, String what) throws KhataException.BadResponse {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new KhataException.BadResponse(what + " is not UTF-8", e);
        }
        try {
            ProtoJson.mergeIgnoringUnknown(text, builder);
            return builder;
        } catch (InvalidProtocolBufferException | RuntimeException | StackOverflowError e) {
            throw new KhataException.BadResponse(what + " is not the JSON the API promises: " + brief(e), e);
        }
    }

    /** The node's JSON error, or a stand-in naming the status when the body is not one. */
    static KhataException.ErrorAnswer error(int status, byte[] body) {
        try {
            ErrorResponse error = parse(body, ErrorResponse.newBuilder(), "an error answer").build();
            if (!error.getError().getCode().isEmpty()) {
                return new KhataException.ErrorAnswer(status, clip(error.getError().getCode()),
                        clip(error.getError().getMessage()));
            }
        } catch (KhataException.BadResponse notJson) {
            // answered below
        }
        return new KhataException.ErrorAnswer(status, "http_" + status, "the node answered HTTP " + status
                + " without a JSON error");
    }

    /** Keeps what a node says short enough for a log line. */
    static String clip(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static String brief(Throwable e) {
        return clip(String.valueOf(e.getMessage()));
    }
}
