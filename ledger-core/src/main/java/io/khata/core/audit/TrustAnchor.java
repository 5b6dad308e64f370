package io.khata.core.audit;

import io.khata.core.crypto.Hash;

/**
 * The header a user trusts (from a node it runs, an earlier audit, a published checkpoint):
 * the hash of the block at {@code height}, the parent of the first block of a bundle that does
 * not start at genesis.
 */
public record TrustAnchor(long height, Hash hash) {
}
