package io.khata.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.khata.core.crypto.Hash;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CanonicalWriterTest {
    @Test
    void writesTheDocumentedLayout() {
        byte[] bytes = new CanonicalWriter(1)
                .writeByte(0x61)
                .writeBoolean(true)
                .writeInt(0x01020304)
                .writeLong(-2)
                .writeString("é")
                .writeOptionalHash(null)
                .toByteArray();
        assertEquals("61" + "01" + "01020304" + "fffffffffffffffe" + "00000002c3a9" + "00",
                HexFormat.of().formatHex(bytes));
    }

    @Test
    void growsPastItsExpectedSizeAndReadsBack() {
        byte[] payload = new byte[1000];
        payload[999] = 7;
        Hash hash = Hash.fromHex("11".repeat(32));
        byte[] bytes = new CanonicalWriter(4).writeBytes(payload).writeHash(hash).writeString("khata").toByteArray();
        assertEquals(4 + 1000 + 32 + 4 + 5, bytes.length);
        CanonicalReader reader = new CanonicalReader(bytes);
        assertArrayEquals(payload, reader.readBytes());
        assertArrayEquals(hash.toByteArray(), reader.readFixed(Hash.BYTES));
        assertEquals("khata", reader.readString());
        assertEquals(true, reader.atEnd());
    }
}
