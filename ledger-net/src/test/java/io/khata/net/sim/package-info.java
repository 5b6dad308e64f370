/**
 * The deterministic simulator that proves the consensus state machine: n validators, each a
 * real {@link io.khata.net.consensus.Consensus} with its own in-memory ledger-core
 * {@link io.khata.core.Ledger}, over a simulated network and clock, all driven by one seeded
 * random generator on one thread per seed.
 *
 * <p>What it must never do: read the real clock, start threads inside a run, or draw
 * randomness from anywhere but the run's own generator; iterate over anything whose order
 * depends on identity hash codes; or let two runs share state (seeds run side by side on the
 * cores, and each must give the same trace as it would alone). A failing seed prints the
 * command that replays it alone.
 */
package io.khata.net.sim;
