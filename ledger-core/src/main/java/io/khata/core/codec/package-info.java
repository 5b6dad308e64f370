/**
 * Canonical byte layouts for hashing and signing values that have no received bytes of their own.
 *
 * <p>Never used to hash something that arrived as bytes: those are hashed exactly as received.
 */
package io.khata.core.codec;
