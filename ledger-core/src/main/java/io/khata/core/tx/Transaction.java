package io.khata.core.tx;

import io.khata.core.Rejection;
import io.khata.core.crypto.DomainTag;
import io.khata.core.crypto.Ed25519;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.SignatureCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A transaction as received: its exact encoded bytes, the exact body bytes its signers
 * signed, {@code hash = SHA-256(body)}, the decoded body and the signatures. Two transactions
 * are equal when their encoded bytes are. Obtain one from {@link TxCodec#decode} or
 * {@link TxCodec#sign}; the constructor trusts its arguments to agree.
 *
 * <p>Each signature covers {@code TRANSACTION ‖ tx_hash}; the body carries the chain id, so a
 * signature for one chain or one purpose never verifies for another.
 */
public final class Transaction {
    private final byte[] encoded;
    private final Hash hash;
    private final TxBody body;
    private final List<TxSignature> signatures;

    Transaction(byte[] encoded, Hash hash, TxBody body, List<TxSignature> signatures) {
        this.encoded = encoded;
        this.hash = hash;
        this.body = body;
        this.signatures = List.copyOf(signatures);
    }

    public Hash hash() {
        return hash;
    }

    public TxBody body() {
        return body;
    }

    public List<TxSignature> signatures() {
        return signatures;
    }

    /** A copy of the exact bytes this transaction was received or built as. */
    public byte[] encode() {
        return encoded.clone();
    }

    public int encodedSize() {
        return encoded.length;
    }

    /** The bytes every signer signed: {@code TRANSACTION tag ‖ tx_hash}. */
    public byte[] signedMessage() {
        return signedMessage(hash);
    }

    static byte[] signedMessage(Hash hash) {
        byte[] message = new byte[1 + Hash.BYTES];
        message[0] = DomainTag.TRANSACTION.value();
        hash.copyTo(message, 1);
        return message;
    }

    /** One check per signature, for a batch verifier. */
    public List<SignatureCheck> signatureChecks() {
        byte[] message = signedMessage();
        List<SignatureCheck> checks = new ArrayList<>(signatures.size());
        for (TxSignature signature : signatures) {
            checks.add(new SignatureCheck(signature.publicKey(), message, signature.signature()));
        }
        return checks;
    }

    /**
     * The stateless checks that need no ledger: the chain id, no key signing twice, and every
     * signature canonical and valid. Empty when all hold. Cheapest first; the signatures last.
     */
    public Optional<Rejection> checkSignatures(String chainId) {
        Optional<Rejection> structural = checkBeforeSignatures(chainId);
        if (structural.isPresent()) {
            return structural;
        }
        byte[] message = signedMessage();
        for (TxSignature signature : signatures) {
            if (!Ed25519.verify(signature.publicKey(), message, signature.signature())) {
                return Optional.of(new Rejection.BadSignature(signature.publicKey()));
            }
        }
        return Optional.empty();
    }

    /** The checks of {@link #checkSignatures} that come before verifying any signature. */
    public Optional<Rejection> checkBeforeSignatures(String chainId) {
        if (!body.chainId().equals(chainId)) {
            return Optional.of(new Rejection.WrongChain(chainId, body.chainId()));
        }
        // A pairwise scan, not a HashSet: at most Limits.signaturesPerTxMax signatures, and
        // nearly always one or two, for which a set per transaction showed in validation profiles.
        for (int i = 0; i < signatures.size(); i++) {
            TxSignature signature = signatures.get(i);
            for (int earlier = 0; earlier < i; earlier++) {
                if (signatures.get(earlier).publicKey().equals(signature.publicKey())) {
                    return Optional.of(new Rejection.DuplicateSigner(signature.publicKey()));
                }
            }
            if (!signature.signature().isCanonical()) {
                return Optional.of(new Rejection.NonCanonicalSignature(signature.publicKey()));
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Transaction that && hash.equals(that.hash) && Arrays.equals(encoded, that.encoded);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }

    @Override
    public String toString() {
        return "Transaction[" + hash + "]";
    }
}
