/**
 * The deterministic simulator, shipped ({@code khata simulate}) so that a bank can run it
 * against its own consortium's shape: n validators with any voting powers, over a simulated
 * network, clock and disks, all driven by one seeded random generator on one thread per seed.
 *
 * <p>What is real: each node is the production {@link io.khata.net.node.ConsensusShell} around a
 * real {@link io.khata.net.consensus.Consensus}: the same effect loop and event queue as a node,
 * the same {@link io.khata.net.node.SignStateFile} encoding with its locked-block regions (through
 * the {@link io.khata.net.node.DurableFile} seam, and {@link io.khata.net.node.DurableDirectory}
 * for the locked-block files of earlier versions), the same block sync (request, answer from the ledger, decoding, commit with its
 * certificate) and status exchange, and ledger-core's real {@link io.khata.core.ledger.Ledger}
 * (builder, validator, payments state machine). Messages travel as their wire bytes
 * ({@code Envelope}) and are decoded by the node's codecs.
 *
 * <p>What is simulated: time ({@link io.khata.net.node.NodeClock} and
 * {@link io.khata.net.node.Scheduler} answer with virtual time), the network ({@link SimNetwork}:
 * delay with a long tail, loss, duplicates, one- and two-way partitions), the disk
 * ({@link SimulatedFile} under the sign-state file and {@link SimulatedDirectory} beside it:
 * writes durable only once synced, names only once the directory is synced;
 * a crash keeps, loses or tears each unsynced write and keeps or undoes each unsynced name;
 * {@link SimulatedLedgerStore} under the ledger: a batch whole or absent; all fail with I/O
 * errors and full disks), the mempool (a small ordered map) and transaction gossip (a workload
 * hands transactions to one or two nodes). Simulated nodes run with a block size limit of 128 KiB
 * ({@link Simulation#LIMITS}) instead of 32 MiB, so that blocks over it are cheap to make.
 * RocksDB and the TLS transport are covered by the real-network and SIGKILL tests instead.
 *
 * <p>The fault model ({@link Fault}, each switchable, each with a counter): loss, duplicates,
 * long delays, partitions; crash-restarts of up to f honest validators at any step or at a sync
 * (just before or after it) that lose or tear unsynced writes; I/O errors and full disks (a node
 * whose disk fails halts and is restarted); up to f Byzantine validators with less than 1/3 of
 * the power in all, which equivocate (two valid blocks to two halves and votes for both, votes
 * for a real competing proposal, precommits to one peer only), send garbage, votes under other
 * names and proposals out of turn, stamp absurd times on their votes, forget their lock on
 * purpose (amnesia), propose blocks with time 0, a year ahead or over the size limit, answer
 * block sync with a wrong block, a one-signature commit, truncated bytes or other heights, and
 * replay old messages in bursts; honest clocks skewed by up to
 * {@link Simulation#CLOCK_SKEW_MAX_MILLIS} either way; random unequal powers in half the runs;
 * and, in runs of their own, membership changes. Byzantine validators and crashed ones add up:
 * f of each at most, which the protocol tolerates because a crashed honest validator's signed
 * state survives its crash.
 *
 * <p>Checked after every step: agreement, validity (commits of more than 2/3 of the power of
 * the set in force), conservation of every asset's supply, no transaction committed twice, no
 * honest validator signing two different messages for one height, round and step (across
 * crashes too), durability (a restarted node finds every block and sign-state whose sync
 * returned, and the locked block of a lock it saved), no honest node halting but on an injected
 * disk fault (a ledger that refuses a commit certificate halts its node, so this catches bad
 * decisions too), BFT time (every committed block later than the one before and no later than
 * the honest clocks plus the skew bound plus its height); and after the faults stop, progress.
 *
 * <p>Broken variants ({@link Broken}, {@code --broken NAME}) swap a deliberately broken piece
 * into every node of a run to show that the checker catches it: a consensus that ignores its
 * lock, counts votes instead of power, takes half the power as a quorum, or decides a block
 * other than the one precommitted; a sign-state file whose writes never reach the disk.
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
