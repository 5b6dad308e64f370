package io.khata.core.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.khata.core.Limits;
import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.crypto.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TxCodecByteStringTest {
    static final KeyPair ALICE = KeyPair.fromSeed(new byte[32]);
    static final KeyPair BOB = KeyPair.fromSeed(filled(1));

    static byte[] filled(int value) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) value);
        return seed;
    }

    static Transaction transfer(KeyPair... signers) {
        TxBody body = new TxBody("khata-test", List.of(new Operation.Transfer("PKR", "alice@bank0", "bob@bank1", 5)),
                10, 1, "memo");
        return TxCodec.sign(body, List.of(signers));
    }

    @Test
    void decodingFromABlockMessageEqualsDecodingBytes() {
        Transaction tx = transfer(ALICE, BOB);
        byte[] bytes = tx.encode();
        Transaction fromBytes = TxCodec.decode(bytes, Limits.DEFAULT).value();
        Transaction fromByteString = TxCodec.decode(ByteString.copyFrom(bytes), Limits.DEFAULT).value();
        assertEquals(tx, fromBytes);
        assertEquals(tx, fromByteString);
        bytes[bytes.length - 1] ^= 1;
        assertEquals(tx, fromBytes, "the decoded transaction keeps its own copy of the bytes");
    }

    @Test
    void aTooLargeByteStringIsRefusedBeforeDecoding() {
        Limits small = new Limits(8, 64, 32, 256, 1 << 20, 100, 10, 64, 1 << 20);
        Result<Transaction> result = TxCodec.decode(ByteString.copyFrom(transfer(ALICE).encode()), small);
        assertTrue(result.rejection() instanceof Rejection.TooLarge, String.valueOf(result.rejection()));
    }

    @Test
    void aByteStringOfExactlyTheLimitDecodesAndOneByteOverIsRefused() {
        byte[] bytes = transfer(ALICE).encode();
        Limits exact = new Limits(bytes.length, 64, 32, 256, 1 << 20, 100, 10, 64, 1 << 20);
        Limits oneUnder = new Limits(bytes.length - 1, 64, 32, 256, 1 << 20, 100, 10, 64, 1 << 20);

        assertEquals(transfer(ALICE), TxCodec.decode(ByteString.copyFrom(bytes), exact).value());
        assertEquals(new Rejection.TooLarge("transaction", bytes.length, bytes.length - 1),
                TxCodec.decode(ByteString.copyFrom(bytes), oneUnder).rejection());
    }

    @Test
    void aKeySigningTwiceIsRefusedBeforeVerification() {
        Transaction twice = TxCodec.assemble(TxCodec.encodeBody(transfer(ALICE).body()),
                List.of(transfer(ALICE).signatures().get(0), transfer(BOB).signatures().get(0),
                        transfer(ALICE).signatures().get(0)));
        assertEquals(Optional.of(new Rejection.DuplicateSigner(ALICE.publicKey())), twice.checkBeforeSignatures("khata-test"));
        assertEquals(Optional.empty(), transfer(ALICE, BOB).checkBeforeSignatures("khata-test"));
    }
}
