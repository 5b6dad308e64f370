package io.khata.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The property runner's promise: a failure names its seed and how to replay it, and a seed replays. */
class SeededPropertyTest {
    private static final long SEED = 8_675_309L;

    private static SeededProperty property(long seed) {
        return new SeededProperty("SomeProperties", "someProperty", "ledger-core", seed);
    }

    /** Runs every case in order and returns the first failure, or null. */
    private static AssertionError firstFailure(Stream<DynamicTest> cases) {
        for (DynamicTest test : (Iterable<DynamicTest>) cases::iterator) {
            try {
                test.getExecutable().execute();
            } catch (AssertionError failure) {
                return failure;
            } catch (Throwable other) {
                throw new IllegalStateException("a case failed with something other than an AssertionError", other);
            }
        }
        return null;
    }

    private static List<Long> drawn(SeededProperty property, int cases) {
        List<Long> values = new ArrayList<>();
        firstFailure(property.run(cases, Generator.longs(0, Long.MAX_VALUE), values::add, true));
        return values;
    }

    @Test
    void aFailingCaseReportsItsSeedAndTheCommandThatReplaysIt() {
        AssertionError failure = firstFailure(property(SEED).run(100, Generator.integers(0, 1000),
                value -> assertTrue(value < 900, "value " + value + " too big"), true));

        String message = failure.getMessage();
        assertTrue(message.contains("with seed " + SEED), message);
        assertTrue(message.contains("SomeProperties#someProperty"), message);
        assertTrue(message.contains("\n  replay: mvn -B -pl ledger-core -am test -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Dtest='SomeProperties#someProperty' -Dkhata.seed=" + SEED), message);
        assertTrue(message.contains("too big"), "the original message is kept: " + message);
        assertTrue(message.contains("\n  value: "), message);
        assertInstanceOf(AssertionError.class, failure.getCause());
    }

    @Test
    void anExceptionOtherThanAnAssertionIsReportedWithTheSeedToo() {
        IllegalArgumentException thrown = new IllegalArgumentException("decoder blew up");
        AssertionError failure = firstFailure(property(SEED).run(5, random -> random,
                random -> {
                    throw thrown;
                }, false));

        assertTrue(failure.getMessage().contains("failed at case 1 of 5 with seed " + SEED), failure.getMessage());
        assertTrue(failure.getMessage().contains("decoder blew up"), failure.getMessage());
        assertSame(thrown, failure.getCause());
    }

    @Test
    void theSameSeedDrawsTheSameCasesAndAnotherSeedOthers() {
        assertEquals(drawn(property(SEED), 50), drawn(property(SEED), 50));
        assertNotEquals(drawn(property(SEED), 50), drawn(property(SEED + 1), 50));
        // A case depends on its index, not on how many cases run: the first 20 of 50 are the 20 of 20.
        assertEquals(drawn(property(SEED), 50).subList(0, 20), drawn(property(SEED), 20));
    }

    @Test
    void theSeedPropertyFixesTheSeedOfARun() {
        String before = System.getProperty(SeededProperty.SEED_PROPERTY);
        try {
            System.setProperty(SeededProperty.SEED_PROPERTY, "-42");
            assertEquals(-42L, SeededProperty.runSeed());
            System.setProperty(SeededProperty.SEED_PROPERTY, "forty-two");
            assertThrows(IllegalArgumentException.class, SeededProperty::runSeed);
            System.clearProperty(SeededProperty.SEED_PROPERTY);
            assertNotEquals(SeededProperty.runSeed(), SeededProperty.runSeed(), "fresh seeds differ (2^-64 chance not)");
        } finally {
            if (before == null) {
                System.clearProperty(SeededProperty.SEED_PROPERTY);
            } else {
                System.setProperty(SeededProperty.SEED_PROPERTY, before);
            }
        }
    }

    @Test
    void theCasesPercentPropertyScalesEveryPropertyAndKeepsAtLeastOneCase() {
        String before = System.getProperty(SeededProperty.CASES_PERCENT_PROPERTY);
        try {
            System.clearProperty(SeededProperty.CASES_PERCENT_PROPERTY);
            assertEquals(1000, SeededProperty.scaled(1000));
            System.setProperty(SeededProperty.CASES_PERCENT_PROPERTY, "10");
            assertEquals(100, SeededProperty.scaled(1000));
            assertEquals(1, SeededProperty.scaled(5));
            assertEquals(100, SeededProperty.cases(1000, random -> { }).count());
            System.setProperty(SeededProperty.CASES_PERCENT_PROPERTY, "0");
            assertThrows(IllegalArgumentException.class, () -> SeededProperty.scaled(1000));
            System.setProperty(SeededProperty.CASES_PERCENT_PROPERTY, "101");
            assertThrows(IllegalArgumentException.class, () -> SeededProperty.scaled(1000));
        } finally {
            if (before == null) {
                System.clearProperty(SeededProperty.CASES_PERCENT_PROPERTY);
            } else {
                System.setProperty(SeededProperty.CASES_PERCENT_PROPERTY, before);
            }
        }
    }

