package io.khata.client;

import io.khata.core.crypto.PublicKey;
import io.khata.core.crypto.Signature;

/**
 * One Ed25519 key that signs transactions. Khata's rule: every signer signs
 * {@code 0x01 ‖ SHA-256(body bytes)} (the TRANSACTION domain tag, then the transaction hash) with
 * pure Ed25519 (RFC 8032); the {@link TransactionBuilder} hands over exactly those 33 bytes.
 *
 * <p>Implementations may sign anywhere: in this heap ({@link KeyFileSigner}), or through a JCA
 * provider backed by an HSM or a cloud KMS ({@link JcaSigner}).
 */
public interface Signer {
    /** The key the ledger checks the signature with, as registered on the account. */
    PublicKey publicKey();

    /** Signs {@code message} as given (the builder has already prefixed the domain tag). */
    Signature sign(byte[] message) throws SigningException;
}
