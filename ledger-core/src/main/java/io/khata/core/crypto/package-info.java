/**
 * Hashing and signatures: SHA-256 digests, Ed25519 keys and signatures under Khata's written
 * rule (docs/ED25519.md), the parallel batch verifier, domain tags and PEM key files.
 *
 * <p>Everything signed starts with a {@link io.khata.core.crypto.DomainTag}. The rule is
 * defined by {@link io.khata.core.crypto.Ed25519Verifier#java()} (Khata's encoding checks, then
 * BouncyCastle's cofactored verifier); the optional native verifier may only make it faster: it
 * runs after the same checks, and every signature it rejects goes to the reference.
 *
 * <p>This package never logs or prints a private key, never verifies with the JDK's EdDSA
 * provider (an order of magnitude slower, and cofactorless), and never installs a JCA provider:
 * the native one is used by instance, so TLS and the rest of the process keep theirs.
 */
package io.khata.core.crypto;
