package io.khata.core.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.khata.core.Limits;
import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.crypto.DomainTag;
import io.khata.core.crypto.Ed25519;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.PublicKey;
import io.khata.core.crypto.Signature;
import io.khata.core.testing.Generator;
import io.khata.core.testing.SeededProperty;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Bytes to {@link Transaction} and back, and the stateless signature checks. Every decode here
 * must answer with a {@link Result}; an exception escaping {@link TxCodec#decode} fails the
 * test whatever the input.
 */
class TxCodecTest {
    static final String CHAIN = "khata-test";

    /** Small limits so that one over each of them is cheap to build; defaults are far larger. */
    static final Limits SMALL = new Limits(4096, 4, 3, 16, 1 << 20, 8, 2, 64, 1 << 20);

    /** Ed25519's group order L, little-endian, as RFC 8032 section 5.1 gives it. */
    private static final byte[] ORDER_LITTLE_ENDIAN = HexFormat.of().parseHex(
            "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");

    static KeyPair key(int n) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) n);
        return KeyPair.fromSeed(seed);
    }

    static Operation transfer(long amount) {
        return new Operation.Transfer("PKR", "settlement@bank-a", "settlement@bank-b", amount);
    }

    static TxBody body(String chainId, List<Operation> operations, String memo) {
        return new TxBody(chainId, operations, 100, 42, memo);
    }

    static TxBody transferBody() {
        return body(CHAIN, List.of(transfer(1_000)), "invoice 7");
    }

    private static List<Operation> transfers(int count) {
        List<Operation> operations = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            operations.add(transfer(i + 1));
        }
        return operations;
    }

    private static List<KeyPair> keys(int count) {
        List<KeyPair> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(key(i + 1));
        }
        return keys;
    }

    private static Rejection rejection(Result<Transaction> result) {
        assertNotNull(result);
        assertFalse(result.isOk(), () -> "expected a rejection, got " + result);
        return result.rejection();
    }

    // ------------------------------------------------------------------ round trips

    @Test
    void signEncodeDecodeRoundTrips() {
        Transaction signed = TxCodec.sign(transferBody(), keys(2));
        Transaction decoded = TxCodec.decode(signed.encode(), Limits.DEFAULT).value();
        assertEquals(signed, decoded);
        assertEquals(signed.hash(), decoded.hash());
        assertEquals(signed.body(), decoded.body());
        assertEquals(signed.signatures(), decoded.signatures());
        assertTrue(Arrays.equals(signed.encode(), decoded.encode()));
        assertEquals(Optional.empty(), decoded.checkSignatures(CHAIN));
    }

    @Test
    void everyOperationKindRoundTrips() {
        List<Operation> operations = List.of(
                new Operation.CreateAccount("treasury@bank-a", List.of(key(1).publicKey(), key(2).publicKey()), 2),
                new Operation.CreateAsset("BOND-2030", "issuer@authority", 2),
                new Operation.Issue("BOND-2030", "treasury@bank-a", 5_000_000),
                new Operation.Redeem("BOND-2030", 1),
                new Operation.Transfer("PKR", "a@bank-a", "b@bank-b", Long.MAX_VALUE),
                new Operation.SetFrozen("b@bank-b", true),
                new Operation.SetTransferLimit("a@bank-a", "PKR", 0));
        TxBody body = new TxBody(CHAIN, operations, Long.MAX_VALUE, -1, "رسید ✓");
        Transaction signed = TxCodec.sign(body, List.of(key(9)));
        Transaction decoded = TxCodec.decode(signed.encode(), Limits.DEFAULT).value();
        assertEquals(body, decoded.body());
        assertEquals(signed, decoded);
    }

    @Test
    void theHashIsSha256OfTheBodyBytesAsSigned() {
        TxBody body = transferBody();
        byte[] bodyBytes = TxCodec.encodeBody(body);
        Transaction signed = TxCodec.sign(body, keys(1));
        assertEquals(io.khata.core.crypto.Sha256.hash(bodyBytes), signed.hash());
        byte[] message = signed.signedMessage();
        assertEquals(DomainTag.TRANSACTION.value(), message[0]);
        assertTrue(Arrays.equals(signed.hash().toByteArray(), Arrays.copyOfRange(message, 1, message.length)));
    }

    // ------------------------------------------------------------------ any bytes give a Result

    @TestFactory
    Stream<DynamicTest> randomBytesNeverThrow() {
        return SeededProperty.forAll(1000, Generator.bytes(4096), bytes -> {
            assertNotNull(TxCodec.decode(bytes, Limits.DEFAULT));
            assertNotNull(TxCodec.decode(bytes, SMALL));
        });
    }

    /** Random bytes rarely get past the protobuf parser; damaging a valid encoding reaches the checks behind it. */
    @TestFactory
    Stream<DynamicTest> damagedValidEncodingsNeverThrow() {
        return SeededProperty.cases(1000, random -> {
            int damages = 1 + random.nextInt(8);
            byte[] bytes = TxCodec.sign(transferBody(), keys(1 + random.nextInt(3))).encode();
            for (int i = 0; i < damages; i++) {
                int at = random.nextInt(bytes.length);
                switch (random.nextInt(3)) {
                    case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                    case 1 -> bytes[at] = (byte) random.nextInt(256);
                    default -> bytes = Arrays.copyOf(bytes, at);
                }
                if (bytes.length == 0) {
                    break;
                }
            }
            Result<Transaction> result = TxCodec.decode(bytes, Limits.DEFAULT);
            assertNotNull(result);
            if (result.isOk()) {
                // Whatever decoded carries exactly the bytes it was decoded from.
                assertTrue(Arrays.equals(bytes, result.value().encode()));
            }
        });
    }

    @Test
    void everyTruncationGivesAResultAndNeverAnotherBody() {
        Transaction signed = TxCodec.sign(transferBody(), keys(3));
        byte[] bytes = signed.encode();
        int accepted = 0;
        for (int length = 0; length < bytes.length; length++) {
            Result<Transaction> result = TxCodec.decode(Arrays.copyOf(bytes, length), Limits.DEFAULT);
            assertNotNull(result, "prefix of " + length + " bytes");
            if (result.isOk()) {
                // Only a cut between two signatures decodes: same body, fewer signatures.
                accepted++;
                Transaction shorter = result.value();
                assertEquals(signed.hash(), shorter.hash());
                assertTrue(shorter.signatures().size() < signed.signatures().size());
                assertEquals(signed.signatures().subList(0, shorter.signatures().size()), shorter.signatures());
            }
        }
        assertTrue(accepted <= signed.signatures().size() - 1, "only cuts after the first signature decode");
        assertTrue(TxCodec.decode(bytes, Limits.DEFAULT).isOk());
    }

    // ------------------------------------------------------------------ limits: at the limit accepted, one over rejected

    @Test
    void transactionBytesLimit() {
        byte[] bytes = TxCodec.sign(transferBody(), keys(1)).encode();
        Limits atLimit = withTxBytesMax(bytes.length);
        Limits belowSize = withTxBytesMax(bytes.length - 1);
        assertTrue(TxCodec.decode(bytes, atLimit).isOk());
        assertEquals(new Rejection.TooLarge("transaction", bytes.length, bytes.length - 1),
                rejection(TxCodec.decode(bytes, belowSize)));
    }

    private static Limits withTxBytesMax(int txBytesMax) {
        return new Limits(txBytesMax, SMALL.operationsPerTxMax(), SMALL.signaturesPerTxMax(), SMALL.memoBytesMax(),
                SMALL.blockBytesMax(), SMALL.txsPerBlockMax(), SMALL.evidencePerBlockMax(),
                SMALL.identifierBytesMax(), SMALL.genesisBytesMax());
    }

    @Test
    void memoBytesLimitCountsUtf8Bytes() {
        // Eight two-byte characters: 16 bytes, exactly the limit, though only 8 chars.
        String atLimit = "ßßßßßßßß";
        assertEquals(SMALL.memoBytesMax(), atLimit.getBytes(StandardCharsets.UTF_8).length);
        byte[] ok = TxCodec.sign(body(CHAIN, List.of(transfer(1)), atLimit), keys(1)).encode();
        assertTrue(TxCodec.decode(ok, SMALL).isOk());

        byte[] over = TxCodec.sign(body(CHAIN, List.of(transfer(1)), atLimit + "x"), keys(1)).encode();
        assertEquals(new Rejection.TooLarge("memo", 17, 16), rejection(TxCodec.decode(over, SMALL)));
    }

    @Test
    void operationsPerTransactionLimit() {
        byte[] ok = TxCodec.sign(body(CHAIN, transfers(4), ""), keys(1)).encode();
        assertTrue(TxCodec.decode(ok, SMALL).isOk());

        byte[] over = TxCodec.sign(body(CHAIN, transfers(5), ""), keys(1)).encode();
        assertEquals(new Rejection.TooMany("operations", 5, 4), rejection(TxCodec.decode(over, SMALL)));
    }

    @Test
    void signaturesPerTransactionLimit() {
        byte[] ok = TxCodec.sign(transferBody(), keys(3)).encode();
        assertTrue(TxCodec.decode(ok, SMALL).isOk());

        byte[] over = TxCodec.sign(transferBody(), keys(4)).encode();
        assertEquals(new Rejection.TooMany("signatures", 4, 3), rejection(TxCodec.decode(over, SMALL)));
    }

    // ------------------------------------------------------------------ structure

    /** A transaction assembled field by field, to build what {@link TxCodec#sign} refuses to. */
    private static byte[] wireTransaction(io.khata.proto.TxBody body, io.khata.proto.Signature... signatures) {
        return wireTransaction(body.toByteArray(), signatures);
    }

    private static byte[] wireTransaction(byte[] bodyBytes, io.khata.proto.Signature... signatures) {
        return io.khata.proto.Transaction.newBuilder()
                .setBody(ByteString.copyFrom(bodyBytes))
                .addAllSignatures(List.of(signatures))
                .build()
                .toByteArray();
    }

    private static io.khata.proto.Signature wireSignature(int publicKeyBytes, int signatureBytes) {
        return io.khata.proto.Signature.newBuilder()
                .setPublicKey(ByteString.copyFrom(new byte[publicKeyBytes]))
                .setSignature(ByteString.copyFrom(new byte[signatureBytes]))
                .build();
    }

    private static io.khata.proto.Signature validLengthSignature() {
        return wireSignature(PublicKey.BYTES, Signature.BYTES);
    }

    private static io.khata.proto.TxBody.Builder wireBody() {
        return io.khata.proto.TxBody.newBuilder()
                .setChainId(CHAIN)
                .addOperations(io.khata.proto.Operation.newBuilder().setTransfer(
                        io.khata.proto.Transfer.newBuilder().setAsset("PKR").setFrom("a@bank-a").setTo("b@bank-b").setAmount(1)));
    }

    private static UnknownFieldSet unknownField() {
        return UnknownFieldSet.newBuilder()
                .addField(15, UnknownFieldSet.Field.newBuilder().addVarint(1).build())
                .build();
    }

    @Test
    void theWireHelpersBuildAnAcceptedTransaction() {
        // So that each test below fails for the one thing it changes.
        assertTrue(TxCodec.decode(wireTransaction(wireBody().build(), validLengthSignature()), Limits.DEFAULT).isOk());
    }

    @Test
    void noSignaturesIsMalformed() {
        byte[] bytes = TxCodec.assemble(TxCodec.encodeBody(transferBody()), List.of()).encode();
        assertEquals(new Rejection.Malformed("transaction", "no signatures"), rejection(TxCodec.decode(bytes, Limits.DEFAULT)));
    }

    @Test
    void noOperationsIsMalformed() {
        byte[] bytes = wireTransaction(wireBody().clearOperations().build(), validLengthSignature());
        assertEquals(new Rejection.Malformed("transaction body", "no operations"), rejection(TxCodec.decode(bytes, Limits.DEFAULT)));
    }

    @Test
    void emptyChainIdIsAnInvalidField() {
        byte[] bytes = wireTransaction(wireBody().setChainId("").build(), validLengthSignature());
        Rejection rejection = rejection(TxCodec.decode(bytes, Limits.DEFAULT));
        assertInstanceOf(Rejection.InvalidField.class, rejection);
        assertEquals("body.chain_id", ((Rejection.InvalidField) rejection).field());
    }

    @Test
    void validUntilTimeAboveTwoToTheSixtyThreeMinusOneIsAnInvalidField() {
        // uint64 on the wire; 2^63 arrives in Java as Long.MIN_VALUE and must not become "expired long ago".
        for (long tooLarge : new long[] {Long.MIN_VALUE, -1L}) {
            byte[] bytes = wireTransaction(wireBody().setValidUntilTime(tooLarge).build(), validLengthSignature());
            assertEquals(new Rejection.InvalidField("body.valid_until_time", Long.toUnsignedString(tooLarge),
                    "must be at most 2^63 - 1"), rejection(TxCodec.decode(bytes, Limits.DEFAULT)));
        }
        byte[] largest = wireTransaction(wireBody().setValidUntilTime(Long.MAX_VALUE).build(), validLengthSignature());
        assertEquals(Long.MAX_VALUE, TxCodec.decode(largest, Limits.DEFAULT).value().body().validUntilMillis());
    }

    @Test
    void theRetiredHeightExpiryFieldIsAnUnknownField() {
        // Field 3 was valid_until, a height: a body from before the time expiry is refused, never read as having none.
        UnknownFieldSet validUntilHeight = UnknownFieldSet.newBuilder()
                .addField(3, UnknownFieldSet.Field.newBuilder().addVarint(50).build()).build();
        byte[] bytes = wireTransaction(wireBody().setUnknownFields(validUntilHeight).build(), validLengthSignature());
        assertEquals(new Rejection.Malformed("transaction body", "unknown fields"),
                rejection(TxCodec.decode(bytes, Limits.DEFAULT)));
    }

    @Test
    void operationWithNoKindIsMalformed() {
        byte[] bytes = wireTransaction(
                wireBody().addOperations(io.khata.proto.Operation.getDefaultInstance()).build(), validLengthSignature());
        assertEquals(new Rejection.Malformed("operations[1]", "no operation kind set"),
                rejection(TxCodec.decode(bytes, Limits.DEFAULT)));
    }

    @Test
    void signerKeyOf31BytesIsAnInvalidField() {
        byte[] bytes = wireTransaction(wireBody().build(), validLengthSignature(), wireSignature(31, Signature.BYTES));
        Rejection rejection = rejection(TxCodec.decode(bytes, Limits.DEFAULT));
        assertInstanceOf(Rejection.InvalidField.class, rejection);
        assertEquals("signatures[1].public_key", ((Rejection.InvalidField) rejection).field());
        assertEquals("31 bytes", ((Rejection.InvalidField) rejection).value());
    }

    @Test
    void signatureOf63BytesIsAnInvalidField() {
        byte[] bytes = wireTransaction(wireBody().build(), wireSignature(PublicKey.BYTES, 63));
        Rejection rejection = rejection(TxCodec.decode(bytes, Limits.DEFAULT));
        assertInstanceOf(Rejection.InvalidField.class, rejection);
        assertEquals("signatures[0].signature", ((Rejection.InvalidField) rejection).field());
        assertEquals("63 bytes", ((Rejection.InvalidField) rejection).value());
    }

    @Test
    void signatureOf65BytesAndEmptyKeyAreInvalidFields() {
        assertInstanceOf(Rejection.InvalidField.class, rejection(TxCodec.decode(
                wireTransaction(wireBody().build(), wireSignature(PublicKey.BYTES, 65)), Limits.DEFAULT)));
        assertInstanceOf(Rejection.InvalidField.class, rejection(TxCodec.decode(
                wireTransaction(wireBody().build(), wireSignature(0, Signature.BYTES)), Limits.DEFAULT)));
    }

    @Test
    void accountKeyOf31BytesIsAnInvalidField() {
        io.khata.proto.Operation createAccount = io.khata.proto.Operation.newBuilder().setCreateAccount(
                io.khata.proto.CreateAccount.newBuilder().setId("ops@bank-a").setQuorum(1)
                        .addKeys(ByteString.copyFrom(new byte[31]))).build();
        byte[] bytes = wireTransaction(wireBody().clearOperations().addOperations(createAccount).build(), validLengthSignature());
        Rejection rejection = rejection(TxCodec.decode(bytes, Limits.DEFAULT));
        assertInstanceOf(Rejection.InvalidField.class, rejection);
        assertEquals("operations[0].create_account.keys[0]", ((Rejection.InvalidField) rejection).field());
    }

    @Test
    void addMemberValidatorKeyOf31BytesIsAnInvalidField() {
        io.khata.proto.Operation addMember = io.khata.proto.Operation.newBuilder().setAddMember(
                io.khata.proto.AddMember.newBuilder().setMemberId("bank-c").setPower(1)
                        .setValidatorKey(ByteString.copyFrom(new byte[31]))).build();
        byte[] bytes = wireTransaction(wireBody().clearOperations().addOperations(addMember).build(), validLengthSignature());
        Rejection rejection = rejection(TxCodec.decode(bytes, Limits.DEFAULT));
        assertEquals("operations[0].add_member.validator_key",
                assertInstanceOf(Rejection.InvalidField.class, rejection).field());
    }

    @Test
    void anEncodingThatParsesToTheSameTransactionButIsNotCanonicalIsMalformed() {
        // The body field written twice: protobuf keeps the last, so the message is the same, but
        // a relay could then change a transaction's bytes while its hash and signatures stay valid.
        byte[] valid = TxCodec.sign(transferBody(), keys(1)).encode();
        io.khata.proto.Transaction wire = io.khata.proto.Transaction.newBuilder()
                .setBody(ByteString.copyFrom(TxCodec.encodeBody(transferBody()))).build();
        byte[] bodyFieldTwice = new byte[wire.getSerializedSize() + valid.length];
        System.arraycopy(wire.toByteArray(), 0, bodyFieldTwice, 0, wire.getSerializedSize());
        System.arraycopy(valid, 0, bodyFieldTwice, wire.getSerializedSize(), valid.length);

        assertEquals(new Rejection.Malformed("transaction", "not in canonical encoding"),
                rejection(TxCodec.decode(bodyFieldTwice, Limits.DEFAULT)));
        assertTrue(TxCodec.decode(valid, Limits.DEFAULT).isOk());
    }

    @Test
    void aBodyNoNodeWouldDecodeIsNeitherSignedNorAssembled() {
        TxBody noOperations = body(CHAIN, List.of(), "");
        TxBody longMemo = body(CHAIN, List.of(transfer(1)), "m".repeat(Limits.DEFAULT.memoBytesMax() + 1));

        assertThrows(IllegalArgumentException.class, () -> TxCodec.sign(noOperations, keys(1)));
        assertThrows(IllegalArgumentException.class, () -> TxCodec.sign(longMemo, keys(1)));
        assertThrows(IllegalArgumentException.class, () -> TxCodec.assemble(new byte[] {(byte) 0xff}, List.of()));
    }

    @Test
    void unknownFieldAppendedToTheEnvelopeIsMalformed() {
        byte[] valid = TxCodec.sign(transferBody(), keys(1)).encode();
        byte[] bytes = Arrays.copyOf(valid, valid.length + 2);
        bytes[valid.length] = (byte) (15 << 3); // field 15, varint
        bytes[valid.length + 1] = 1;
        assertEquals(new Rejection.Malformed("transaction", "unknown fields"), rejection(TxCodec.decode(bytes, Limits.DEFAULT)));
    }

    @Test
    void unknownFieldInTheBodyIsMalformed() {
        byte[] bytes = wireTransaction(wireBody().setUnknownFields(unknownField()).build(), validLengthSignature());
        assertEquals(new Rejection.Malformed("transaction body", "unknown fields"), rejection(TxCodec.decode(bytes, Limits.DEFAULT)));
    }

    @Test
    void unknownFieldInAnOperationIsMalformed() {
        io.khata.proto.Operation operation = wireBody().getOperations(0).toBuilder().setUnknownFields(unknownField()).build();
        byte[] bytes = wireTransaction(wireBody().setOperations(0, operation).build(), validLengthSignature());
        assertEquals(new Rejection.Malformed("operations[0]", "unknown fields"), rejection(TxCodec.decode(bytes, Limits.DEFAULT)));
    }

    @Test
    void unknownFieldInsideAnOperationKindIsMalformed() {
        // A field a newer client added to Transfer must not be silently dropped by this node.
        io.khata.proto.Operation operation = io.khata.proto.Operation.newBuilder()
                .setTransfer(wireBody().getOperations(0).getTransfer().toBuilder().setUnknownFields(unknownField()))
                .build();
        byte[] bytes = wireTransaction(wireBody().setOperations(0, operation).build(), validLengthSignature());
        Rejection rejection = rejection(TxCodec.decode(bytes, Limits.DEFAULT));
        assertInstanceOf(Rejection.Malformed.class, rejection);
        assertEquals("operations[0].transfer", ((Rejection.Malformed) rejection).what());
    }

    @Test
    void unknownFieldInASignatureIsMalformed() {
        // Not covered by the signatures, so without this check anyone relaying a transaction
        // could change its bytes while its hash stays the same.
        io.khata.proto.Signature signature = validLengthSignature().toBuilder().setUnknownFields(unknownField()).build();
        byte[] bytes = wireTransaction(wireBody().build(), signature);
        Rejection rejection = rejection(TxCodec.decode(bytes, Limits.DEFAULT));
        assertInstanceOf(Rejection.Malformed.class, rejection);
        assertEquals("signatures[0]", ((Rejection.Malformed) rejection).what());
    }

    @Test
    void bodyThatIsNotProtobufIsMalformed() {
        byte[] bytes = wireTransaction(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}, validLengthSignature());
        assertInstanceOf(Rejection.Malformed.class, rejection(TxCodec.decode(bytes, Limits.DEFAULT)));
    }

    // ------------------------------------------------------------------ signature checks

    @Test
    void aCorrectlySignedTransactionPasses() {
        Transaction tx = TxCodec.decode(TxCodec.sign(transferBody(), keys(3)).encode(), Limits.DEFAULT).value();
        assertEquals(Optional.empty(), tx.checkBeforeSignatures(CHAIN));
        assertEquals(Optional.empty(), tx.checkSignatures(CHAIN));
    }

    @Test
    void signedUnderAnotherChainIsWrongChain() {
        Transaction tx = TxCodec.sign(body("another-chain", List.of(transfer(1_000)), "invoice 7"), keys(1));
        assertEquals(Optional.of(new Rejection.WrongChain(CHAIN, "another-chain")), tx.checkSignatures(CHAIN));
    }

    @Test
    void aSignatureFromAnotherChainsTransactionDoesNotVerifyHere() {
        // Same operations, same signer: the chain id inside the signed body is what differs.
        KeyPair signer = key(1);
        Transaction elsewhere = TxCodec.sign(body("another-chain", List.of(transfer(1_000)), "invoice 7"), List.of(signer));
        Transaction here = TxCodec.assemble(TxCodec.encodeBody(transferBody()), elsewhere.signatures());
        assertEquals(Optional.of(new Rejection.BadSignature(signer.publicKey())), here.checkSignatures(CHAIN));
    }

    @Test
    void aSignatureUnderAnotherDomainTagIsBad() {
        KeyPair signer = key(1);
        byte[] bodyBytes = TxCodec.encodeBody(transferBody());
        byte[] hash = io.khata.core.crypto.Sha256.hash(bodyBytes).toByteArray();
        for (DomainTag tag : DomainTag.values()) {
            if (tag == DomainTag.TRANSACTION) {
                continue;
            }
            Signature signature = signer.sign(tag, hash);
            Transaction tx = TxCodec.assemble(bodyBytes, List.of(new TxSignature(signer.publicKey(), signature)));
            assertEquals(Optional.of(new Rejection.BadSignature(signer.publicKey())), tx.checkSignatures(CHAIN), tag.name());
        }
        // The same bytes under the TRANSACTION tag do verify: the tag was the only difference.
        Signature right = signer.sign(DomainTag.TRANSACTION, hash);
        Transaction tx = TxCodec.assemble(bodyBytes, List.of(new TxSignature(signer.publicKey(), right)));
        assertEquals(Optional.empty(), tx.checkSignatures(CHAIN));
    }

    @Test
    void signatureWithSAtLeastTheGroupOrderIsNonCanonical() {
        KeyPair signer = key(1);
        Transaction valid = TxCodec.sign(transferBody(), List.of(signer));
        Signature malleated = addGroupOrderToS(valid.signatures().get(0).signature());
        assertFalse(malleated.isCanonical());
        assertFalse(Ed25519.verify(signer.publicKey(), valid.signedMessage(), malleated));

        byte[] bytes = TxCodec.assemble(TxCodec.encodeBody(transferBody()),
                List.of(new TxSignature(signer.publicKey(), malleated))).encode();
        Transaction decoded = TxCodec.decode(bytes, Limits.DEFAULT).value();
        assertEquals(Optional.of(new Rejection.NonCanonicalSignature(signer.publicKey())), decoded.checkSignatures(CHAIN));
        assertEquals(Optional.of(new Rejection.NonCanonicalSignature(signer.publicKey())), decoded.checkBeforeSignatures(CHAIN));
    }

    /** S + L, little-endian: the same point equation holds, which is what makes S >= L malleable. */
    private static Signature addGroupOrderToS(Signature signature) {
        byte[] bytes = signature.toByteArray();
        int carry = 0;
        for (int i = 0; i < 32; i++) {
            int sum = (bytes[32 + i] & 0xff) + (ORDER_LITTLE_ENDIAN[i] & 0xff) + carry;
            bytes[32 + i] = (byte) sum;
            carry = sum >>> 8;
        }
        if (carry != 0) {
            throw new IllegalStateException("S + L overflowed 256 bits; S was not reduced");
        }
        return Signature.of(bytes);
    }

    @Test
    void theRightKeyOverAnotherTransactionIsBad() {
        KeyPair signer = key(1);
        Transaction other = TxCodec.sign(body(CHAIN, List.of(transfer(999)), "invoice 7"), List.of(signer));
        Transaction tx = TxCodec.assemble(TxCodec.encodeBody(transferBody()), other.signatures());
        assertEquals(Optional.of(new Rejection.BadSignature(signer.publicKey())), tx.checkSignatures(CHAIN));
    }

    @Test
    void oneBadSignatureAmongGoodOnesNamesItsSigner() {
        KeyPair first = key(1);
        KeyPair second = key(2);
        Transaction good = TxCodec.sign(transferBody(), List.of(first, second));
        Signature secondsForAnother = TxCodec.sign(body(CHAIN, List.of(transfer(5)), ""), List.of(second))
                .signatures().get(0).signature();
        Transaction tx = TxCodec.assemble(TxCodec.encodeBody(transferBody()),
                List.of(good.signatures().get(0), new TxSignature(second.publicKey(), secondsForAnother)));
        assertEquals(Optional.of(new Rejection.BadSignature(second.publicKey())), tx.checkSignatures(CHAIN));
    }

    @Test
    void theSameKeySigningTwiceIsADuplicateSigner() {
        KeyPair signer = key(1);
        Transaction tx = TxCodec.sign(transferBody(), List.of(signer, key(2), signer));
        Transaction decoded = TxCodec.decode(tx.encode(), Limits.DEFAULT).value();
        assertEquals(Optional.of(new Rejection.DuplicateSigner(signer.publicKey())), decoded.checkSignatures(CHAIN));
    }

    @Test
    void signatureChecksListEverySignerOverTheTaggedHash() {
        Transaction tx = TxCodec.sign(transferBody(), keys(3));
        var checks = tx.signatureChecks();
        assertEquals(3, checks.size());
        for (int i = 0; i < checks.size(); i++) {
            assertEquals(keys(3).get(i).publicKey(), checks.get(i).key());
            assertTrue(Arrays.equals(tx.signedMessage(), checks.get(i).message()));
            assertTrue(checks.get(i).verify());
        }
    }
}
