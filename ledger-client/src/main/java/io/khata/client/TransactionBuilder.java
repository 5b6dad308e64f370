package io.khata.client;

import io.khata.core.Limits;
import io.khata.core.crypto.Ed25519;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.PublicKey;
import io.khata.core.crypto.Sha256;
import io.khata.core.crypto.Signature;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.core.tx.TxSignature;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a transaction of one or more operations (applied all or none) and signs it. Amounts are
 * in the asset's minor units (see {@link AssetUnits}). The body is encoded once and the signers
 * sign {@code 0x01 ‖ SHA-256(body)}; the body bytes then travel unchanged, so what the node hashes
 * is exactly what was signed.
 *
 * <p>{@code valid_until_time} is the latest block time at which the transaction may commit, and a
 * block refuses one set more than the genesis {@code max_tx_ttl_ms} (one hour by default) past its
 * own time: set it with {@link #validUntilTime} or {@link #validFor}, leaving a margin below the TTL
 * for clock differences ({@link KhataClient#newTransaction()} sets ten minutes). The nonce is random unless given, so two equal transfers are two transactions;
 * to retry safely, resend the same signed transaction, never a rebuilt one.
 */
public final class TransactionBuilder {
    private static final SecureRandom NONCES = new SecureRandom();

    private final String chainId;
    private final List<Operation> operations = new ArrayList<>();
    private long validUntilMillis = -1;
    private long nonce = -1;
    private String memo = "";

    private TransactionBuilder(String chainId) {
        this.chainId = Objects.requireNonNull(chainId, "chainId");
    }

    /** A transaction for the chain named {@code chainId} (the genesis {@code chain_id}). */
    public static TransactionBuilder forChain(String chainId) {
        return new TransactionBuilder(chainId);
    }

    // ------------------------------------------------------------------ operations

    /** Opens {@code id} (name@domain) in the signer's domain, controlled by {@code quorum} of {@code keys}. */
    public TransactionBuilder createAccount(String id, List<PublicKey> keys, int quorum) {
        return add(new Operation.CreateAccount(id, keys, quorum));
    }

    /** Registers an asset with {@code decimals} minor-unit digits; the authority signs. */
    public TransactionBuilder createAsset(String id, String issuer, int decimals) {
        return add(new Operation.CreateAsset(id, issuer, decimals));
    }

    /** New units of {@code asset} into {@code to}; the asset's issuer signs. */
    public TransactionBuilder issue(String asset, String to, long amountMinorUnits) {
        return add(new Operation.Issue(asset, to, amountMinorUnits));
    }

    /** Destroys units held by the asset's issuer; the issuer signs. */
    public TransactionBuilder redeem(String asset, long amountMinorUnits) {
        return add(new Operation.Redeem(asset, amountMinorUnits));
    }

    /** Moves units between accounts; the quorum of {@code from}'s keys signs. */
    public TransactionBuilder transfer(String asset, String from, String to, long amountMinorUnits) {
        return add(new Operation.Transfer(asset, from, to, amountMinorUnits));
    }

    /** Freezes or unfreezes an account; the authority signs. */
    public TransactionBuilder setFrozen(String account, boolean frozen) {
        return add(new Operation.SetFrozen(account, frozen));
    }

    /** Caps one transfer of {@code asset} from {@code account} ({@code 0} removes the cap); the authority signs. */
    public TransactionBuilder setTransferLimit(String account, String asset, long maxMinorUnits) {
        return add(new Operation.SetTransferLimit(account, asset, maxMinorUnits));
    }

    /** Admits a bank as a validator, voting two heights after commit; the authority signs. */
    public TransactionBuilder addMember(String memberId, PublicKey validatorKey, long power, String p2pAddress) {
        return add(new Operation.AddMember(memberId, validatorKey, power, p2pAddress));
    }

    /** Removes a bank from the validator set; the authority signs. */
    public TransactionBuilder removeMember(String memberId) {
        return add(new Operation.RemoveMember(memberId));
    }

    /** Changes a member's voting power (above 0); the authority signs. */
    public TransactionBuilder setPower(String memberId, long power) {
        return add(new Operation.SetPower(memberId, power));
    }

    /** Any operation, as ledger-core models it. */
    public TransactionBuilder add(Operation operation) {
        operations.add(Objects.requireNonNull(operation, "operation"));
        return this;
    }

    // ------------------------------------------------------------------ envelope

    /** The latest block time at which the transaction may commit (milliseconds precision). */
    public TransactionBuilder validUntilTime(Instant time) {
        long millis;
        try {
            millis = time.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("valid_until_time " + time + " is beyond 2^63 - 1 milliseconds", e);
        }
        if (millis < 0) {
            throw new IllegalArgumentException("valid_until_time is before the Unix epoch: " + time);
        }
        this.validUntilMillis = millis;
        return this;
    }

    /** Valid for {@code ttl} from now on this machine's clock; see {@link #validUntilTime}. */
    public TransactionBuilder validFor(Duration ttl) {
        return validFor(ttl, Clock.systemUTC());
    }

    /** Valid for {@code ttl} from {@code clock}'s now. */
    public TransactionBuilder validFor(Duration ttl, Clock clock) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, got " + ttl);
        }
        return validUntilTime(clock.instant().plus(ttl));
    }

    /** A nonce of the caller's choosing (not negative); default: random. */
    public TransactionBuilder nonce(long nonce) {
        if (nonce < 0) {
            throw new IllegalArgumentException("nonce must not be negative, got " + nonce);
        }
        this.nonce = nonce;
        return this;
    }

    /** Free text, at most 256 UTF-8 bytes, signed with the rest. */
    public TransactionBuilder memo(String memo) {
        this.memo = Objects.requireNonNull(memo, "memo");
        return this;
    }

    /**
     * The body as it will be signed. Checks what the node would refuse on sight: no operation, too
     * many, a memo over the limit, no {@code valid_until_time}. Fixes the nonce (a random one if none was given).
     */
    public TxBody body() {
        Limits limits = Limits.DEFAULT;
        if (chainId.isEmpty()) {
            throw new IllegalStateException("chain id is empty");
        }
        if (operations.isEmpty() || operations.size() > limits.operationsPerTxMax()) {
            throw new IllegalStateException("a transaction carries 1 to " + limits.operationsPerTxMax()
                    + " operations, this one " + operations.size());
        }
        int memoBytes = memo.getBytes(StandardCharsets.UTF_8).length;
        if (memoBytes > limits.memoBytesMax()) {
            throw new IllegalStateException("memo is " + memoBytes + " bytes, over the limit of " + limits.memoBytesMax());
        }
        if (validUntilMillis < 0) {
            throw new IllegalStateException("valid_until_time is not set; use validUntilTime, validFor or"
                    + " KhataClient.newTransaction()");
        }
        if (nonce < 0) {
            nonce = NONCES.nextLong() & Long.MAX_VALUE;
        }
        return new TxBody(chainId, operations, validUntilMillis, nonce, memo);
    }

    /** The transaction hash the signers will sign: SHA-256 of the body bytes. */
    public Hash hash() {
        return Sha256.hash(TxCodec.encodeBody(body()));
    }

    /**
     * Signs with every signer (each at most once). Each signature is checked against its signer's
     * public key before the transaction is returned, so a provider signing with the wrong key
     * fails here, not at the node.
     */
    public Transaction sign(Signer... signers) throws SigningException {
        return sign(List.of(signers));
    }

    public Transaction sign(List<? extends Signer> signers) throws SigningException {
        if (signers.isEmpty() || signers.size() > Limits.DEFAULT.signaturesPerTxMax()) {
            throw new IllegalArgumentException("a transaction carries 1 to " + Limits.DEFAULT.signaturesPerTxMax()
                    + " signatures, got " + signers.size());
        }
        byte[] bodyBytes = TxCodec.encodeBody(body());
        if (bodyBytes.length > Limits.DEFAULT.txBytesMax()) {
            throw new IllegalStateException("the body is " + bodyBytes.length + " bytes, over the transaction limit of "
                    + Limits.DEFAULT.txBytesMax());
        }
        Transaction unsigned = TxCodec.assemble(bodyBytes, List.of());
        List<TxSignature> signatures = new ArrayList<>();
        for (Signer signer : signers) {
            signatures.add(signature(unsigned, signer, signatures));
        }
        return TxCodec.assemble(bodyBytes, signatures);
    }

    /**
     * Adds {@code signer}'s signature to a transaction signed elsewhere (a second bank's leg of a
     * delivery versus payment), keeping the body bytes and the earlier signatures as they are.
     */
    public static Transaction cosign(Transaction transaction, Signer signer) throws SigningException {
        List<TxSignature> signatures = new ArrayList<>(transaction.signatures());
        if (signatures.size() >= Limits.DEFAULT.signaturesPerTxMax()) {
            throw new IllegalArgumentException("the transaction already carries " + signatures.size() + " signatures");
        }
        signatures.add(signature(transaction, signer, signatures));
        return TxCodec.assemble(bodyBytes(transaction), signatures);
    }

    private static TxSignature signature(Transaction transaction, Signer signer, List<TxSignature> earlier)
            throws SigningException {
        PublicKey key = signer.publicKey();
        for (TxSignature existing : earlier) {
            if (existing.publicKey().equals(key)) {
                throw new IllegalArgumentException("key " + key + " already signed this transaction");
            }
        }
        byte[] message = transaction.signedMessage();
        Signature signature = signer.sign(message);
        if (!Ed25519.verify(key, message, signature)) {
            throw new SigningException(signer + " made a signature that does not verify under its public key " + key
                    + " (wrong key, or not pure Ed25519)", null);
        }
        return new TxSignature(key, signature);
    }

    private static byte[] bodyBytes(Transaction transaction) {
        try {
            return io.khata.proto.Transaction.parseFrom(transaction.encode()).getBody().toByteArray();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException("a transaction's own encoding reads back", e);
        }
    }
}
