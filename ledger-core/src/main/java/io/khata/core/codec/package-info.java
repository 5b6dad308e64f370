/**
 * How Khata writes values as bytes and text: canonical byte layouts for hashing and signing
 * values that have no received bytes of their own, and the one JSON mapping of its protobuf
 * messages ({@link io.khata.core.codec.ProtoJson}), which reads only strict JSON
 * ({@link io.khata.core.codec.StrictJson}: unique names, one value, bounded nesting).
 *
 * <p>Never used to hash something that arrived as bytes: those are hashed exactly as received.
 * Never parses JSON with a lenient parser or configures protobuf's JSON mapping anywhere else.
 */
package io.khata.core.codec;
