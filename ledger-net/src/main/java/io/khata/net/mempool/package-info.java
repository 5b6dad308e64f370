/**
 * The mempool: transactions admitted from clients and peers, waiting for a block.
 *
 * <p>Bounded by count and bytes, in total and per sender (the keys that signed a transaction: no
 * key holds more than a configured share, 10% by default, so one customer cannot fill it for
 * everybody); the bounds are re-checked in the same critical section that inserts, so concurrent
 * admissions never overshoot them. Every admission is checked (decode, signatures, expiry,
 * replay, state) before it is stored. Never evicts an admitted transaction to make room, and
 * never talks to the network itself: the node gossips what it admits.
 */
package io.khata.net.mempool;
