/**
 * The deterministic simulator that proves the consensus state machine: n validators, each a
 * real {@link io.khata.net.consensus.Consensus} with its own in-memory ledger-core
 * {@link io.khata.core.ledger.Ledger}, over a simulated network and clock, all driven by one seeded
 * random generator on one thread per seed.
 *
 * <p>Membership changes (issue 9), in runs of their own
 * ({@code ConsensusSimulationTest#membershipChangesKeepTheInvariants}): one or two spare banks
 * outside the genesis follow from the start or come up later and catch up by block sync; the
 * authority adds them, removes validators (preferably the proposer of the next height, which
 * then proposes its own removal) and changes power, interleaved with the loss, delays,
 * partitions, crash-restarts and Byzantine validators of every run, and
 * submits changes the ledger must refuse. Each node's consensus takes the set of each height
 * from its own ledger, as a real node does. The invariants add: commits are checked against the
 * set in force at their height (no signature of a removed or not yet active member), every
 * honest node records each change at the same activation height, an honest node signs only
 * where it is a validator, and no refused change is ever committed. The workload keeps every
 * set one the run's faults cannot stall (see {@code Membership}).
 *
 * <p>What it must never do: read the real clock, start threads inside a run, or draw
 * randomness from anywhere but the run's own generator; iterate over anything whose order
 * depends on identity hash codes; or let two runs share state (seeds run side by side on the
 * cores, and each must give the same trace as it would alone). A failing seed prints the
 * command that replays it alone.
 */
package io.khata.net.sim;
