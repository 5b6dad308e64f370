package io.khata.core.testing;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A property checked on a number of random cases, as the dynamic tests of a
 * {@code @TestFactory} method:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> randomBytesNeverThrow() {
 *     return SeededProperty.forAll(1000, Generator.bytes(4096), bytes -> assertNotNull(decode(bytes)));
 * }
 * }</pre>
 *
 * <p>One seed per property and run: fresh (from {@link SecureRandom}) unless the system property
 * {@value #SEED_PROPERTY} gives it. Case {@code i} draws from a {@link SplittableRandom} whose
 * seed is the {@code i}-th number of a generator seeded with the run's seed, so a case depends
 * on nothing but the seed and its index: replaying the seed replays every case, in any order.
 *
 * <p>A failing case, whether an assertion or any other exception, fails with an
 * {@link AssertionError} whose message names the property, the case, the seed, the value drawn
 * (shortened) and the one-line Maven command that replays it; the original failure is its cause.
 */
public final class SeededProperty {
    /** The system property that fixes the seed: {@code mvn ... -Dkhata.seed=N}. */
    public static final String SEED_PROPERTY = "khata.seed";
    /**
     * The system property that scales every property's number of cases, in percent (at least one
     * case is kept): mutation testing runs each test once per mutant, so it gives the properties a
     * small budget ({@code -Dkhata.cases.percent=10}); a plain test run keeps them all.
     */
    public static final String CASES_PERCENT_PROPERTY = "khata.cases.percent";

    private static final int VALUE_CHARS_MAX = 300;

    private final String testClass;
    private final String testMethod;
    private final String module;
    private final long seed;

    SeededProperty(String testClass, String testMethod, String module, long seed) {
        this.testClass = testClass;
        this.testMethod = testMethod;
        this.module = module;
        this.seed = seed;
    }

    /** {@code cases} cases of {@code property}, each given its own seeded random source. */
    public static Stream<DynamicTest> cases(int cases, Consumer<SplittableRandom> property) {
        return forCaller().run(scaled(cases), random -> random, property, false);
    }

    /** {@code cases} values of {@code generator}, each checked by {@code property}. */
    public static <T> Stream<DynamicTest> forAll(int cases, Generator<T> generator, Consumer<? super T> property) {
        return forCaller().run(scaled(cases), generator, property, true);
    }

    /**
     * The property of the calling test: the nearest caller annotated {@code @TestFactory} (so a
     * helper may build the cases for it), else the nearest caller outside this class.
     */
    private static SeededProperty forCaller() {
        List<StackWalker.StackFrame> callers = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.filter(frame -> frame.getDeclaringClass() != SeededProperty.class).toList());
        if (callers.isEmpty()) {
            throw new IllegalStateException("no caller outside SeededProperty");
        }
        StackWalker.StackFrame caller = callers.stream().filter(SeededProperty::isTestFactory).findFirst()
                .orElse(callers.get(0));
        String className = caller.getDeclaringClass().getName();
        return new SeededProperty(className.substring(className.lastIndexOf('.') + 1), caller.getMethodName(),
                currentModule(), runSeed());
    }

    private static boolean isTestFactory(StackWalker.StackFrame frame) {
        Method[] methods;
        try {
            methods = frame.getDeclaringClass().getDeclaredMethods();
        } catch (LinkageError | SecurityException unreadable) {
            return false; // a framework class whose optional dependencies are absent: not a test
        }
        for (Method method : methods) {
            if (method.getName().equals(frame.getMethodName()) && method.isAnnotationPresent(TestFactory.class)) {
                return true;
            }
        }
        return false;
    }

    /** The seed given by {@value #SEED_PROPERTY}, or a fresh one. */
    static long runSeed() {
        String given = System.getProperty(SEED_PROPERTY);
        if (given == null || given.isBlank()) {
            return new SecureRandom().nextLong();
        }
        try {
            return Long.parseLong(given.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + SEED_PROPERTY + "=" + given + " is not a long", e);
        }
    }

    /** {@code cases} scaled by {@value #CASES_PERCENT_PROPERTY} (100 when unset), never below one. */
    static int scaled(int cases) {
        if (cases <= 0) {
            return cases; // refused by run, with the number asked for
        }
        int percent = Integer.getInteger(CASES_PERCENT_PROPERTY, 100);
        if (percent <= 0 || percent > 100) {
            throw new IllegalArgumentException("-D" + CASES_PERCENT_PROPERTY + "=" + percent + " is not in 1..100");
        }
        return Math.max(1, (int) ((long) cases * percent / 100));
    }

    /** The Maven module the tests run in: surefire sets {@code basedir} to its directory. */
    private static String currentModule() {
        Path directory = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path name = directory.getFileName();
        return name == null ? "" : name.toString();
    }

    <T> Stream<DynamicTest> run(int cases, Generator<T> generator, Consumer<? super T> property,
                                boolean describeValue) {
        if (cases <= 0) {
            throw new IllegalArgumentException("a property needs at least one case, not " + cases);
        }
        long[] caseSeeds = new SplittableRandom(seed).longs(cases).toArray();
        return IntStream.range(0, cases).mapToObj(index -> DynamicTest.dynamicTest(
                "case " + (index + 1) + " of " + cases + ", seed " + seed,
                () -> check(index, cases, new SplittableRandom(caseSeeds[index]), generator, property, describeValue)));
    }

    private <T> void check(int index, int cases, SplittableRandom random, Generator<T> generator,
                           Consumer<? super T> property, boolean describeValue) {
        T value = null;
        try {
            value = generator.next(random);
            property.accept(value);
        } catch (Throwable failure) {
            if (failure instanceof VirtualMachineError error) {
                throw error;
            }
            throw new AssertionError(failureMessage(index, cases, describeValue ? describe(value) : null, failure), failure);
        }
    }

    String failureMessage(int index, int cases, String value, Throwable failure) {
        StringBuilder message = new StringBuilder()
                .append("property ").append(testClass).append('#').append(testMethod)
                .append(" failed at case ").append(index + 1).append(" of ").append(cases)
                .append(" with seed ").append(seed).append(": ").append(failure);
        if (value != null) {
            message.append("\n  value: ").append(value);
        }
        return message.append("\n  replay: ").append(replayCommand()).toString();
    }

    /** The one line that runs this property again with this seed, from the project's root. */
    public String replayCommand() {
        String modules = module.isEmpty() ? "" : "-pl " + module + " -am ";
        return "mvn -B " + modules + "test -Dsurefire.failIfNoSpecifiedTests=false -Dtest='" + testClass + "#"
                + testMethod + "' -D" + SEED_PROPERTY + "=" + seed;
    }

    long seed() {
        return seed;
    }

    static String describe(Object value) {
        String text;
        if (value instanceof byte[] bytes) {
            text = bytes.length + " bytes " + HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, VALUE_CHARS_MAX / 2));
        } else {
            text = String.valueOf(value);
        }
        return text.length() <= VALUE_CHARS_MAX ? text : text.substring(0, VALUE_CHARS_MAX) + "... (" + text.length() + " chars)";
    }
}
