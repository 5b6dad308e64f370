package io.khata.core.tx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import io.khata.core.Limits;
import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.crypto.KeyPair;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules a transaction's bytes must meet whichever decoder reads them: the envelope in the one
 * encoding protobuf writes (a body length in its shortest form), an operation holding one kind of
 * operation, each field of a transfer once, the memo limit counted in UTF-8 bytes, and the size
 * limit of a transaction read in place inside a block. The fast reader must decline what the
 * generated path refuses, never accept it.
 */
class CanonicalEnvelopeRulesTest {
    private static final Limits LIMITS = Limits.DEFAULT;
    private static final KeyPair ALICE = KeyPair.fromSeed(new byte[32]);

    private static Transaction sample(String memo) {
        return TxCodec.sign(new TxBody("khata-test", List.of(new Operation.Transfer("PKR", "alice@bank0", "bob@bank1", 500)),
                1_700_000_000_000L, 7, memo), List.of(ALICE));
    }

    /** The envelope protobuf would write around {@code body}, signed by Alice, built by hand so any body fits. */
    private static byte[] envelopeWith(byte[] body) throws IOException {
        byte[] signature = ALICE.sign(Transaction.signedMessage(io.khata.core.crypto.Sha256.hash(body))).toByteArray();
        io.khata.proto.Transaction envelope = io.khata.proto.Transaction.newBuilder()
                .setBody(com.google.protobuf.ByteString.copyFrom(body))
                .addSignatures(io.khata.proto.Signature.newBuilder()
                        .setPublicKey(com.google.protobuf.ByteString.copyFrom(ALICE.publicKey().toByteArray()))
                        .setSignature(com.google.protobuf.ByteString.copyFrom(signature)))
                .build();
        return envelope.toByteArray();
    }

    private static byte[] bodyOf(Transaction tx) throws IOException {
        return io.khata.proto.Transaction.parseFrom(tx.encode()).getBody().toByteArray();
    }

    /** Both decoders agree, and neither accepts. */
    private static void refusedByBoth(byte[] bytes) {
        assertNull(CanonicalTxReader.read(bytes, LIMITS), "the fast reader took it");
        assertFalse(TxCodec.decodeWithMessages(bytes, LIMITS).isOk(), "the generated path took it");
        assertFalse(TxCodec.decode(bytes, LIMITS).isOk());
    }

    @Test
    void aBodyLengthWrittenInMoreBytesThanNeededIsNotTheCanonicalEnvelope() throws IOException {
        byte[] canonical = sample("m").encode();
        assertTrue(canonical[1] > 0 && canonical[1] < 0x80, "a short body: its length fits one byte");
        byte[] longer = new byte[canonical.length + 1];
        longer[0] = canonical[0];
        longer[1] = (byte) (canonical[1] | 0x80);
        longer[2] = 0;
        System.arraycopy(canonical, 2, longer, 3, canonical.length - 2);
        refusedByBoth(longer);
        assertTrue(TxCodec.decode(canonical, LIMITS).isOk());
    }

    @Test
    void aTransferWithAFieldWrittenTwiceIsNotTaken() throws IOException {
        io.khata.proto.TxBody body = io.khata.proto.TxBody.parseFrom(bodyOf(sample("m")));
        io.khata.proto.Transfer transfer = body.getOperations(0).getTransfer();
        ByteArrayOutputStream transferBytes = new ByteArrayOutputStream();
        CodedOutputStream t = CodedOutputStream.newInstance(transferBytes);
        t.writeString(1, transfer.getAsset());
        t.writeString(2, transfer.getFrom());
        t.writeString(2, "mallory@bank3"); // protobuf keeps the last; the signed bytes say both
        t.writeString(3, transfer.getTo());
        t.writeInt64(4, transfer.getAmount());
        t.flush();
        byte[] body2 = bodyWithOperation(body, operationOfTransferBytes(transferBytes.toByteArray(), null));
        assertNull(CanonicalTxReader.read(envelopeWith(body2), LIMITS));
        assertAgreement(envelopeWith(body2));
    }

    @Test
    void anOperationWithSomethingAfterItsTransferIsNotTaken() throws IOException {
        io.khata.proto.TxBody body = io.khata.proto.TxBody.parseFrom(bodyOf(sample("m")));
        byte[] transfer = body.getOperations(0).getTransfer().toByteArray();
        byte[] trailing = {(byte) 0x98, 0x06, 0x01}; // field 99, varint 1
        byte[] body2 = bodyWithOperation(body, operationOfTransferBytes(transfer, trailing));
        assertNull(CanonicalTxReader.read(envelopeWith(body2), LIMITS));
        assertAgreement(envelopeWith(body2));
    }

