package io.khata.core.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.khata.core.crypto.PublicKey;
import io.khata.core.testing.SeededProperty;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A value given back from the tables is always the one its bytes decode to, whatever was
 * decoded before: strings from a small alphabet (so that slots are reused and collide), with
 * now and then a non-ASCII or invalid byte, and keys that differ in one byte.
 */
class RecentValuesProperties {

    @TestFactory
    Stream<DynamicTest> stringsDecodeAsAStrictUtf8DecoderDoes() {
        return SeededProperty.cases(200, random -> {
            for (int n = 0; n < 200; n++) {
                byte[] source = new byte[2 + random.nextInt(80)];
                for (int i = 0; i < source.length; i++) {
                    source[i] = random.nextInt(20) == 0 ? (byte) (0x80 + random.nextInt(128)) : (byte) ('a' + random.nextInt(3));
                }
                int offset = random.nextInt(source.length);
                int length = random.nextInt(source.length - offset + 1);
                assertEquals(strict(source, offset, length), RecentValues.string(source, offset, length));
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> keysAreTheirBytes() {
        return SeededProperty.cases(100, random -> {
            byte[] source = new byte[PublicKey.BYTES + 8];
            for (int n = 0; n < 100; n++) {
                source[random.nextInt(source.length)] = (byte) random.nextInt(4);
                int offset = random.nextInt(9);
                assertEquals(PublicKey.of(Arrays.copyOfRange(source, offset, offset + PublicKey.BYTES)),
                        RecentValues.publicKey(source, offset));
            }
        });
    }

    private static String strict(byte[] source, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(source, offset, length)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
