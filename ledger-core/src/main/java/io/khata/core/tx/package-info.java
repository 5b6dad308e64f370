/**
 * Transactions: the signed body, its operations, and the codec between bytes and values.
 *
 * <p>A transaction's hash is SHA-256 of its body bytes exactly as signed; this package never
 * re-encodes a decoded body to hash or verify it, and never lets an exception escape a decode.
 */
package io.khata.core.tx;
