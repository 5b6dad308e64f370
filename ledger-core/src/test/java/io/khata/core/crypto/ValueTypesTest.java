package io.khata.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Hashes, keys and signatures: exact sizes, equality by content, unsigned byte order, hex printing. */
class ValueTypesTest {
    private static byte[] filled(int length, int fill) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    @Test
    void aHashIsExactly32BytesAndCopiesWhatItIsGiven() {
        assertThrows(IllegalArgumentException.class, () -> Hash.of(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> Hash.of(new byte[33]));
        byte[] bytes = filled(32, 1);
        Hash hash = Hash.of(bytes);
        bytes[0] = 9;
        assertEquals(1, hash.byteAt(0));
        assertEquals(1, hash.byteAt(31));
        assertEquals("01".repeat(32), hash.toHex());
        assertEquals(hash, Hash.fromHex("01".repeat(32)));
        assertEquals(Arrays.hashCode(filled(32, 1)), hash.hashCode());
    }

    @Test
    void hashesOrderAsUnsignedBytes() {
        Hash low = Hash.of(filled(32, 0x7f));
        Hash high = Hash.of(filled(32, 0x80));
        assertTrue(low.compareTo(high) < 0, "0x7f before 0x80");
        assertTrue(high.compareTo(low) > 0);
        assertEquals(0, low.compareTo(Hash.of(filled(32, 0x7f))));
        assertNotEquals(low, high);
    }

    @Test
    void publicKeysOrderAsUnsignedBytesAndAre32Bytes() {
        PublicKey low = PublicKey.of(filled(32, 0x01));
        PublicKey high = PublicKey.of(filled(32, 0xf0));
        assertTrue(low.compareTo(high) < 0);
        assertTrue(high.compareTo(low) > 0);
        assertThrows(IllegalArgumentException.class, () -> PublicKey.of(new byte[31]));
    }

    @Test
    void signaturesAreEqualByContentAndPrintAsHex() {
        Signature a = Signature.of(filled(64, 0xab));
        Signature b = Signature.of(filled(64, 0xab));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(Arrays.hashCode(filled(64, 0xab)), a.hashCode());
        assertEquals("ab".repeat(64), a.toHex());
        assertEquals(a.toHex(), a.toString());
        assertNotEquals(a, Signature.of(filled(64, 0xac)));
    }

    @Test
    void theScalarSMustBeBelowTheGroupOrder() {
        // L = 2^252 + 27742317777372353535851937790883648493, little-endian.
        byte[] order = java.util.HexFormat.of().parseHex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
        byte[] sig = new byte[64];
        System.arraycopy(order, 0, sig, 32, 32);
        assertFalse(Signature.of(sig).isCanonical(), "S = L");
        sig[32] -= 1;
        assertTrue(Signature.of(sig).isCanonical(), "S = L - 1");
        sig[32] += 2;
        assertFalse(Signature.of(sig).isCanonical(), "S = L + 1");
        sig[63] = 0x0f;
        assertTrue(Signature.of(sig).isCanonical(), "top byte below L's");
        assertTrue(Signature.of(new byte[64]).isCanonical(), "S = 0");
    }
}
