/**
 * Blocks, headers, votes, commit certificates and evidence, and their codecs.
 *
 * <p>A block's hash is SHA-256 of its header bytes as encoded by the proposer; votes and
 * commits are hashed and signed over {@link io.khata.core.codec.CanonicalWriter} layouts. This
 * package checks structure only: whether a block is valid against a ledger is decided by
 * {@code io.khata.core.validate}.
 */
package io.khata.core.block;
