package io.khata.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.khata.proto.Signature;
import org.junit.jupiter.api.Test;

/** The one JSON mapping: proto field names out, strict JSON in, unknown fields refused unless asked. */
class ProtoJsonTest {
    private static final Signature SIGNATURE = Signature.newBuilder()
            .setPublicKey(ByteString.copyFrom(new byte[] {1, 2, 3}))
            .setSignature(ByteString.copyFrom(new byte[] {4, 5}))
            .build();

    @Test
    void printsProtoFieldNamesAndBase64AndReadsThemBack() throws Exception {
        String json = ProtoJson.print(SIGNATURE);
        assertTrue(json.contains("\"public_key\": \"AQID\""), json);
        Signature.Builder back = Signature.newBuilder();
        ProtoJson.merge(json, back);
        assertEquals(SIGNATURE, back.build());
    }

    @Test
    void theCompletePrinterPrintsDefaultsTooAndTheCompactOneLeavesThemOut() {
        Signature empty = Signature.getDefaultInstance();
        assertTrue(ProtoJson.printComplete(empty).contains("\"public_key\": \"\""), ProtoJson.printComplete(empty));
        assertEquals("{\n}", ProtoJson.print(empty));
    }

    @Test
    void aRepeatedNameIsRefusedWhereProtobufAloneWouldKeepTheLast() {
        String json = "{\"public_key\": \"AQID\", \"public_key\": \"BAU=\"}";
        InvalidProtocolBufferException refused = assertThrows(InvalidProtocolBufferException.class,
                () -> ProtoJson.merge(json, Signature.newBuilder()));
        assertTrue(refused.getMessage().contains("appears twice"), refused.getMessage());
    }

    @Test
    void contentAfterTheValueCommentsAndSingleQuotesAreRefused() {
        for (String json : new String[] {"{} {}", "{}/* c */", "{'public_key': 'AQID'}", "{public_key: \"AQID\"}"}) {
            assertThrows(InvalidProtocolBufferException.class, () -> ProtoJson.merge(json, Signature.newBuilder()), json);
        }
    }

    @Test
    void nestingIsBoundedBeforeParsing() {
        String deep = "{\"public_key\": " + "[".repeat(ProtoJson.DEPTH_MAX) + "]".repeat(ProtoJson.DEPTH_MAX) + "}";
        InvalidProtocolBufferException refused = assertThrows(InvalidProtocolBufferException.class,
                () -> ProtoJson.merge(deep, Signature.newBuilder()));
        assertTrue(refused.getMessage().contains("nested deeper than " + ProtoJson.DEPTH_MAX), refused.getMessage());
    }

    @Test
    void unknownFieldsAreRefusedUnlessTheCallerReadsANewerNodesReply() throws Exception {
        String json = "{\"public_key\": \"AQID\", \"added_later\": 1}";
        assertThrows(InvalidProtocolBufferException.class, () -> ProtoJson.merge(json, Signature.newBuilder()));
        Signature.Builder tolerant = Signature.newBuilder();
        ProtoJson.mergeIgnoringUnknown(json, tolerant);
        assertEquals(ByteString.copyFrom(new byte[] {1, 2, 3}), tolerant.getPublicKey());
        assertThrows(InvalidProtocolBufferException.class,
                () -> ProtoJson.mergeIgnoringUnknown(json.replace("1}", "1, \"added_later\": 2}"), Signature.newBuilder()));
    }
}
