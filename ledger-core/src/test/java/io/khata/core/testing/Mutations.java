package io.khata.core.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Damaged copies of a valid encoding, for decoder tests: random bytes rarely get past a
 * parser's first byte, while a valid encoding with one thing wrong reaches every check behind it.
 */
public final class Mutations {
    private Mutations() {
    }

    /** Every proper prefix of {@code valid}: lengths 0 to {@code valid.length - 1}. */
    public static List<byte[]> truncations(byte[] valid) {
        List<byte[]> prefixes = new ArrayList<>(valid.length);
        for (int length = 0; length < valid.length; length++) {
            prefixes.add(Arrays.copyOf(valid, length));
        }
        return prefixes;
    }

    /** A copy of {@code valid} with one byte, at a random position, changed to a different value. */
    public static byte[] oneByteChanged(byte[] valid, SplittableRandom random) {
        if (valid.length == 0) {
            throw new IllegalArgumentException("nothing to change in an empty encoding");
        }
        byte[] changed = valid.clone();
        int position = random.nextInt(changed.length);
        changed[position] = (byte) (changed[position] + 1 + random.nextInt(255));
        return changed;
    }

    /** {@code valid} followed by {@code extraBytes} random bytes. */
    public static byte[] extended(byte[] valid, int extraBytes, SplittableRandom random) {
        byte[] longer = Arrays.copyOf(valid, valid.length + extraBytes);
        for (int i = valid.length; i < longer.length; i++) {
            longer[i] = (byte) random.nextInt(256);
        }
        return longer;
    }
}
