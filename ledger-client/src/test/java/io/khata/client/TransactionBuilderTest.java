package io.khata.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Limits;
import io.khata.core.crypto.Ed25519;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.Sha256;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionBuilderTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final KeyPair key = KeyPair.generate(RANDOM);
    private final KeyFileSigner signer = KeyFileSigner.of(key);

    @Test
    void everyOperationOfTheProtoRoundTripsThroughTheLedgerDecoder() throws Exception {
        KeyPair account = KeyPair.generate(RANDOM);
        KeyPair validator = KeyPair.generate(RANDOM);
        Transaction tx = TransactionBuilder.forChain("c")
                .createAccount("alice@bank0", List.of(account.publicKey()), 1)
                .createAsset("BOND-2031", "issuer@authority", 0)
                .issue("PKR", "alice@bank0", 500)
                .redeem("PKR", 100)
                .transfer("PKR", "alice@bank0", "bob@bank1", 250)
                .setFrozen("bob@bank1", true)
                .setTransferLimit("alice@bank0", "PKR", 10_000)
                .addMember("bank9", validator.publicKey(), 2, "127.0.0.1:1")
                .removeMember("bank8")
                .setPower("bank7", 3)
                .validUntilTime(Instant.ofEpochMilli(42)).nonce(99).memo("settlement 17")
                .sign(signer);
        var decoded = TxCodec.decode(tx.encode(), Limits.DEFAULT);
        assertTrue(decoded.isOk(), () -> decoded.rejection().message());
        TxBody body = decoded.value().body();
        assertEquals(List.of(new Operation.CreateAccount("alice@bank0", List.of(account.publicKey()), 1),
                new Operation.CreateAsset("BOND-2031", "issuer@authority", 0),
                new Operation.Issue("PKR", "alice@bank0", 500),
                new Operation.Redeem("PKR", 100),
                new Operation.Transfer("PKR", "alice@bank0", "bob@bank1", 250),
                new Operation.SetFrozen("bob@bank1", true),
                new Operation.SetTransferLimit("alice@bank0", "PKR", 10_000),
                new Operation.AddMember("bank9", validator.publicKey(), 2, "127.0.0.1:1"),
                new Operation.RemoveMember("bank8"),
                new Operation.SetPower("bank7", 3)), body.operations());
        assertEquals(new TxBody("c", body.operations(), 42, 99, "settlement 17"), body);
        assertEquals(10, io.khata.proto.Operation.KindCase.values().length - 1,
                "khata.proto has an operation this builder does not offer");
    }

    /** The signing rule: Ed25519 over 0x01 ‖ SHA-256(body bytes), the body carried unchanged. */
    @Test
    void theSignatureCoversTheTransactionTagAndTheBodyHash() throws Exception {
        TransactionBuilder builder = TransactionBuilder.forChain("c").transfer("PKR", "a@b", "c@d", 1).validUntilTime(Instant.ofEpochMilli(5));
        Transaction tx = builder.sign(signer);
        byte[] bodyBytes = io.khata.proto.Transaction.parseFrom(tx.encode()).getBody().toByteArray();
        assertEquals(Sha256.hash(bodyBytes), tx.hash());
        assertEquals(builder.hash(), tx.hash());
        byte[] message = new byte[33];
        message[0] = 0x01;
        System.arraycopy(tx.hash().toByteArray(), 0, message, 1, 32);
        assertTrue(Ed25519.verify(key.publicKey(), message, tx.signatures().get(0).signature()));
    }

    @Test
    void randomNoncesMakeTwoEqualTransfersTwoTransactions() throws Exception {
        Transaction first = TransactionBuilder.forChain("c").transfer("PKR", "a@b", "c@d", 1).validUntilTime(Instant.ofEpochMilli(5)).sign(signer);
        Transaction second = TransactionBuilder.forChain("c").transfer("PKR", "a@b", "c@d", 1).validUntilTime(Instant.ofEpochMilli(5)).sign(signer);
        assertTrue(!first.hash().equals(second.hash()));
    }

    @Test
    void aSecondBankCosignsWithoutChangingTheBody() throws Exception {
        KeyFileSigner buyer = KeyFileSigner.of(KeyPair.generate(RANDOM));
        Transaction sellerSigned = TransactionBuilder.forChain("c")
                .transfer("BOND", "seller@bank0", "buyer@bank1", 5).transfer("PKR", "buyer@bank1", "seller@bank0", 500)
                .validUntilTime(Instant.ofEpochMilli(9)).sign(signer);
        Transaction both = TransactionBuilder.cosign(sellerSigned, buyer);
        assertEquals(sellerSigned.hash(), both.hash());
        assertEquals(2, both.signatures().size());
        assertTrue(both.checkSignatures("c").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> TransactionBuilder.cosign(both, buyer));
    }

    @Test
    void theExpiryIsSetByTimeOrByTtlFromAClockAndBoundedToWhatTheWireCarries() {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(1_796_644_800_000L), ZoneOffset.UTC);
        TxBody body = TransactionBuilder.forChain("c").redeem("PKR", 1).validFor(Duration.ofMinutes(10), clock).body();
        assertEquals(1_796_644_800_000L + 600_000, body.validUntilMillis());
        assertEquals(Long.MAX_VALUE, TransactionBuilder.forChain("c").redeem("PKR", 1)
                .validUntilTime(Instant.ofEpochMilli(Long.MAX_VALUE)).body().validUntilMillis());
        assertThrows(IllegalArgumentException.class, () -> TransactionBuilder.forChain("c")
                .validUntilTime(Instant.ofEpochMilli(Long.MAX_VALUE).plusMillis(1)));
        assertThrows(IllegalArgumentException.class, () -> TransactionBuilder.forChain("c")
                .validUntilTime(Instant.ofEpochMilli(-1)));
        assertThrows(IllegalArgumentException.class, () -> TransactionBuilder.forChain("c").validFor(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> TransactionBuilder.forChain("c")
                .validFor(Duration.ofMinutes(1), Clock.fixed(Instant.ofEpochMilli(Long.MAX_VALUE), ZoneOffset.UTC)));
    }

    @Test
    void whatTheNodeWouldRefuseOnSightIsRefusedHere() {
        assertThrows(IllegalStateException.class, () -> TransactionBuilder.forChain("c").validUntilTime(Instant.ofEpochMilli(5)).sign(signer));
        assertThrows(IllegalStateException.class, () -> TransactionBuilder.forChain("c").redeem("PKR", 1).sign(signer));
        assertThrows(IllegalStateException.class, () -> TransactionBuilder.forChain("c").redeem("PKR", 1).validUntilTime(Instant.ofEpochMilli(5))
                .memo("x".repeat(257)).sign(signer));
        TransactionBuilder many = TransactionBuilder.forChain("c").validUntilTime(Instant.ofEpochMilli(5));
        for (int i = 0; i <= Limits.DEFAULT.operationsPerTxMax(); i++) {
            many.redeem("PKR", 1);
        }
        assertThrows(IllegalStateException.class, () -> many.sign(signer));
        assertThrows(IllegalArgumentException.class, () -> TransactionBuilder.forChain("c").redeem("PKR", 1)
                .validUntilTime(Instant.ofEpochMilli(5)).sign(signer, signer));
        assertThrows(IllegalArgumentException.class, () -> TransactionBuilder.forChain("c").nonce(-1));
    }
}
