package io.khata.core.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.khata.core.Limits;
import io.khata.core.Result;
import io.khata.core.crypto.KeyPair;
import io.khata.core.testing.Mutations;
import io.khata.core.testing.SeededProperty;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link CanonicalTxReader} against the decoding through generated messages: whatever the
 * reader accepts, the generated path accepts with the same body, signatures, hash and bytes;
 * what the reader leaves (null), {@link TxCodec#decode} still decides the generated way. Valid
 * transactions, damaged copies of them and valid-but-unusual encodings (fields out of order,
 * defaults written out, longer varints) are all tried.
 */
class CanonicalTxReaderProperties {
    private static final Limits LIMITS = Limits.DEFAULT;
    private static final KeyPair ALICE = KeyPair.fromSeed(seed(1));
    private static final KeyPair BOB = KeyPair.fromSeed(seed(2));

    private static byte[] seed(int value) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) value);
        return seed;
    }

    private static List<Transaction> samples() {
        Operation cash = new Operation.Transfer("PKR", "alice@bank0", "bob@bank1", 5_00);
        Operation bond = new Operation.Transfer("BOND-2030", "bob@bank1", "alice@bank0", 1);
        return List.of(
                TxCodec.sign(new TxBody("khata-test", List.of(cash), 1_700_000_000_000L, 7, "INV-00000001"), List.of(ALICE)),
                TxCodec.sign(new TxBody("khata-test", List.of(cash, bond), 1L << 62, 0, ""), List.of(ALICE, BOB)),
                TxCodec.sign(new TxBody("khata-test", List.of(new Operation.Transfer("PKR", "ünïcode@bank0", "b@bank1",
                        -3)), 0, Long.MIN_VALUE, "memo ✓ \uD83D\uDE00"), List.of(BOB)),
                TxCodec.sign(new TxBody("k", List.of(new Operation.Transfer("", "", "", 0)), 1, 1, "m"), List.of(ALICE)),
                // Not transfers: the generated path decides these.
                TxCodec.sign(new TxBody("khata-test", List.of(new Operation.Issue("PKR", "alice@bank0", 9)), 5, 5, ""),
                        List.of(ALICE)));
    }

    @Test
    void canonicalTransfersTakeTheReaderAndDecodeAsBefore() {
        for (Transaction tx : samples()) {
            byte[] bytes = tx.encode();
            Transaction read = CanonicalTxReader.read(bytes.clone(), LIMITS);
            boolean onlyTransfers = tx.body().operations().stream().allMatch(op -> op instanceof Operation.Transfer);
            if (onlyTransfers) {
                assertNotNull(read, "a canonical transfer must not need the generated path: " + tx.body());
            } else {
                assertNull(read, "only transfers are read here");
            }
            assertAgrees(bytes);
            assertSame(tx, TxCodec.decode(bytes, LIMITS).value());
            assertSame(tx, TxCodec.decode(ByteString.copyFrom(bytes), LIMITS).value());
        }
    }

    @Test
    void unusualButValidEncodingsDecodeAsBefore() throws IOException {
        Transaction tx = samples().get(0);
        io.khata.proto.TxBody body = io.khata.proto.TxBody.parseFrom(bodyBytes(tx));
        for (byte[] unusual : List.of(reversedFields(body), withFieldRepeated(body), withLongLength(body))) {
            byte[] bytes = envelope(unusual);
            assertAgrees(bytes);
            Result<Transaction> decoded = TxCodec.decode(bytes, LIMITS);
            assertTrue(decoded.isOk(), "the generated path still accepts it: " + decoded.rejection());
            assertEquals(tx.body(), decoded.value().body());
        }
    }

    @Test
    void everyTruncationAgrees() {
        for (Transaction tx : samples()) {
            for (byte[] prefix : Mutations.truncations(tx.encode())) {
                assertAgrees(prefix);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> singleByteChangesAgree() {
        return SeededProperty.cases(2_000, random -> assertAgrees(Mutations.oneByteChanged(sample(random), random)));
    }

    @TestFactory
    Stream<DynamicTest> appendedBytesAgree() {
        return SeededProperty.cases(300,
                random -> assertAgrees(Mutations.extended(sample(random), 1 + random.nextInt(120), random)));
    }

    @TestFactory
    Stream<DynamicTest> limitsAgree() {
        return SeededProperty.cases(50, random -> {
            byte[] bytes = sample(random);
            // Tight limits: one signature, one operation, short memos; each path must refuse the same.
            Limits tight = new Limits(bytes.length + random.nextInt(3) - 1, 1 + random.nextInt(2),
                    1 + random.nextInt(2), 1 + random.nextInt(40), LIMITS.blockBytesMax(), LIMITS.txsPerBlockMax(),
                    LIMITS.evidencePerBlockMax(), LIMITS.identifierBytesMax(), LIMITS.genesisBytesMax());
            assertAgrees(bytes, tight);
        });
    }

    private static byte[] sample(SplittableRandom random) {
        List<Transaction> samples = samples();
        return samples.get(random.nextInt(samples.size())).encode();
    }

    private static void assertAgrees(byte[] bytes) {
        assertAgrees(bytes, LIMITS);
    }

    /** The reader accepts only what the generated path accepts, with the same values; TxCodec answers as the generated path. */
    private static void assertAgrees(byte[] bytes, Limits limits) {
        Result<Transaction> generated = TxCodec.decodeWithMessages(bytes.clone(), limits);
        Transaction read = CanonicalTxReader.read(bytes.clone(), limits);
        if (read != null) {
            assertTrue(generated.isOk(), "the reader accepted what the generated path refuses: " + generated.rejection());
            assertSame(generated.value(), read);
        }
        Result<Transaction> decoded = TxCodec.decode(bytes, limits);
        if (bytes.length > limits.txBytesMax()) {
            assertTrue(decoded.rejection() instanceof io.khata.core.Rejection.TooLarge, "size first, as before");
        } else if (generated.isOk()) {
            assertSame(generated.value(), decoded.value());
        } else {
            assertEquals(generated.rejection(), decoded.rejection());
        }
    }

    private static void assertSame(Transaction expected, Transaction actual) {
        assertEquals(expected, actual);
        assertEquals(expected.hash(), actual.hash());
        assertEquals(expected.body(), actual.body());
        assertEquals(expected.signatures(), actual.signatures());
        assertTrue(Arrays.equals(expected.encode(), actual.encode()));
    }

    private static byte[] bodyBytes(Transaction tx) throws IOException {
        return io.khata.proto.Transaction.parseFrom(tx.encode()).getBody().toByteArray();
    }

    /** The body's fields written last to first: protobuf reads it the same, the reader must not. */
    private static byte[] reversedFields(io.khata.proto.TxBody body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream coded = CodedOutputStream.newInstance(out);
        coded.writeUInt64(6, body.getValidUntilTime());
        coded.writeString(5, body.getMemo());
        coded.writeUInt64(4, body.getNonce());
        for (io.khata.proto.Operation operation : body.getOperationsList()) {
            coded.writeMessage(2, operation);
        }
        coded.writeString(1, body.getChainId());
        coded.flush();
        return out.toByteArray();
    }

    @Test
    void outOfOrderAndRepeatedFieldsAreLeftToTheGeneratedPath() throws IOException {
        io.khata.proto.TxBody body = io.khata.proto.TxBody.parseFrom(bodyBytes(samples().get(0)));
        assertNull(CanonicalTxReader.read(envelope(reversedFields(body)), LIMITS));
        assertNull(CanonicalTxReader.read(envelope(withFieldRepeated(body)), LIMITS));
        // A longer length prefix reads as the same value in both paths; the reader may take it.
        assertNotNull(CanonicalTxReader.read(envelope(withLongLength(body)), LIMITS));
    }

    private static byte[] envelope(byte[] body) {
        return TxCodec.assemble(body, List.of(new TxSignature(ALICE.publicKey(),
                ALICE.sign(Transaction.signedMessage(io.khata.core.crypto.Sha256.hash(body)))))).encode();
    }

    /** The canonical body with its last field written twice: protobuf keeps the last, the reader declines. */
    private static byte[] withFieldRepeated(io.khata.proto.TxBody body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream coded = CodedOutputStream.newInstance(out);
        coded.writeString(1, body.getChainId());
        for (io.khata.proto.Operation operation : body.getOperationsList()) {
            coded.writeMessage(2, operation);
        }
        coded.writeUInt64(4, body.getNonce());
        coded.writeString(5, body.getMemo());
        coded.writeUInt64(6, body.getValidUntilTime());
        coded.writeUInt64(6, body.getValidUntilTime()); // again: protobuf keeps the last, an equal value
        coded.flush();
        return out.toByteArray();
    }

    /** The chain id's length written in two bytes instead of one. */
    private static byte[] withLongLength(io.khata.proto.TxBody body) {
        byte[] canonical = body.toByteArray();
        List<Byte> bytes = new ArrayList<>();
        bytes.add(canonical[0]);
        bytes.add((byte) (canonical[1] | 0x80));
        bytes.add((byte) 0);
        for (int i = 2; i < canonical.length; i++) {
            bytes.add(canonical[i]);
        }
        byte[] longer = new byte[bytes.size()];
        for (int i = 0; i < longer.length; i++) {
            longer[i] = bytes.get(i);
        }
        return longer;
    }
}
