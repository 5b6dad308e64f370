/**
 * JMH benchmarks of block validation, always next to its physical limit measured in the same
 * run: raw Ed25519 verification of the same signatures on the same number of threads
 * ({@link io.khata.bench.SignatureBaselineBenchmark}). {@link io.khata.bench.Workload} makes
 * the data, deterministically from a fixed seed; {@link io.khata.bench.RatioReport} turns a
 * JMH JSON result into the ratio table of the README.
 *
 * <p>What this package must never do: time a failure path (every setup checks that its block
 * validates, and every benchmark fails loudly on a rejection), or let data generation fall
 * inside the measured time.
 */
package io.khata.bench;
