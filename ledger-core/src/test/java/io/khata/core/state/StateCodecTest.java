package io.khata.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.khata.core.codec.CanonicalWriter;
import io.khata.core.crypto.PublicKey;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The state keys pinned to their documented layout (a kind byte, then each name as a 4-byte
 * big-endian length of its UTF-8 bytes and those bytes), by hex written out by hand from that
 * layout; and stored records that cannot be what Khata wrote are refused as broken state.
 */
class StateCodecTest {
    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void eachKindOfKeyIsItsKindByteAndItsLengthPrefixedNames() {
        // 'a', length 4 (the UTF-8 bytes of "é@b": c3 a9 40 62, not its three characters)
        assertEquals("61" + "00000004" + "c3a94062", hex(StateCodec.accountKey("\u00e9@b")));
        // 's', length 3, "PKR"
        assertEquals("73" + "00000003" + "504b52", hex(StateCodec.assetKey("PKR")));
        // 'b', length 1, "x", length 3, "PKR"
        assertEquals("62" + "00000001" + "78" + "00000003" + "504b52", hex(StateCodec.balanceKey("x", "PKR")));
        // 'v', length 5, "bank0"
        assertEquals("76" + "00000005" + "62616e6b30", hex(StateCodec.memberKey("bank0")));
        // Longer names than any capacity guess, so nothing depends on one.
        String longId = "a".repeat(300) + "@bank0";
        assertEquals("61" + "00000132" + hex(longId.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                hex(StateCodec.accountKey(longId)));
    }

    @Test
    void aBalanceKeyDecodesToItsAccountAndAssetAndNoOtherKindDoes() {
        byte[] key = StateCodec.balanceKey("alice@bank0", "PKR");
        assertEquals(new BalanceKey("alice@bank0", "PKR"), StateCodec.decodeBalanceKey(key));

        for (byte kind : new byte[] {StateCodec.ACCOUNT, StateCodec.ASSET, StateCodec.MEMBER}) {
            byte[] otherKind = key.clone();
            otherKind[0] = kind;
            assertThrows(IllegalStateException.class, () -> StateCodec.decodeBalanceKey(otherKind),
                    "kind " + (char) kind);
        }
    }

    @Test
    void aStoredAccountWithANegativeCountIsBrokenState() {
        byte[] negativeKeys = new CanonicalWriter().writeString("alice@bank0").writeInt(1).writeBoolean(false)
                .writeInt(-1).writeInt(0).toByteArray();
        byte[] negativeLimits = new CanonicalWriter().writeString("alice@bank0").writeInt(1).writeBoolean(false)
                .writeInt(1).writeBytes(PublicKey.fromHex("11".repeat(PublicKey.BYTES)).toByteArray()).writeInt(-1)
                .toByteArray();

        assertThrows(IllegalStateException.class, () -> StateCodec.decodeAccount(negativeKeys));
        assertThrows(IllegalStateException.class, () -> StateCodec.decodeAccount(negativeLimits));
    }
}
