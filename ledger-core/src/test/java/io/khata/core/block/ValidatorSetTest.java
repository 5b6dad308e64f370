package io.khata.core.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.crypto.PublicKey;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of a validator set: what it refuses, its quorum arithmetic, and the hash headers carry. */
class ValidatorSetTest {
    private static PublicKey key(int fill) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) fill);
        return PublicKey.of(b);
    }

    private static PublicKey countingKey() {
        byte[] b = new byte[32];
        for (int i = 0; i < 32; i++) {
            b[i] = (byte) i;
        }
        return PublicKey.of(b);
    }

    /**
     * validators_hash of a fixed set, computed outside Khata from the rule in {@link ValidatorSet#hash()}:
     * <pre>
     * python3 -c "import hashlib,struct
     * def enc(i,k,p): b=i.encode(); return struct.pack('>I',len(b))+b+k+struct.pack('>q',p)
     * v=[('bank0',bytes(range(32)),1),('bank1',bytes([0xff]*32),2),('central-bank',bytes([7])*32,1000000007)]
     * print(hashlib.sha256(b''.join(enc(*x) for x in sorted(v))).hexdigest())"
     * </pre>
     */
    @Test
    void theHashIsPinnedToTheDocumentedEncodingInIdOrder() {
        ValidatorSet set = new ValidatorSet(List.of(
                new Validator("central-bank", key(7), 1_000_000_007L),
                new Validator("bank1", key(0xff), 2),
                new Validator("bank0", countingKey(), 1)));
        assertEquals("980d11da93bbdf2e9b776f4d9e9f4fcbbcb54315caf3d7050088a33d931794a2", set.hash().toHex());
        assertEquals(List.of("bank0", "bank1", "central-bank"), set.validators().stream().map(Validator::id).toList());
        assertEquals(1_000_000_010L, set.totalPower());
        assertEquals(3, set.size());
    }

    @Test
    void theSameValidatorsInAnyOrderAreOneSetAndAnyChangeIsAnother() {
        Validator a = new Validator("bank0", key(1), 1);
        Validator b = new Validator("bank1", key(2), 1);
        ValidatorSet ab = new ValidatorSet(List.of(a, b));
        ValidatorSet ba = new ValidatorSet(List.of(b, a));
        assertEquals(ab, ba);
        assertEquals(ab.hash(), ba.hash());
        assertEquals(ab.hashCode(), ba.hashCode());
        assertNotEquals(ab, new ValidatorSet(List.of(a, new Validator("bank1", key(2), 2))));
        assertNotEquals(ab.hash(), new ValidatorSet(List.of(a, new Validator("bank1", key(3), 1))).hash());
        assertNotEquals(ab.hash(), new ValidatorSet(List.of(a, new Validator("bank2", key(2), 1))).hash());
        assertNotEquals(ab, "not a set");
    }

    @Test
    void lookupsAnswerForMembersAndNullForOthers() {
        ValidatorSet set = new ValidatorSet(List.of(new Validator("bank0", key(1), 3)));
        assertEquals(key(1), set.keyOf("bank0"));
        assertNull(set.keyOf("bank9"));
        assertNull(set.get("bank9"));
        assertEquals(3, set.get("bank0").power());
        assertTrue(set.contains("bank0"));
        assertFalse(set.contains("bank9"));
        assertTrue(set.toString().contains("bank0"), set.toString());
    }

    @Test
    void anEmptySetADuplicateIdAndAnyNonPositivePowerAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ValidatorSet(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ValidatorSet(List.of(
                new Validator("bank0", key(1), 1), new Validator("bank0", key(2), 1))));
        assertThrows(IllegalArgumentException.class, () -> new Validator("bank0", key(1), 0));
        assertThrows(IllegalArgumentException.class, () -> new Validator("bank0", key(1), -1));
    }

    @Test
    void theTotalPowerMayReachItsMaximumAndNeverPassOrOverflowIt() {
        long max = ValidatorSet.TOTAL_POWER_MAX;
        assertEquals(max, new ValidatorSet(List.of(new Validator("bank0", key(1), max))).totalPower());
        assertEquals(max, new ValidatorSet(List.of(
                new Validator("bank0", key(1), max - 5), new Validator("bank1", key(2), 5))).totalPower());
        assertThrows(IllegalArgumentException.class,
                () -> new ValidatorSet(List.of(new Validator("bank0", key(1), max + 1))));
        assertThrows(IllegalArgumentException.class, () -> new ValidatorSet(List.of(
                new Validator("bank0", key(1), max - 5), new Validator("bank1", key(2), 6))));
        // A sum that wraps around to a negative number must be caught, not taken as small.
        assertThrows(IllegalArgumentException.class, () -> new ValidatorSet(List.of(
                new Validator("bank0", key(1), 1), new Validator("bank1", key(2), Long.MAX_VALUE))));
    }

    @Test
    void aQuorumIsMoreThanTwoThirdsAndOneThirdPlusIsMoreThanOneThird() {
        ValidatorSet set = new ValidatorSet(List.of(
                new Validator("bank0", key(1), 1), new Validator("bank1", key(2), 1),
                new Validator("bank2", key(3), 1), new Validator("bank3", key(4), 1),
                new Validator("bank4", key(5), 2)));
        // total 6: 2/3 is exactly 4 and 1/3 exactly 2; neither exact fraction is enough.
        assertFalse(set.isQuorum(4));
        assertTrue(set.isQuorum(5));
        assertFalse(set.isOneThirdPlus(2));
        assertTrue(set.isOneThirdPlus(3));
    }
}
