/**
 * Blocks, headers, votes, commit certificates and evidence, and their codecs.
 *
 * <p>A block's hash is SHA-256 of its header bytes as encoded by the proposer; votes and
 * commits are hashed and signed over {@link io.khata.core.codec.CanonicalWriter} layouts. This
 * package checks structure only: whether a block is valid against a ledger is decided by
 * {@code io.khata.core.validate}. {@link io.khata.core.block.BlockTime} is the one rule kept
 * here, because it needs nothing but a commit and a validator set: a block's time is the
 * power-weighted median of its last commit's signed precommit times (BFT time), never a clock
 * reading of its proposer; this package reads no clock.
 */
package io.khata.core.block;
