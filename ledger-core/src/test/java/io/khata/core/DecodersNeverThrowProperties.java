package io.khata.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.InvalidProtocolBufferException;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.Commit;
import io.khata.core.block.Evidence;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteCodec;
import io.khata.core.block.VoteType;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.KeyPair;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.TestChain;
import io.khata.core.proof.TxProofCodec;
import io.khata.core.state.StateCodec;
import io.khata.core.testing.Generator;
import io.khata.core.testing.Mutations;
import io.khata.core.testing.SeededProperty;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every decoder of bytes that come from outside (a peer, a client, a file an operator edits)
 * answers random bytes, every truncation of a valid encoding, single-byte changes of it and
 * inputs over its limit with a {@link Result}: a value or a typed {@link Rejection}, never an
 * exception (genesis files get the same treatment in {@code GenesisLoaderTest}). Stored state,
 * which only this node writes, has a narrower contract: a record that does not decode is a
 * broken invariant and throws {@link IllegalStateException}, and nothing else.
 */
class DecodersNeverThrowProperties {
    private static final Limits LIMITS = Limits.DEFAULT;
    private static final List<Decoder> DECODERS = decoders();

    /** A decoder under test and valid encodings of what it decodes. */
    private record Decoder(String name, Function<byte[], Result<?>> decode, List<byte[]> samples) {
        void assertAnswers(byte[] bytes) {
            Result<?> result = decode.apply(bytes);
            assertNotNull(result, name + " answered null");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    // ------------------------------------------------------------------ valid encodings

    private static List<Decoder> decoders() {
        TestGenesis fixture = TestGenesis.of(4);
        try (Ledger ledger = Ledger.inMemory(fixture.genesis())) {
            TestChain chain = new TestChain(fixture, ledger);
            List<Transaction> txs = List.of(
                    chain.transfer(TestGenesis.PKR, TestGenesis.treasury(0), TestGenesis.treasury(1), 10),
                    chain.transfer(TestGenesis.PKR, TestGenesis.treasury(1), TestGenesis.treasury(2), 20));
            chain.commitNext(List.of(txs.get(0)));
            chain.commitNext(List.of(txs.get(1)));
            var block = ledger.block(2).orElseThrow();
            Commit commit = ledger.commit(2).orElseThrow();
            var proof = ledger.proof(txs.get(1).hash()).orElseThrow();
            Vote prevote = commit.votes().get(0);
            Vote nilVote = Vote.sign(VoteType.PREVOTE, ledger.chainId(), 3, 1, null, 0, TestGenesis.bank(1),
                    fixture.validatorKeys().get(TestGenesis.bank(1)));
            Evidence evidence = equivocation(fixture, ledger.chainId());

            List<Decoder> decoders = new ArrayList<>();
            decoders.add(new Decoder("transaction", bytes -> TxCodec.decode(bytes, LIMITS),
                    List.of(txs.get(0).encode(), txs.get(1).encode())));
            decoders.add(new Decoder("block", bytes -> BlockCodec.decode(bytes, LIMITS),
                    List.of(BlockCodec.encode(block), BlockCodec.encode(ledger.block(1).orElseThrow()))));
            decoders.add(new Decoder("block header", BlockCodec::decodeHeader, List.of(block.headerBytes())));
            decoders.add(new Decoder("vote", DecodersNeverThrowProperties::decodeVote,
                    List.of(VoteCodec.toWire(prevote).toByteArray(), VoteCodec.toWire(nilVote).toByteArray())));
            decoders.add(new Decoder("commit", DecodersNeverThrowProperties::decodeCommit,
                    List.of(VoteCodec.toWire(commit).toByteArray())));
            decoders.add(new Decoder("evidence", DecodersNeverThrowProperties::decodeEvidence,
                    List.of(VoteCodec.toWire(evidence).toByteArray())));
            decoders.add(new Decoder("proof", TxProofCodec::decode, List.of(TxProofCodec.encode(proof))));
            decoders.add(new Decoder("proof JSON",
                    bytes -> TxProofCodec.fromJson(new String(bytes, StandardCharsets.UTF_8)),
                    List.of(TxProofCodec.toJson(proof).getBytes(StandardCharsets.UTF_8))));
            return List.copyOf(decoders);
        }
    }

    private static Evidence equivocation(TestGenesis fixture, String chainId) {
        KeyPair key = fixture.validatorKeys().get(TestGenesis.bank(3));
        Vote first = Vote.sign(VoteType.PRECOMMIT, chainId, 6, 0, Hash.of(new byte[Hash.BYTES]), 0, TestGenesis.bank(3), key);
        byte[] other = new byte[Hash.BYTES];
        other[0] = 1;
        Vote second = Vote.sign(VoteType.PRECOMMIT, chainId, 6, 0, Hash.of(other), 0, TestGenesis.bank(3), key);
        return new Evidence(first, second).normalized();
    }

    /** Parsing then checking, as every caller of {@link VoteCodec} does: a parse failure is a rejection. */
    private static Result<?> decodeVote(byte[] bytes) {
        try {
            return VoteCodec.fromWire(io.khata.proto.Vote.parseFrom(bytes), "vote");
        } catch (InvalidProtocolBufferException e) {
            return Result.err(new Rejection.Malformed("vote", e.getMessage()));
        }
    }

    private static Result<?> decodeCommit(byte[] bytes) {
        try {
            return VoteCodec.fromWire(io.khata.proto.Commit.parseFrom(bytes), "commit", BlockCodec.COMMIT_SIGNATURES_MAX);
        } catch (InvalidProtocolBufferException e) {
            return Result.err(new Rejection.Malformed("commit", e.getMessage()));
        }
    }

    private static Result<?> decodeEvidence(byte[] bytes) {
        try {
            return VoteCodec.fromWire(io.khata.proto.Evidence.parseFrom(bytes), "evidence");
        } catch (InvalidProtocolBufferException e) {
            return Result.err(new Rejection.Malformed("evidence", e.getMessage()));
        }
    }

    // ------------------------------------------------------------------ properties

    @Test
    void theSamplesAreValid() {
        // So that the damage done below starts from something each decoder accepts.
        for (Decoder decoder : DECODERS) {
            for (byte[] sample : decoder.samples()) {
                Result<?> result = decoder.decode().apply(sample);
                if (!result.isOk()) {
                    throw new AssertionError(decoder + " refuses its own sample: " + result.rejection());
                }
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> randomBytesGetAnAnswer() {
        return SeededProperty.forAll(200, Generator.bytes(2048), bytes -> {
            for (Decoder decoder : DECODERS) {
                decoder.assertAnswers(bytes);
            }
        });
    }

    @Test
    void everyTruncationOfAValidEncodingGetsAnAnswer() {
        for (Decoder decoder : DECODERS) {
            for (byte[] sample : decoder.samples()) {
                for (byte[] prefix : Mutations.truncations(sample)) {
                    decoder.assertAnswers(prefix);
                }
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> singleByteChangesGetAnAnswer() {
        return SeededProperty.cases(150, random -> {
            for (Decoder decoder : DECODERS) {
                byte[] sample = decoder.samples().get(random.nextInt(decoder.samples().size()));
                decoder.assertAnswers(Mutations.oneByteChanged(sample, random));
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> validEncodingsWithBytesAppendedGetAnAnswer() {
        return SeededProperty.cases(60, random -> {
            for (Decoder decoder : DECODERS) {
                byte[] sample = decoder.samples().get(random.nextInt(decoder.samples().size()));
                decoder.assertAnswers(Mutations.extended(sample, 1 + random.nextInt(64), random));
            }
        });
    }

    // ------------------------------------------------------------------ over the limits

    @Test
    void aTransactionOverItsLimitIsTooLarge() {
        byte[] tx = Mutations.extended(DECODERS.get(0).samples().get(0), LIMITS.txBytesMax(),
                new java.util.SplittableRandom(1));
        assertInstanceOf(Rejection.TooLarge.class, rejected(TxCodec.decode(tx, LIMITS)));
    }

    @Test
    void aBlockOverItsLimitIsTooLarge() {
        byte[] block = DECODERS.get(1).samples().get(0);
        Limits small = new Limits(LIMITS.txBytesMax(), LIMITS.operationsPerTxMax(), LIMITS.signaturesPerTxMax(),
                LIMITS.memoBytesMax(), block.length - 1, LIMITS.txsPerBlockMax(), LIMITS.evidencePerBlockMax(),
                LIMITS.identifierBytesMax(), LIMITS.genesisBytesMax());
        assertInstanceOf(Rejection.TooLarge.class, rejected(BlockCodec.decode(block, small)));
    }

    @Test
    void aProofOverItsLimitIsTooLargeAsBytesAndAsJson() {
        byte[] bytes = new byte[TxProofCodec.PROOF_BYTES_MAX + 1];
        assertInstanceOf(Rejection.TooLarge.class, rejected(TxProofCodec.decode(bytes)));
        assertInstanceOf(Rejection.TooLarge.class, rejected(TxProofCodec.fromJson(" ".repeat(TxProofCodec.PROOF_BYTES_MAX + 1))));
    }

    @Test
    void aCommitWithMoreSignaturesThanAllowedIsTooMany() throws InvalidProtocolBufferException {
        io.khata.proto.Commit commit = io.khata.proto.Commit.parseFrom(DECODERS.get(4).samples().get(0));
        io.khata.proto.Commit.Builder many = commit.toBuilder();
        while (many.getSignaturesCount() <= BlockCodec.COMMIT_SIGNATURES_MAX) {
            many.addSignatures(commit.getSignatures(0));
        }
        assertInstanceOf(Rejection.TooMany.class,
                rejected(VoteCodec.fromWire(many.build(), "commit", BlockCodec.COMMIT_SIGNATURES_MAX)));
    }

    @Test
    void deeplyNestedJsonIsRefused() {
        byte[] nested = ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8);
        for (Decoder decoder : DECODERS) {
            decoder.assertAnswers(nested);
        }
        assertFalse(TxProofCodec.fromJson("{\"commit\":" + "{\"x\":".repeat(50_000) + "1" + "}".repeat(50_001)).isOk());
    }

    private static Rejection rejected(Result<?> result) {
        assertFalse(result.isOk(), () -> "expected a rejection, got " + result);
        return result.rejection();
    }

    // ------------------------------------------------------------------ stored state: IllegalStateException only

    private record StoredDecoder(String name, Function<byte[], Object> decode, byte[] sample) {
        void assertDecodesOrRefuses(byte[] bytes) {
            try {
                assertNotNull(decode.apply(bytes), name);
            } catch (IllegalStateException refused) {
                // The documented answer to a damaged record.
            }
        }
    }

    private static List<StoredDecoder> storedDecoders() {
        TestGenesis fixture = TestGenesis.of(4);
        try (Ledger ledger = Ledger.inMemory(fixture.genesis())) {
            var account = ledger.account(TestGenesis.treasury(0));
            var asset = ledger.asset(TestGenesis.PKR);
            var validators = ledger.validatorsAt(1);
            var member = new io.khata.core.state.MemberState(TestGenesis.bank(0),
                    validators.validators().get(0).key(), 5, "127.0.0.1:26600");
            return List.of(
                    new StoredDecoder("account", StateCodec::decodeAccount, StateCodec.encodeAccount(account)),
                    new StoredDecoder("asset", StateCodec::decodeAsset, StateCodec.encodeAsset(asset)),
                    new StoredDecoder("member", StateCodec::decodeMember, StateCodec.encodeMember(member)),
                    new StoredDecoder("validators", StateCodec::decodeValidators, StateCodec.encodeValidators(validators)),
                    new StoredDecoder("balance", StateCodec::decodeBalance, StateCodec.encodeBalance(42)),
                    new StoredDecoder("balance key", StateCodec::decodeBalanceKey,
                            StateCodec.balanceKey(TestGenesis.treasury(0), TestGenesis.PKR)));
        }
    }

    @Test
    void everyTruncationOfStoredStateDecodesOrThrowsOnlyIllegalState() {
        for (StoredDecoder decoder : storedDecoders()) {
            for (byte[] prefix : Mutations.truncations(decoder.sample())) {
                decoder.assertDecodesOrRefuses(prefix);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> damagedStoredStateDecodesOrThrowsOnlyIllegalState() {
        List<StoredDecoder> decoders = storedDecoders();
        return SeededProperty.cases(150, random -> {
            for (StoredDecoder decoder : decoders) {
                decoder.assertDecodesOrRefuses(Mutations.oneByteChanged(decoder.sample(), random));
                decoder.assertDecodesOrRefuses(Generator.bytes(256).next(random));
            }
        });
    }

    @Test
    void aStoredCountOfTwoBillionIsRefusedWithoutAllocatingForIt() {
        byte[] validators = new io.khata.core.codec.CanonicalWriter(8).writeInt(Integer.MAX_VALUE).toByteArray();
        assertThrows(IllegalStateException.class, () -> StateCodec.decodeValidators(validators));
        byte[] account = new io.khata.core.codec.CanonicalWriter(32).writeString("a@bank0").writeInt(1)
                .writeBoolean(false).writeInt(Integer.MAX_VALUE).toByteArray();
        assertThrows(IllegalStateException.class, () -> StateCodec.decodeAccount(account));
        byte[] negative = new io.khata.core.codec.CanonicalWriter(8).writeInt(-1).toByteArray();
        assertThrows(IllegalStateException.class, () -> StateCodec.decodeValidators(negative));
    }

    @Test
    void aStoredMemberWithA31ByteKeyIsAnIllegalStateNotAnIllegalArgument() {
        byte[] member = new io.khata.core.codec.CanonicalWriter(96).writeString("bank0").writeBytes(new byte[31])
                .writeLong(1).writeString("127.0.0.1:1").toByteArray();
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> StateCodec.decodeMember(member));
        assertInstanceOf(IllegalArgumentException.class, refused.getCause());
    }

    @Test
    void theStoredSamplesDecode() {
        for (StoredDecoder decoder : storedDecoders()) {
            assertNotNull(decoder.decode().apply(decoder.sample()), decoder.name());
        }
        assertEquals(42L, StateCodec.decodeBalance(StateCodec.encodeBalance(42)));
    }
}
