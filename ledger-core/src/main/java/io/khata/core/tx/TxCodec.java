package io.khata.core.tx;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.khata.core.Limits;
import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.PublicKey;
import io.khata.core.crypto.Sha256;
import io.khata.core.crypto.Signature;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes to {@link Transaction} and back. Decoding checks every limit before it allocates for
 * the thing limited, and answers any input bytes with a value or a {@link Rejection}: no
 * exception escapes. Unknown protobuf fields are refused, so one transaction has one encoding
 * of its envelope as well as of its signed body.
 */
public final class TxCodec {
    private TxCodec() {
    }

    public static Result<Transaction> decode(byte[] bytes, Limits limits) {
        if (bytes.length > limits.txBytesMax()) {
            return Result.err(new Rejection.TooLarge("transaction", bytes.length, limits.txBytesMax()));
        }
        return decodeOwned(bytes.clone(), limits);
    }

    /**
     * Decodes a transaction as it sits inside a block message. The bytes are copied once, into
     * the transaction, where going through {@link #decode(byte[], Limits)} would copy them twice.
     */
    public static Result<Transaction> decode(ByteString bytes, Limits limits) {
        if (bytes.size() > limits.txBytesMax()) {
            return Result.err(new Rejection.TooLarge("transaction", bytes.size(), limits.txBytesMax()));
        }
        return decodeOwned(bytes.toByteArray(), limits);
    }

    /**
     * Decodes the transaction at {@code source[offset, offset + length)}, as it sits inside an
     * encoded block, copying only those bytes, once, into the transaction.
     */
    public static Result<Transaction> decode(byte[] source, int offset, int length, Limits limits) {
        if (length > limits.txBytesMax()) {
            return Result.err(new Rejection.TooLarge("transaction", length, limits.txBytesMax()));
        }
        return decodeOwned(java.util.Arrays.copyOfRange(source, offset, offset + length), limits);
    }

    /**
     * Decodes {@code bytes}, which no caller holds any more: the transaction keeps them. The
     * common, canonical case goes through {@link CanonicalTxReader}; whatever that leaves
     * (null) is decided here through the generated messages, as every transaction once was.
     */
    private static Result<Transaction> decodeOwned(byte[] bytes, Limits limits) {
        Transaction canonical = CanonicalTxReader.read(bytes, limits);
        return canonical != null ? Result.ok(canonical) : decodeWithMessages(bytes, limits);
    }

    /** The decoding through generated messages, which decides every case; package-private for the differential test. */
    static Result<Transaction> decodeWithMessages(byte[] bytes, Limits limits) {
        try {
            return decodeChecked(bytes, limits);
        } catch (InvalidProtocolBufferException e) {
            return Result.err(new Rejection.Malformed("transaction", e.getMessage()));
        } catch (RuntimeException e) {
            return Result.err(new Rejection.Malformed("transaction", e.toString()));
        }
    }

    private static Result<Transaction> decodeChecked(byte[] bytes, Limits limits)
            throws InvalidProtocolBufferException {
        io.khata.proto.Transaction wire = io.khata.proto.Transaction.parseFrom(bytes);
        if (!wire.getUnknownFields().asMap().isEmpty()) {
            return Result.err(new Rejection.Malformed("transaction", "unknown fields"));
        }
        if (!java.util.Arrays.equals(wire.toByteArray(), bytes)) {
            // Repeated or reordered fields parse to the same message: refuse every encoding
            // but the canonical one, so a relay cannot change a transaction's bytes.
            return Result.err(new Rejection.Malformed("transaction", "not in canonical encoding"));
        }
        int signatureCount = wire.getSignaturesCount();
        if (signatureCount == 0) {
            return Result.err(new Rejection.Malformed("transaction", "no signatures"));
        }
        if (signatureCount > limits.signaturesPerTxMax()) {
            return Result.err(new Rejection.TooMany("signatures", signatureCount, limits.signaturesPerTxMax()));
        }
        List<TxSignature> signatures = new ArrayList<>(signatureCount);
        for (int i = 0; i < signatureCount; i++) {
            io.khata.proto.Signature s = wire.getSignatures(i);
            if (!s.getUnknownFields().asMap().isEmpty()) {
                // Signatures are not signed over, so an unknown field here would let a relay change the bytes.
                return Result.err(new Rejection.Malformed("signatures[" + i + "]", "unknown fields"));
            }
            if (s.getPublicKey().size() != PublicKey.BYTES) {
                return Result.err(lengthProblem("signatures[" + i + "].public_key", s.getPublicKey(), PublicKey.BYTES));
            }
            if (s.getSignature().size() != Signature.BYTES) {
                return Result.err(lengthProblem("signatures[" + i + "].signature", s.getSignature(), Signature.BYTES));
            }
            signatures.add(new TxSignature(
                    PublicKey.of(s.getPublicKey().toByteArray()), Signature.of(s.getSignature().toByteArray())));
        }
        byte[] bodyBytes = wire.getBody().toByteArray();
        Result<TxBody> body = decodeBody(bodyBytes, limits);
        if (!body.isOk()) {
            return Result.err(body.rejection());
        }
        return Result.ok(new Transaction(bytes, Sha256.hash(bodyBytes), body.value(), signatures));
    }

