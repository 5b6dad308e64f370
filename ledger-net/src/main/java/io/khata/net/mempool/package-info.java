/**
 * The mempool: transactions admitted from clients and peers, waiting for a block.
 *
 * <p>Bounded by count and bytes; every admission is checked (decode, signatures, expiry,
 * replay, state) before it is stored. Never evicts an admitted transaction to make room, and
 * never talks to the network itself: the node gossips what it admits.
 */
package io.khata.net.mempool;
