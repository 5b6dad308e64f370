/**
 * The deterministic simulator, shipped ({@code khata simulate}) so that a bank can run it
 * against its own consortium's shape: n validators with any voting powers, over a simulated
 * network, clock and disks, all driven by one seeded random generator on one thread per seed.
 *
 * <p>What is real: each node is the production {@link io.khata.net.node.ConsensusShell} around a
 * real {@link io.khata.net.consensus.Consensus}: the same effect loop and event queue as a node,
 * the same {@link io.khata.net.node.SignStateFile} encoding, the same block sync (request,
 * answer from the ledger, decoding, commit with its certificate) and status exchange, and
 * ledger-core's real {@link io.khata.core.ledger.Ledger} (builder, validator, payments state
 * machine). Messages travel as their wire bytes ({@code Envelope}).
 *
 * <p>What is simulated: time ({@link io.khata.net.node.NodeClock} and
 * {@link io.khata.net.node.Scheduler} answer with virtual time), the network ({@link SimNetwork}:
 * delay with a long tail, loss, duplicates, one- and two-way partitions), the disk
 * ({@link SimulatedFile} under the sign-state file: writes durable only once synced, a crash
 * keeps, loses or tears each unsynced write; {@link SimulatedLedgerStore} under the ledger:
 * a batch whole or absent; both fail with I/O errors and full disks), the mempool (a small
 * ordered map) and transaction gossip (a workload hands transactions to one or two nodes).
 * RocksDB and the TLS transport are covered by the real-network and SIGKILL tests instead.
 *
 * <p>Checked after every step: agreement, validity (commits of more than 2/3 of the power of
 * the set in force), conservation of every asset's supply, no transaction committed twice, no
 * honest validator signing two different messages for one height, round and step (across
 * crashes too), durability (a restarted node finds every block and sign-state whose sync
 * returned), no honest node halting but on an injected disk fault, BFT time (every committed
 * block later than the one before and no later than the honest clocks plus its height, while
 * Byzantine validators' clocks read 0, the end of {@code long} or a year ahead); and after the
 * faults stop, progress.
 *
 * <p>Membership changes (issue 9), in runs of their own: one or two spare banks outside the
 * genesis follow from the start or come up later and catch up by block sync; the authority
 * adds them, removes validators (preferably the proposer of the next height) and changes
 * power, interleaved with the other faults, and submits changes the ledger must refuse. The
 * invariants add: commits are checked against the set in force at their height, every honest
 * node records each change at the same activation height, an honest node signs only where it
 * is a validator, and no refused change is ever committed.
 *
 * <p>What it must never do: read the real clock, start threads inside a run, or draw
 * randomness from anywhere but the run's own generator; iterate over anything whose order
 * depends on identity hash codes; let two runs share state (seeds run side by side on the
 * cores, and each must give the same trace as it would alone); or give the node code a path
 * the node does not have (an adapter that reorders or merges events).
 */
package io.khata.net.sim;
