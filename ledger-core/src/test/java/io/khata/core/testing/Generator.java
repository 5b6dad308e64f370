package io.khata.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Draws one value from a {@link SplittableRandom}: the same random state always gives the same
 * value, so a case replays from its seed. Ranges are inclusive at both ends.
 *
 * <p>Numbers and sizes come out at their edges (the minimum, the maximum and their neighbours)
 * more often than uniform drawing would give, because off-by-one bugs live there.
 */
@FunctionalInterface
public interface Generator<T> {
    /** One in this many numbers or sizes is an edge value instead of a uniform one. */
    int EDGE_ONE_IN = 8;

    T next(SplittableRandom random);

    default <R> Generator<R> map(Function<? super T, ? extends R> mapper) {
        return random -> mapper.apply(next(random));
    }

    /** A list of {@code sizeMin} to {@code sizeMax} values of this generator. */
    default Generator<List<T>> list(int sizeMin, int sizeMax) {
        Generator<Integer> size = integers(sizeMin, sizeMax);
        return random -> {
            int count = size.next(random);
            List<T> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                values.add(next(random));
            }
            return values;
        };
    }

    static <T> Generator<T> constant(T value) {
        return random -> value;
    }

    /** One of {@code values}, each equally likely. */
    @SafeVarargs
    static <T> Generator<T> of(T... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to choose from");
        }
        List<T> copy = List.of(values);
        return random -> copy.get(random.nextInt(copy.size()));
    }

    static Generator<Integer> integers(int min, int max) {
        Generator<Long> longs = longs(min, max);
        return random -> longs.next(random).intValue();
    }

    static Generator<Long> longs(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("empty range " + min + ".." + max);
        }
        return random -> {
            if (random.nextInt(EDGE_ONE_IN) == 0) {
                return edge(min, max, random);
            }
            if (max < Long.MAX_VALUE) {
                return random.nextLong(min, max + 1);
            }
            if (min > Long.MIN_VALUE) {
                return random.nextLong(min - 1, max) + 1;
            }
            return random.nextLong();
        };
    }

    /** The minimum, the maximum, or a neighbour inside the range. */
    private static long edge(long min, long max, SplittableRandom random) {
        switch (random.nextInt(4)) {
            case 0:
                return min;
            case 1:
                return max;
            case 2:
                return min < max ? min + 1 : min;
            default:
                return min < max ? max - 1 : max;
        }
    }

    /**
     * {@code 0} to {@code lengthMax} bytes. Lengths are mostly short (so most inputs are cheap
     * and reach the parser's first decisions), sometimes anywhere up to the maximum; a quarter
     * of the bytes are ones that protobuf and JSON parsers branch on.
     */
    static Generator<byte[]> bytes(int lengthMax) {
        Generator<Integer> anyLength = integers(0, lengthMax);
        Generator<Integer> shortLength = integers(0, Math.min(lengthMax, 64));
        return random -> {
            int length = random.nextBoolean() ? shortLength.next(random) : anyLength.next(random);
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) {
                bytes[i] = random.nextInt(4) == 0 ? STRUCTURAL_BYTES[random.nextInt(STRUCTURAL_BYTES.length)]
                        : (byte) random.nextInt(256);
            }
            return bytes;
        };
    }

    /** Tags of protobuf fields 1 to 3 of each wire type, varint edges, and JSON's punctuation. */
    byte[] STRUCTURAL_BYTES = {0x00, 0x01, 0x08, 0x0a, 0x10, 0x12, 0x18, 0x1a, 0x7f, (byte) 0x80, (byte) 0xff,
        '{', '}', '[', ']', '"', ':', ','};

    /** A string of {@code 0} to {@code lengthMax} characters, each drawn from {@code alphabet}. */
    static Generator<String> strings(String alphabet, int lengthMax) {
        if (alphabet.isEmpty()) {
            throw new IllegalArgumentException("empty alphabet");
        }
        Generator<Integer> length = integers(0, lengthMax);
        return random -> {
            int count = length.next(random);
            StringBuilder text = new StringBuilder(count);
            for (int i = 0; i < count; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return text.toString();
        };
    }

    /** A value of one of the {@code choices}, each picked in proportion to its weight. */
    @SafeVarargs
    static <T> Generator<T> frequency(Weighted<? extends T>... choices) {
        List<Weighted<? extends T>> copy = List.of(choices);
        int total = 0;
        for (Weighted<? extends T> choice : copy) {
            if (choice.weight() <= 0) {
                throw new IllegalArgumentException("weight " + choice.weight() + " is not positive");
            }
            total = Math.addExact(total, choice.weight());
        }
        if (total == 0) {
            throw new IllegalArgumentException("no choices");
        }
        int weightSum = total;
        return random -> {
            int pick = random.nextInt(weightSum);
            for (Weighted<? extends T> choice : copy) {
                pick -= choice.weight();
                if (pick < 0) {
                    return choice.generator().next(random);
                }
            }
            throw new IllegalStateException("weights changed while drawing");
        };
    }

    /** A choice for {@link #frequency}: a generator and how often it is picked relative to the others. */
    record Weighted<T>(int weight, Generator<T> generator) {
        public static <T> Weighted<T> value(int weight, T value) {
            return new Weighted<>(weight, constant(value));
        }
    }
}
