/**
 * Block building (the proposer's side), block validation (every node's side, the hot path),
 * the commit certificate check, and the cache of already-verified transactions.
 *
 * <p>Pure apart from the verifier's threads: no clock, no I/O. Never mutates committed state;
 * a validated block is committed by the ledger facade (package {@code io.khata.core.ledger}).
 */
package io.khata.core.validate;