    @Test
    void aPropertyIsNamedAfterTheTestFactoryThatBuiltIt() {
        AssertionError failure = firstFailure(new Factories().aFactoryWhosePropertyFails());
        assertTrue(failure.getMessage().contains("-Dtest='SeededPropertyTest$Factories#aFactoryWhosePropertyFails'"),
                failure.getMessage());
    }

    /** A nested class that is not {@code @Nested}, so its failing factory runs only when the test above calls it. */
    static final class Factories {
        @TestFactory
        Stream<DynamicTest> aFactoryWhosePropertyFails() {
            return helperThatBuildsCases();
        }

        /** Between the factory and the runner, and skipped when the property is named. */
        private static Stream<DynamicTest> helperThatBuildsCases() {
            return SeededProperty.cases(3, random -> fail("always fails"));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCaseRunsAndPassesWhenThePropertyHolds() {
        return SeededProperty.forAll(20, Generator.integers(-5, 5), value -> assertTrue(value >= -5 && value <= 5));
    }

    @Test
    void aPropertyNeedsAtLeastOneCase() {
        assertThrows(IllegalArgumentException.class, () -> property(SEED).run(0, random -> random, random -> { }, false));
    }

    @Test
    void describedValuesAreShortened() {
        assertEquals("3 bytes 00ff10", SeededProperty.describe(new byte[] {0, -1, 16}));
        String longText = SeededProperty.describe("x".repeat(1000));
        assertTrue(longText.endsWith("... (1000 chars)"), longText);
        assertTrue(longText.length() < 350, longText);
    }

    // ------------------------------------------------------------------ generators

    @Test
    void numbersStayInTheirRangeAndHitBothEnds() {
        SplittableRandom random = new SplittableRandom(SEED);
        Generator<Long> nearTheTop = Generator.longs(Long.MAX_VALUE - 3, Long.MAX_VALUE);
        Generator<Long> anything = Generator.longs(Long.MIN_VALUE, Long.MAX_VALUE);
        Generator<Integer> small = Generator.integers(-2, 2);
        Map<Integer, Integer> seen = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            assertTrue(nearTheTop.next(random) >= Long.MAX_VALUE - 3);
            anything.next(random);
            seen.merge(small.next(random), 1, Integer::sum);
        }
        assertEquals(5, seen.size(), seen.toString());
        assertThrows(IllegalArgumentException.class, () -> Generator.integers(1, 0));
    }

    @Test
    void bytesAndStringsRespectTheirLengthAndAlphabet() {
        SplittableRandom random = new SplittableRandom(SEED);
        boolean sawEmpty = false;
        boolean sawLong = false;
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = Generator.bytes(300).next(random);
            assertTrue(bytes.length <= 300);
            sawEmpty |= bytes.length == 0;
            sawLong |= bytes.length > 200;
            String text = Generator.strings("ab", 10).next(random);
            assertTrue(text.length() <= 10 && text.chars().allMatch(c -> c == 'a' || c == 'b'), text);
        }
        assertTrue(sawEmpty && sawLong);
    }

    @Test
    void frequencyFollowsTheWeights() {
        Generator<String> weighted = Generator.frequency(Generator.Weighted.value(9, "often"),
                Generator.Weighted.value(1, "rarely"));
        SplittableRandom random = new SplittableRandom(SEED);
        int rarely = 0;
        for (int i = 0; i < 10_000; i++) {
            rarely += weighted.next(random).equals("rarely") ? 1 : 0;
        }
        assertTrue(rarely > 800 && rarely < 1200, rarely + " of 10000 for a weight of 1 in 10");
        assertThrows(IllegalArgumentException.class, () -> Generator.frequency(Generator.Weighted.value(0, "never")));
    }

    @Test
    void listsHaveTheirSize() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < 500; i++) {
            int size = Generator.integers(0, 9).list(2, 4).next(random).size();
            assertTrue(size >= 2 && size <= 4, "size " + size);
        }
    }
}
