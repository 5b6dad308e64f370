/**
 * Block building (the proposer's side), block validation (every node's side, the hot path),
 * the commit certificate check, the evidence rule ({@link io.khata.core.validate.EvidenceCheck}), and
 * the cache of already-verified transactions.
 *
 * <p>What a block may never be, checked by the validator and never produced by the builder:
 * over any {@link io.khata.core.Limits} bound (its exact encoded bytes included), or carrying
 * evidence that fails {@link io.khata.core.validate.EvidenceCheck} (judged by the validator set
 * of the evidence's own height, at most {@code AGE_HEIGHTS_MAX} heights old) or whose offence is
 * listed twice or was committed in an earlier block. The builder leaves such evidence out
 * instead of failing, because the pool it is offered from cannot know every later commit.
 *
 * <p>Pure apart from the verifier's threads: no clock, no I/O. Never mutates committed state;
 * a validated block is committed by the ledger facade (package {@code io.khata.core.ledger}).
 */
package io.khata.core.validate;