    /** The fast path never decides differently from the generated one: same outcome, same body. */
    private static void assertAgreement(byte[] bytes) {
        Result<Transaction> generated = TxCodec.decodeWithMessages(bytes, LIMITS);
        Result<Transaction> decoded = TxCodec.decode(bytes, LIMITS);
        assertEquals(generated.isOk(), decoded.isOk());
        if (generated.isOk()) {
            assertEquals(generated.value().body(), decoded.value().body());
        }
    }

    private static byte[] operationOfTransferBytes(byte[] transfer, byte[] after) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        o.writeByteArray(5, transfer); // Operation.transfer
        o.flush();
        if (after != null) {
            out.write(after);
        }
        return out.toByteArray();
    }

    private static byte[] bodyWithOperation(io.khata.proto.TxBody body, byte[] operation) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        o.writeString(1, body.getChainId());
        o.writeByteArray(2, operation);
        o.writeUInt64(4, body.getNonce());
        o.writeString(5, body.getMemo());
        o.writeUInt64(6, body.getValidUntilTime());
        o.flush();
        return out.toByteArray();
    }

    @Test
    void theMemoLimitCountsUtf8BytesNotCharacters() {
        Limits twelve = new Limits(LIMITS.txBytesMax(), LIMITS.operationsPerTxMax(), LIMITS.signaturesPerTxMax(), 12,
                LIMITS.blockBytesMax(), LIMITS.txsPerBlockMax(), LIMITS.evidencePerBlockMax(),
                LIMITS.identifierBytesMax(), LIMITS.genesisBytesMax());
        byte[] atLimit = sample("éééééé").encode(); // 6 characters, 12 bytes
        byte[] over = sample("éééééé.").encode(); // 7 characters, 13 bytes
        byte[] fewCharsManyBytes = sample("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00").encode(); // 8 chars, 16 bytes
        assertTrue(TxCodec.decode(atLimit, twelve).isOk());
        assertNullOrSame(atLimit, twelve);
        Rejection.TooLarge tooLarge = assertInstanceOf(Rejection.TooLarge.class, TxCodec.decode(over, twelve).rejection());
        assertEquals(13, tooLarge.bytes());
        assertNull(CanonicalTxReader.read(over, twelve));
        assertNull(CanonicalTxReader.read(fewCharsManyBytes, twelve));
        assertFalse(TxCodec.decode(fewCharsManyBytes, twelve).isOk());
    }

    private static void assertNullOrSame(byte[] bytes, Limits limits) {
        Transaction fast = CanonicalTxReader.read(bytes, limits);
        if (fast != null) {
            assertEquals(TxCodec.decodeWithMessages(bytes, limits).value().body(), fast.body());
        }
    }

    @Test
    void aTransactionReadInPlaceInsideABlockIsHeldToTheSizeLimitOfItsOwnBytes() {
        byte[] tx = sample("in place").encode();
        byte[] block = new byte[tx.length + 10];
        Arrays.fill(block, (byte) 0x7f);
        System.arraycopy(tx, 0, block, 5, tx.length);
        Limits exact = new Limits(tx.length, LIMITS.operationsPerTxMax(), LIMITS.signaturesPerTxMax(), LIMITS.memoBytesMax(),
                LIMITS.blockBytesMax(), LIMITS.txsPerBlockMax(), LIMITS.evidencePerBlockMax(),
                LIMITS.identifierBytesMax(), LIMITS.genesisBytesMax());
        Result<Transaction> read = TxCodec.decode(block, 5, tx.length, exact);
        assertTrue(read.isOk(), () -> read.rejection().toString());
        assertArrayEquals(tx, read.value().encode());
        assertEquals(TxCodec.decode(tx, LIMITS).value().hash(), read.value().hash());
        Limits oneLess = new Limits(tx.length - 1, LIMITS.operationsPerTxMax(), LIMITS.signaturesPerTxMax(),
                LIMITS.memoBytesMax(), LIMITS.blockBytesMax(), LIMITS.txsPerBlockMax(), LIMITS.evidencePerBlockMax(),
                LIMITS.identifierBytesMax(), LIMITS.genesisBytesMax());
        Rejection.TooLarge tooLarge = assertInstanceOf(Rejection.TooLarge.class,
                TxCodec.decode(block, 5, tx.length, oneLess).rejection());
        assertEquals(tx.length, tooLarge.bytes());
    }
}
