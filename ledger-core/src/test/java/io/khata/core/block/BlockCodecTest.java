package io.khata.core.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.khata.core.Limits;
import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.Sha256;
import io.khata.core.crypto.Signature;
import io.khata.core.testing.Generator;
import io.khata.core.testing.SeededProperty;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Bytes to {@link Block} and back, and the pieces a block carries: votes, commits, evidence
 * and the quorum arithmetic of a {@link ValidatorSet}. As with transactions, any input bytes
 * must give a {@link Result}; an exception escaping {@link BlockCodec#decode} fails the test.
 */
class BlockCodecTest {
    private static final String CHAIN = "khata-test";
    private static final String[] MEMBERS = {"bank-a", "bank-b", "bank-c", "bank-d"};
    /** 2026-01-01T00:00:00Z, the time test votes are stamped with. */
    private static final long TIME_MILLIS = 1_767_225_600_000L;

    private static KeyPair key(int n) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) (100 + n));
        return KeyPair.fromSeed(seed);
    }

    private static Hash hashOf(String label) {
        return Sha256.hash(label.getBytes(StandardCharsets.UTF_8));
    }

    private static ValidatorSet validators() {
        List<Validator> validators = new ArrayList<>();
        for (int i = 0; i < MEMBERS.length; i++) {
            validators.add(new Validator(MEMBERS[i], key(i).publicKey(), 1));
        }
        return new ValidatorSet(validators);
    }

    private static Transaction transaction(long nonce) {
        TxBody body = new TxBody(CHAIN, List.of(new Operation.Transfer("PKR", "a@bank-a", "b@bank-b", 10)), 50, nonce, "");
        return TxCodec.sign(body, List.of(key(9)));
    }

    private static List<Transaction> transactions(int count) {
        List<Transaction> txs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            txs.add(transaction(i));
        }
        return txs;
    }

    private static Commit commitFor(long height, Hash blockHash) {
        List<Vote> precommits = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            precommits.add(Vote.sign(VoteType.PRECOMMIT, CHAIN, height, 0, blockHash, TIME_MILLIS, MEMBERS[i], key(i)));
        }
        return Commit.of(height, 0, blockHash, precommits);
    }

    /** bank-d precommitting two different blocks at one height and round. */
    private static Evidence equivocation(long height, int round) {
        Vote first = Vote.sign(VoteType.PRECOMMIT, CHAIN, height, round, hashOf("fork 1"), TIME_MILLIS, MEMBERS[3], key(3));
        Vote second = Vote.sign(VoteType.PRECOMMIT, CHAIN, height, round, hashOf("fork 2"), TIME_MILLIS, MEMBERS[3], key(3));
        return new Evidence(first, second).normalized();
    }

    private static List<Evidence> equivocations(int count) {
        List<Evidence> evidence = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            evidence.add(equivocation(6, i));
        }
        return evidence;
    }

    private static BlockHeader header(long height, List<Transaction> txs) {
        List<Hash> txHashes = new ArrayList<>();
        for (Transaction tx : txs) {
            txHashes.add(tx.hash());
        }
        return new BlockHeader(CHAIN, height, hashOf("previous block"), 1_767_225_600_000L, MEMBERS[1],
                io.khata.core.merkle.MerkleTree.rootOfHashes(txHashes), hashOf("state"), hashOf("last commit"),
                validators().hash(), hashOf("evidence"), validators().hash());
    }

    private static Block block(int txCount, int evidenceCount) {
        List<Transaction> txs = transactions(txCount);
        return BlockCodec.assemble(header(7, txs), txs, commitFor(6, hashOf("previous block")), equivocations(evidenceCount));
    }

    private static Limits limits(int blockBytesMax, int txsPerBlockMax, int evidencePerBlockMax) {
        Limits d = Limits.DEFAULT;
        return new Limits(d.txBytesMax(), d.operationsPerTxMax(), d.signaturesPerTxMax(), d.memoBytesMax(),
                blockBytesMax, txsPerBlockMax, evidencePerBlockMax, d.identifierBytesMax(), d.genesisBytesMax());
    }

    private static Rejection rejection(Result<?> result) {
        assertNotNull(result);
        assertFalse(result.isOk(), () -> "expected a rejection, got " + result);
        return result.rejection();
    }

    // ------------------------------------------------------------------ round trips

    @Test
    void encodeDecodeRoundTrips() {
        Block block = block(5, 2);
        byte[] bytes = BlockCodec.encode(block);
        Block decoded = BlockCodec.decode(bytes, Limits.DEFAULT).value();
        assertEquals(block, decoded);
        assertEquals(block.hash(), decoded.hash());
        assertEquals(block.header(), decoded.header());
        assertEquals(block.transactions(), decoded.transactions());
        assertEquals(block.transactionHashes(), decoded.transactionHashes());
        assertEquals(block.lastCommit(), decoded.lastCommit());
        assertEquals(block.evidence(), decoded.evidence());
        assertTrue(Arrays.equals(bytes, BlockCodec.encode(decoded)));
    }

    @Test
    void theBlockHashIsSha256OfTheHeaderBytes() {
        Block block = block(2, 0);
        assertEquals(Sha256.hash(block.headerBytes()), block.hash());
        assertTrue(Arrays.equals(block.header().encode(), block.headerBytes()));
        assertEquals(block.header(), BlockCodec.decodeHeader(block.headerBytes()).value());
    }

    @Test
    void aFirstBlockWithNoCommitNoTransactionsAndNoEvidenceRoundTrips() {
        BlockHeader header = new BlockHeader(CHAIN, 1, Hash.ZERO, 0, "bank-a", io.khata.core.merkle.MerkleTree.EMPTY_ROOT,
                hashOf("genesis state"), Commit.NONE_HASH, validators().hash(), Evidence.hashOf(List.of()),
                validators().hash());
        Block block = BlockCodec.assemble(header, List.of(), null, List.of());
        Block decoded = BlockCodec.decode(BlockCodec.encode(block), Limits.DEFAULT).value();
        assertEquals(block, decoded);
        assertNull(decoded.lastCommit());
        assertEquals(1, decoded.height());
    }

    // ------------------------------------------------------------------ any bytes give a Result

    @TestFactory
    Stream<DynamicTest> randomBytesNeverThrow() {
        return SeededProperty.forAll(1000, Generator.bytes(4096), bytes -> {
            assertNotNull(BlockCodec.decode(bytes, Limits.DEFAULT));
            assertNotNull(BlockCodec.decode(bytes, limits(1024, 2, 1)));
            assertNotNull(BlockCodec.decodeHeader(bytes));
        });
    }

    @TestFactory
    Stream<DynamicTest> damagedValidEncodingsNeverThrow() {
        return SeededProperty.cases(500, random -> {
            int damages = 1 + random.nextInt(8);
            byte[] bytes = BlockCodec.encode(block(1 + random.nextInt(3), random.nextInt(2)));
            for (int i = 0; i < damages && bytes.length > 0; i++) {
                int at = random.nextInt(bytes.length);
                switch (random.nextInt(3)) {
                    case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                    case 1 -> bytes[at] = (byte) random.nextInt(256);
                    default -> bytes = Arrays.copyOf(bytes, at);
                }
            }
            assertNotNull(BlockCodec.decode(bytes, Limits.DEFAULT));
        });
    }

    @Test
    void everyTruncationGivesAResult() {
        Block block = block(2, 1);
        byte[] bytes = BlockCodec.encode(block);
        for (int length = 0; length < bytes.length; length++) {
            Result<Block> result = BlockCodec.decode(Arrays.copyOf(bytes, length), Limits.DEFAULT);
            assertNotNull(result, "prefix of " + length + " bytes");
            if (result.isOk()) {
                // A cut between two fields can decode, but only to a block with the same header.
                assertEquals(block.hash(), result.value().hash(), "prefix of " + length + " bytes");
            }
        }
    }

    // ------------------------------------------------------------------ limits: at the limit accepted, one over rejected

    @Test
    void blockBytesLimit() {
        byte[] bytes = BlockCodec.encode(block(3, 1));
        assertTrue(BlockCodec.decode(bytes, limits(bytes.length, 3, 1)).isOk());
        assertEquals(new Rejection.TooLarge("block", bytes.length, bytes.length - 1),
                rejection(BlockCodec.decode(bytes, limits(bytes.length - 1, 3, 1))));
    }

    @Test
    void transactionsPerBlockLimit() {
        byte[] bytes = BlockCodec.encode(block(4, 0));
        assertTrue(BlockCodec.decode(bytes, limits(1 << 20, 4, 1)).isOk());
        assertEquals(new Rejection.TooMany("transactions in a block", 4, 3),
                rejection(BlockCodec.decode(bytes, limits(1 << 20, 3, 1))));
    }

    @Test
    void evidencePerBlockLimit() {
        byte[] bytes = BlockCodec.encode(block(1, 3));
        assertTrue(BlockCodec.decode(bytes, limits(1 << 20, 1, 3)).isOk());
        assertEquals(new Rejection.TooMany("evidence in a block", 3, 2),
                rejection(BlockCodec.decode(bytes, limits(1 << 20, 1, 2))));
    }

    @Test
    void aTransactionOverItsLimitInsideABlockIsRejected() {
        Block block = block(2, 0);
        int txBytes = block.transactions().get(0).encodedSize();
        Limits d = Limits.DEFAULT;
        Limits small = new Limits(txBytes - 1, d.operationsPerTxMax(), d.signaturesPerTxMax(), d.memoBytesMax(),
                d.blockBytesMax(), d.txsPerBlockMax(), d.evidencePerBlockMax(), d.identifierBytesMax(), d.genesisBytesMax());
        Rejection rejection = rejection(BlockCodec.decode(BlockCodec.encode(block), small));
        assertInstanceOf(Rejection.Malformed.class, rejection);
        assertEquals("block txs[0]", ((Rejection.Malformed) rejection).what());
    }

    // ------------------------------------------------------------------ structure

    @Test
    void everyHeaderHashFieldOf31BytesIsRejected() {
        Block block = block(1, 0);
        String[] fields = {"prev_block_hash", "tx_root", "state_root", "last_commit_hash", "validators_hash", "evidence_hash",
            "next_validators_hash"};
        for (String field : fields) {
            io.khata.proto.BlockHeader.Builder header = parseHeader(block.headerBytes()).toBuilder();
            header.setField(header.getDescriptorForType().findFieldByName(field), ByteString.copyFrom(new byte[31]));
            io.khata.proto.Block wire = BlockCodec.toWire(block).toBuilder()
                    .setHeader(header.build().toByteString())
                    .build();
            Rejection rejection = rejection(BlockCodec.decode(wire.toByteArray(), Limits.DEFAULT));
            assertEquals(new Rejection.InvalidField("header." + field, "31 bytes", "must be 32 bytes"), rejection, field);
            assertEquals(rejection, rejection(BlockCodec.decodeHeader(header.build().toByteArray())), field);
        }
    }

    @Test
    void aHeaderAtHeightZeroIsRejected() {
        Block block = block(1, 0);
        byte[] header = parseHeader(block.headerBytes()).toBuilder().setHeight(0).build().toByteArray();
        Rejection rejection = rejection(BlockCodec.decodeHeader(header));
        assertInstanceOf(Rejection.InvalidField.class, rejection);
        assertEquals("header.height", ((Rejection.InvalidField) rejection).field());
    }

    private static io.khata.proto.BlockHeader parseHeader(byte[] bytes) {
        try {
            return io.khata.proto.BlockHeader.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aMalformedTransactionIsNamedByItsIndex() {
        Block block = block(3, 0);
        io.khata.proto.Block wire = BlockCodec.toWire(block).toBuilder()
                .setTxs(1, ByteString.copyFrom(new byte[] {0x0a, 0x05, 0x01}))
                .build();
        Rejection rejection = rejection(BlockCodec.decode(wire.toByteArray(), Limits.DEFAULT));
        assertInstanceOf(Rejection.Malformed.class, rejection);
        assertEquals("block txs[1]", ((Rejection.Malformed) rejection).what());
    }

    @Test
    void aTransactionWithoutSignaturesInsideABlockIsNamedByItsIndex() {
        Block block = block(3, 0);
        byte[] unsigned = TxCodec.assemble(TxCodec.encodeBody(block.transactions().get(2).body()), List.of()).encode();
        io.khata.proto.Block wire = BlockCodec.toWire(block).toBuilder().setTxs(2, ByteString.copyFrom(unsigned)).build();
        Rejection rejection = rejection(BlockCodec.decode(wire.toByteArray(), Limits.DEFAULT));
        assertEquals(new Rejection.Malformed("block txs[2]", "malformed transaction: no signatures"), rejection);
    }

    @Test
    void unknownFieldAppendedToABlockIsMalformed() {
        byte[] valid = BlockCodec.encode(block(1, 0));
        byte[] bytes = Arrays.copyOf(valid, valid.length + 2);
        bytes[valid.length] = (byte) (15 << 3);
        bytes[valid.length + 1] = 1;
        assertEquals(new Rejection.Malformed("block", "unknown fields"), rejection(BlockCodec.decode(bytes, Limits.DEFAULT)));
    }

    @Test
    void aCommitSignatureOfTheWrongLengthIsRejected() {
        Block block = block(1, 0);
        io.khata.proto.Commit commit = BlockCodec.toWire(block).getLastCommit().toBuilder()
                .setSignatures(0, io.khata.proto.CommitSig.newBuilder().setValidator("bank-a")
                        .setSignature(ByteString.copyFrom(new byte[63])))
                .build();
        io.khata.proto.Block wire = BlockCodec.toWire(block).toBuilder().setLastCommit(commit).build();
        Rejection rejection = rejection(BlockCodec.decode(wire.toByteArray(), Limits.DEFAULT));
        assertInstanceOf(Rejection.InvalidField.class, rejection);
        assertEquals("last_commit.signatures[0].signature", ((Rejection.InvalidField) rejection).field());
    }

    // ------------------------------------------------------------------ votes

    @Test
    void aVoteVerifiesOnlyUnderItsChainAndType() {
        KeyPair signer = key(0);
        for (Hash blockHash : new Hash[] {hashOf("block"), null}) {
            Vote vote = Vote.sign(VoteType.PREVOTE, "a", 9, 2, blockHash, TIME_MILLIS, "bank-a", signer);
            assertTrue(vote.verify("a", signer.publicKey()));
            assertFalse(vote.verify("b", signer.publicKey()), "another chain");
            Vote asPrecommit = new Vote(VoteType.PRECOMMIT, 9, 2, blockHash, TIME_MILLIS, "bank-a", vote.signature());
            assertFalse(asPrecommit.verify("a", signer.publicKey()), "the other vote type");
            assertFalse(vote.verify("a", key(1).publicKey()), "another validator's key");
        }
        Vote precommit = Vote.sign(VoteType.PRECOMMIT, "a", 9, 2, hashOf("block"), TIME_MILLIS, "bank-a", signer);
        assertTrue(precommit.verify("a", signer.publicKey()));
        assertFalse(new Vote(VoteType.PREVOTE, 9, 2, hashOf("block"), TIME_MILLIS, "bank-a", precommit.signature())
                .verify("a", signer.publicKey()));
    }

    @Test
    void aVoteSignsItsTime() {
        KeyPair signer = key(0);
        Vote vote = Vote.sign(VoteType.PRECOMMIT, CHAIN, 9, 2, hashOf("block"), TIME_MILLIS, "bank-a", signer);
        for (long other : new long[] {TIME_MILLIS + 1, TIME_MILLIS - 1, 0, Long.MAX_VALUE}) {
            Vote moved = new Vote(VoteType.PRECOMMIT, 9, 2, hashOf("block"), other, "bank-a", vote.signature());
            assertFalse(moved.verify(CHAIN, signer.publicKey()), "time " + other);
        }
    }

    /**
     * The signed layout of a vote, pinned: a change here changes every signature on the chain and
     * must be deliberate (it is a wire-format change, see README "Wire format and hashing").
     */
    @Test
    void theVoteSignedBytesArePinned() {
        Hash blockHash = Hash.fromHex("ab".repeat(32));
        String expected = "04" + "0000000a" + "6b686174612d74657374" // precommit tag, chain id "khata-test"
                + "0000000000000009" + "00000002" // height 9, round 2
                + "01" + "ab".repeat(32) // a block hash, not nil
                + "0000019b76daa800"; // 2026-01-01T00:00:00Z in milliseconds
        assertEquals(expected, java.util.HexFormat.of().formatHex(
                Vote.signedBytes(VoteType.PRECOMMIT, CHAIN, 9, 2, blockHash, TIME_MILLIS)));
        String nilPrevote = "03" + "0000000a" + "6b686174612d74657374" + "0000000000000009" + "00000002" + "00"
                + "0000019b76daa800";
        assertEquals(nilPrevote, java.util.HexFormat.of().formatHex(
                Vote.signedBytes(VoteType.PREVOTE, CHAIN, 9, 2, null, TIME_MILLIS)));
    }

    @Test
    void aVoteOrCommitTimeOf2To63OrMoreIsRejected() {
        Vote vote = Vote.sign(VoteType.PRECOMMIT, CHAIN, 9, 1, hashOf("block"), TIME_MILLIS, "bank-b", key(1));
        io.khata.proto.Vote wire = VoteCodec.toWire(vote).toBuilder().setTime(-1L).build(); // uint64 2^64 - 1
        assertEquals(new Rejection.InvalidField("vote.time", "18446744073709551615", "must be below 2^63 milliseconds"),
                rejection(VoteCodec.fromWire(wire, "vote")));
        Vote latest = new Vote(VoteType.PRECOMMIT, 9, 1, hashOf("block"), Long.MAX_VALUE, "bank-b", vote.signature());
        assertEquals(latest, VoteCodec.fromWire(VoteCodec.toWire(latest), "vote").value(), "2^63 - 1 decodes");
        io.khata.proto.Commit commit = VoteCodec.toWire(commitFor(9, hashOf("block")));
        io.khata.proto.Commit negative = commit.toBuilder()
                .setSignatures(1, commit.getSignatures(1).toBuilder().setTime(Long.MIN_VALUE)).build();
        assertEquals(new Rejection.InvalidField("commit.signatures[1].time", "9223372036854775808",
                "must be below 2^63 milliseconds"), rejection(VoteCodec.fromWire(negative, "commit", 10)));
    }

    @Test
    void aVoteForNilDoesNotVerifyAsAVoteForABlock() {
        KeyPair signer = key(0);
        Vote nil = Vote.sign(VoteType.PREVOTE, CHAIN, 9, 0, null, TIME_MILLIS, "bank-a", signer);
        assertTrue(nil.isNil());
        assertFalse(new Vote(VoteType.PREVOTE, 9, 0, Hash.ZERO, TIME_MILLIS, "bank-a", nil.signature()).verify(CHAIN, signer.publicKey()));
    }

    @Test
    void votesRoundTripThroughTheWireForm() {
        Vote vote = Vote.sign(VoteType.PRECOMMIT, CHAIN, 9, 1, hashOf("block"), TIME_MILLIS, "bank-b", key(1));
        assertEquals(vote, VoteCodec.fromWire(VoteCodec.toWire(vote), "vote").value());
        Vote nil = Vote.sign(VoteType.PREVOTE, CHAIN, 9, 1, null, TIME_MILLIS, "bank-b", key(1));
        assertEquals(nil, VoteCodec.fromWire(VoteCodec.toWire(nil), "vote").value());
    }

    // ------------------------------------------------------------------ commits

    @Test
    void commitHashChangesWhenAnySignatureChanges() {
        Commit commit = commitFor(6, hashOf("block"));
        Hash original = commit.hash();
        assertEquals(original, commitFor(6, hashOf("block")).hash(), "Ed25519 signing is deterministic");
        for (int i = 0; i < commit.signatures().size(); i++) {
            for (int bit : new int[] {0, 255, 256, 511}) {
                byte[] bytes = commit.signatures().get(i).signature().toByteArray();
                bytes[bit / 8] ^= (byte) (1 << (bit % 8));
                List<CommitSig> sigs = new ArrayList<>(commit.signatures());
                sigs.set(i, new CommitSig(sigs.get(i).validator(), sigs.get(i).timeMillis(), Signature.of(bytes)));
                assertNotEquals(original, new Commit(6, 0, hashOf("block"), sigs).hash(), "signature " + i + " bit " + bit);
            }
        }
        List<CommitSig> moved = new ArrayList<>(commit.signatures());
        moved.set(0, new CommitSig(moved.get(0).validator(), moved.get(0).timeMillis() + 1, moved.get(0).signature()));
        assertNotEquals(original, new Commit(6, 0, hashOf("block"), moved).hash(), "a time changed");
        List<CommitSig> fewer = commit.signatures().subList(0, 2);
        assertNotEquals(original, new Commit(6, 0, hashOf("block"), fewer).hash(), "a signature dropped");
    }

    @Test
    void aCommitIsOrderedByValidatorAndVotesBackAsPrecommits() {
        Hash blockHash = hashOf("block");
        List<Vote> precommits = new ArrayList<>();
        for (int i = 2; i >= 0; i--) {
            precommits.add(Vote.sign(VoteType.PRECOMMIT, CHAIN, 6, 0, blockHash, TIME_MILLIS, MEMBERS[i], key(i)));
        }
        Commit commit = Commit.of(6, 0, blockHash, precommits);
        assertEquals(List.of("bank-a", "bank-b", "bank-c"),
                commit.signatures().stream().map(CommitSig::validator).toList());
        for (Vote vote : commit.votes()) {
            assertTrue(vote.verify(CHAIN, validators().keyOf(vote.validator())), vote.validator());
        }
        assertEquals(commit, VoteCodec.fromWire(VoteCodec.toWire(commit), "commit", 10).value());
    }

    // ------------------------------------------------------------------ evidence

    private static Result<Evidence> evidenceFromWire(Vote first, Vote second) {
        io.khata.proto.Evidence wire = io.khata.proto.Evidence.newBuilder()
                .setFirst(VoteCodec.toWire(first)).setSecond(VoteCodec.toWire(second)).build();
        return VoteCodec.fromWire(wire, "evidence");
    }

    @Test
    void conflictingVotesAreEvidence() {
        Evidence evidence = equivocation(6, 0);
        assertEquals(evidence, evidenceFromWire(evidence.first(), evidence.second()).value());
        Vote nil = Vote.sign(VoteType.PREVOTE, CHAIN, 6, 0, null, TIME_MILLIS, "bank-d", key(3));
        Vote forBlock = Vote.sign(VoteType.PREVOTE, CHAIN, 6, 0, hashOf("block"), TIME_MILLIS, "bank-d", key(3));
        assertTrue(evidenceFromWire(nil, forBlock).isOk(), "nil and a block conflict");
    }

    @Test
    void evidenceFromTwoVotesThatDoNotConflictIsRejected() {
        KeyPair d = key(3);
        Vote vote = Vote.sign(VoteType.PRECOMMIT, CHAIN, 6, 0, hashOf("block"), TIME_MILLIS, "bank-d", d);
        Vote[] notConflicting = {
            vote,
            Vote.sign(VoteType.PRECOMMIT, CHAIN, 6, 1, hashOf("other"), TIME_MILLIS, "bank-d", d),
            Vote.sign(VoteType.PRECOMMIT, CHAIN, 7, 0, hashOf("other"), TIME_MILLIS, "bank-d", d),
            Vote.sign(VoteType.PREVOTE, CHAIN, 6, 0, hashOf("other"), TIME_MILLIS, "bank-d", d),
            Vote.sign(VoteType.PRECOMMIT, CHAIN, 6, 0, hashOf("other"), TIME_MILLIS, "bank-c", key(2)),
            Vote.sign(VoteType.PRECOMMIT, CHAIN, 6, 0, hashOf("block"), TIME_MILLIS + 1, "bank-d", d),
        };
        String[] why = {"the same vote twice", "another round", "another height", "another type", "another validator",
            "the same vote re-signed at another time"};
        for (int i = 0; i < notConflicting.length; i++) {
            assertEquals(new Rejection.Malformed("evidence", "the two votes do not conflict"),
                    rejection(evidenceFromWire(vote, notConflicting[i])), why[i]);
        }
    }

    @Test
    void aBlockCarryingEvidenceThatDoesNotConflictIsRejected() {
        Block block = block(1, 1);
        Vote first = block.evidence().get(0).first();
        io.khata.proto.Evidence sameTwice = io.khata.proto.Evidence.newBuilder()
                .setFirst(VoteCodec.toWire(first)).setSecond(VoteCodec.toWire(first)).build();
        io.khata.proto.Block wire = BlockCodec.toWire(block).toBuilder().setEvidence(0, sameTwice).build();
        assertEquals(new Rejection.Malformed("evidence[0]", "the two votes do not conflict"),
                rejection(BlockCodec.decode(wire.toByteArray(), Limits.DEFAULT)));
    }

    // ------------------------------------------------------------------ quorum arithmetic

    @Test
    void quorumOfFourEqualValidators() {
        ValidatorSet set = validators();
        assertEquals(4, set.totalPower());
        assertTrue(set.isQuorum(4));
        assertTrue(set.isQuorum(3));
        assertFalse(set.isQuorum(2), "2 of 4 is exactly half, not more than 2/3");
        assertTrue(set.isOneThirdPlus(2));
        assertFalse(set.isOneThirdPlus(1));
    }

    @Test
    void quorumIsStrictlyMoreThanTwoThirds() {
        // Total 3: 2 is exactly 2/3 and is not a quorum; total 6 likewise needs 5.
        ValidatorSet three = new ValidatorSet(List.of(new Validator("bank-a", key(0).publicKey(), 3)));
        assertFalse(three.isQuorum(2));
        assertTrue(three.isQuorum(3));
        assertFalse(three.isOneThirdPlus(1));
        ValidatorSet six = new ValidatorSet(List.of(
                new Validator("bank-a", key(0).publicKey(), 4), new Validator("bank-b", key(1).publicKey(), 2)));
        assertFalse(six.isQuorum(4));
        assertTrue(six.isQuorum(5));
        assertFalse(six.isOneThirdPlus(2));
        assertTrue(six.isOneThirdPlus(3));
    }

    @Test
    void theValidatorsHashDoesNotDependOnListOrder() {
        List<Validator> list = new ArrayList<>(validators().validators());
        java.util.Collections.reverse(list);
        assertEquals(validators().hash(), new ValidatorSet(list).hash());
        assertEquals(validators(), new ValidatorSet(list));
    }
}
