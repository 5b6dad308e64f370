/**
 * Seeded property tests for every module's tests: {@link io.khata.core.testing.SeededProperty}
 * runs a property as a number of JUnit dynamic tests from one seed, and
 * {@link io.khata.core.testing.Generator} draws the inputs from a {@link java.util.SplittableRandom}.
 *
 * <p>Why our own: a property is only worth its failures if a failure replays. Each run takes a
 * fresh seed unless {@code -Dkhata.seed=N} fixes it, every case derives its randomness from
 * that seed alone, and a failing case names the seed and the Maven command that replays it.
 * There is no shrinking: a failure shows the case as it was drawn.
 *
 * <p>Never: shared or unseeded randomness (no {@code Math.random}, no static {@code Random}),
 * clocks or threads inside a generator, or a failure message without its seed. This package
 * is test code and is shipped only in ledger-core's test jar.
 */
package io.khata.core.testing;
