package io.khata.core.tx;

import io.khata.core.crypto.PublicKey;
import io.khata.core.crypto.Signature;

/** One signer's Ed25519 signature over {@code TRANSACTION tag ‖ tx_hash}. */
public record TxSignature(PublicKey publicKey, Signature signature) {
}
