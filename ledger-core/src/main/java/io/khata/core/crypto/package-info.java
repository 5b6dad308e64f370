/**
 * Hashing and signatures: SHA-256 digests, Ed25519 keys and signatures (RFC 8032), the
 * parallel batch verifier, domain tags and PEM key files.
 *
 * <p>Everything signed starts with a {@link io.khata.core.crypto.DomainTag}. This package
 * never logs or prints a private key, and never uses the JDK's EdDSA provider, which is an
 * order of magnitude slower than BouncyCastle's low-level verifier.
 */
package io.khata.core.crypto;
