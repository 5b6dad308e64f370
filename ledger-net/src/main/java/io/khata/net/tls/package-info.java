/**
 * The consortium's TLS identities: the root CA that issues node certificates
 * ({@link io.khata.net.tls.ConsortiumCa}), a node's key and certificate chain
 * ({@link io.khata.net.tls.NodeCredentials}), PEM files ({@link io.khata.net.tls.Pem}), how a
 * certificate names its member ({@link io.khata.net.tls.MemberCertificates}) or an observer node
 * and the member bank that owns it ({@link io.khata.net.tls.PeerIdentity}), and the Netty
 * contexts for mutual TLS 1.3 ({@link io.khata.net.tls.TlsContexts}).
 *
 * <p>TLS keys are ECDSA P-256 because that is what the JDK 17 TLS 1.3 stack authenticates
 * both ways; they identify connections only. Ledger signatures stay Ed25519 and live in
 * ledger-core.
 *
 * <p>This package must never trust anything but the consortium root (no system trust store,
 * no hostname-based identity), never accept a certificate that names no genesis member (an
 * observer's names its owning member, and is accepted only where observers are and only for a
 * member bank), never let one certificate hold two roles, never
 * write a private key to a file others can read, and never log or print key material:
 * {@code toString} of every type here leaves private keys out.
 */
package io.khata.net.tls;
