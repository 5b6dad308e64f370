/**
 * The embeddable node: configuration, the shell that runs consensus and performs its effects,
 * inbound message routing, transaction gossip, block sync and metrics.
 *
 * <p>{@link io.khata.net.node.ConsensusShell} is the one effect loop, shared with the simulator
 * ({@code io.khata.net.sim}): it touches time, the network and storage only through its seams
 * ({@link io.khata.net.node.NodeClock}, {@link io.khata.net.node.Scheduler},
 * {@link io.khata.net.node.PeerNetwork}, {@link io.khata.net.node.DurableFile} under the
 * sign-state file, and the ledger's store), and reports to a {@link io.khata.net.node.ShellHost}.
 * The node supplies the real ones ({@code ConsensusThread} is its scheduler and hands calls to
 * the consensus thread in arrival order, nothing more); the simulator supplies simulated ones.
 *
 * <p>This is the I/O edge around the pure consensus state machine and the ledger: clocks,
 * threads, files and the network live here. It never signs anything the consensus state
 * machine did not ask for, and never sends a signed message before its sign-state is on disk.
 *
 * <p>Every peer may be hostile. What peers send reaches the node's two threads only through
 * {@link io.khata.net.node.InboundMessages}: per-peer lanes bounded in bytes and served in turn
 * (so neither thread's own queue holds peer input beyond those bounds, and no peer starves
 * another), copies dropped before they are decoded, expensive answers rate-limited per peer,
 * unsolicited block responses dropped unread, and a peer far over its budget disconnected with
 * backoff. A full lane drops and counts; nothing ever blocks the network's event loop. The
 * bounds are in {@link io.khata.net.node.InboundBounds}, derived from the block limit.
 *
 * <p>A node is a validator or an observer ({@link io.khata.net.node.NodeRole}). An observer runs
 * the same shell and validation with no validator key: it has no sign-state file
 * ({@code NoSignState} refuses any write, halting the node), its shell's network withholds every
 * proposal, vote and evidence ({@code ObserverOutbound}), and a node never takes one from an
 * observer's connection ({@code ObserverInbound}: dropped before decoding, counted).
 *
 * <p>Committed blocks leave the node through {@code Node.subscribe} ({@link io.khata.net.feed}):
 * the consensus thread publishes each block to the feed and never runs subscriber code; the
 * node's two feed threads deliver, and stop when the node closes.
 */
package io.khata.net.node;
