/**
 * RFC 6962 Merkle trees: tree heads and audit paths over a block's transaction hashes.
 *
 * <p>Pure functions over hashes; this package does no I/O and never duplicates a leaf to
 * even out a level (the malleability of Bitcoin's tree, CVE-2012-2459).
 */
package io.khata.core.merkle;