    private static Result<TxBody> decodeBody(byte[] bodyBytes, Limits limits) throws InvalidProtocolBufferException {
        io.khata.proto.TxBody wire = io.khata.proto.TxBody.parseFrom(bodyBytes);
        if (!wire.getUnknownFields().asMap().isEmpty()) {
            return Result.err(new Rejection.Malformed("transaction body", "unknown fields"));
        }
        if (wire.getChainId().isEmpty()) {
            return Result.err(new Rejection.InvalidField("body.chain_id", "", "must not be empty"));
        }
        int operationCount = wire.getOperationsCount();
        if (operationCount == 0) {
            return Result.err(new Rejection.Malformed("transaction body", "no operations"));
        }
        if (operationCount > limits.operationsPerTxMax()) {
            return Result.err(new Rejection.TooMany("operations", operationCount, limits.operationsPerTxMax()));
        }
        int memoBytes = wire.getMemoBytes().size();
        if (memoBytes > limits.memoBytesMax()) {
            return Result.err(new Rejection.TooLarge("memo", memoBytes, limits.memoBytesMax()));
        }
        if (wire.getValidUntilTime() < 0) {
            // uint64 on the wire; block times are signed longs, so a larger value has no meaning.
            return Result.err(new Rejection.InvalidField("body.valid_until_time",
                    Long.toUnsignedString(wire.getValidUntilTime()), "must be at most 2^63 - 1"));
        }
        List<Operation> operations = new ArrayList<>(operationCount);
        for (int i = 0; i < operationCount; i++) {
            Result<Operation> operation = OperationCodec.decode(wire.getOperations(i), i);
            if (!operation.isOk()) {
                return Result.err(operation.rejection());
            }
            operations.add(operation.value());
        }
        return Result.ok(new TxBody(wire.getChainId(), operations, wire.getValidUntilTime(), wire.getNonce(), wire.getMemo()));
    }

    static Rejection lengthProblem(String field, ByteString value, int expected) {
        return new Rejection.InvalidField(field, value.size() + " bytes", "must be " + expected + " bytes");
    }

    /** The body bytes to sign for {@code body}; encoded once, then carried as bytes. */
    public static byte[] encodeBody(TxBody body) {
        io.khata.proto.TxBody.Builder wire = io.khata.proto.TxBody.newBuilder()
                .setChainId(body.chainId())
                .setNonce(body.nonce())
                .setMemo(body.memo())
                .setValidUntilTime(body.validUntilMillis());
        for (Operation operation : body.operations()) {
            wire.addOperations(OperationCodec.encode(operation));
        }
        return wire.build().toByteArray();
    }

    /** Builds and signs a transaction; each key pair signs {@code TRANSACTION ‖ SHA-256(body)}. */
    public static Transaction sign(TxBody body, List<KeyPair> signers) {
        byte[] bodyBytes = encodeBody(body);
        Hash hash = Sha256.hash(bodyBytes);
        byte[] message = Transaction.signedMessage(hash);
        List<TxSignature> signatures = new ArrayList<>(signers.size());
        for (KeyPair signer : signers) {
            signatures.add(new TxSignature(signer.publicKey(), signer.sign(message)));
        }
        return assemble(bodyBytes, signatures);
    }

    /** Wraps already-encoded body bytes and signatures into a transaction, without checking them. */
    public static Transaction assemble(byte[] bodyBytes, List<TxSignature> signatures) {
        io.khata.proto.Transaction.Builder wire = io.khata.proto.Transaction.newBuilder()
                .setBody(ByteString.copyFrom(bodyBytes));
        for (TxSignature signature : signatures) {
            wire.addSignatures(io.khata.proto.Signature.newBuilder()
                    .setPublicKey(ByteString.copyFrom(signature.publicKey().toByteArray()))
                    .setSignature(ByteString.copyFrom(signature.signature().toByteArray())));
        }
        byte[] encoded = wire.build().toByteArray();
        TxBody body = decodeBodyTrusted(bodyBytes);
        return new Transaction(encoded, Sha256.hash(bodyBytes), body, signatures);
    }

    private static TxBody decodeBodyTrusted(byte[] bodyBytes) {
        try {
            Result<TxBody> body = decodeBody(bodyBytes, Limits.DEFAULT);
            if (!body.isOk()) {
                throw new IllegalArgumentException("body does not decode: " + body.rejection().message());
            }
            return body.value();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("body does not decode", e);
        }
    }
}
