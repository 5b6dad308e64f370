/**
 * The embeddable node: configuration, the shell that runs consensus and performs its effects,
 * inbound message routing, transaction gossip, block sync and metrics.
 *
 * <p>This is the I/O edge around the pure consensus state machine and the ledger: clocks,
 * threads, files and the network live here. It never signs anything the consensus state
 * machine did not ask for, and never sends a signed message before its sign-state is on disk.
 */
package io.khata.net.node;
