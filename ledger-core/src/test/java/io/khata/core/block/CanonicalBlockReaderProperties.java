package io.khata.core.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Limits;
import io.khata.core.Result;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.Sha256;
import io.khata.core.testing.Mutations;
import io.khata.core.testing.SeededProperty;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link CanonicalBlockReader} against decoding through the generated {@code Block} message:
 * whatever the reader accepts, the generated path accepts as an equal block (header, every
 * transaction with its body and signatures, last commit, evidence); {@link BlockCodec#decode}
 * answers every input as the generated path does.
 */
class CanonicalBlockReaderProperties {
    private static final String CHAIN = "khata-test";
    private static final Limits LIMITS = Limits.DEFAULT;
    private static final List<byte[]> SAMPLES = samples();

    private static KeyPair key(int n) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) (40 + n));
        return KeyPair.fromSeed(seed);
    }

    private static Hash hashOf(String label) {
        return Sha256.hash(label.getBytes(StandardCharsets.UTF_8));
    }

    private static List<byte[]> samples() {
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            txs.add(TxCodec.sign(new TxBody(CHAIN, List.of(new Operation.Transfer("PKR", "a@bank-a", "b@bank-b", 10 + i)),
                    50, i, i == 0 ? "" : "INV-" + i), List.of(key(9))));
        }
        txs.add(TxCodec.sign(new TxBody(CHAIN, List.of(new Operation.Issue("PKR", "a@bank-a", 7)), 50, 9, ""),
                List.of(key(8))));
        List<Vote> precommits = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            precommits.add(Vote.sign(VoteType.PRECOMMIT, CHAIN, 6, 0, hashOf("previous"), 1_767_225_600_000L, "bank-" + i, key(i)));
        }
        Commit commit = Commit.of(6, 0, hashOf("previous"), precommits);
        Vote first = Vote.sign(VoteType.PRECOMMIT, CHAIN, 6, 1, hashOf("fork 1"), 1L, "bank-3", key(3));
        Vote second = Vote.sign(VoteType.PRECOMMIT, CHAIN, 6, 1, hashOf("fork 2"), 1L, "bank-3", key(3));
        Evidence evidence = new Evidence(first, second).normalized();
        BlockHeader header = new BlockHeader(CHAIN, 7, hashOf("previous"), 1_767_225_600_000L, "bank-1",
                hashOf("txs"), hashOf("state"), hashOf("last commit"), hashOf("validators"), hashOf("evidence"),
                hashOf("next"));
        return List.of(
                BlockCodec.encode(BlockCodec.assemble(header, txs, commit, List.of(evidence))),
                BlockCodec.encode(BlockCodec.assemble(header, txs.subList(0, 2), null, List.of())),
                BlockCodec.encode(BlockCodec.assemble(header, List.of(), commit, List.of())));
    }

    @Test
    void canonicalBlocksTakeTheReaderAndDecodeAsBefore() {
        for (byte[] sample : SAMPLES) {
            assertNotNull(CanonicalBlockReader.read(sample, LIMITS));
            assertAgrees(sample, LIMITS);
        }
    }

    @Test
    void aRepeatedLastCommitIsLeftToTheGeneratedPath() {
        // Protobuf merges a message field written twice (here: one commit with both signature
        // lists); the reader must not pick one of the two.
        byte[] once = SAMPLES.get(2);
        io.khata.proto.Block wire = BlockCodec.toWire(BlockCodec.decode(once, LIMITS).value());
        byte[] commitField = io.khata.proto.Block.newBuilder().setLastCommit(wire.getLastCommit()).build().toByteArray();
        byte[] repeated = new byte[once.length + commitField.length];
        System.arraycopy(once, 0, repeated, 0, once.length);
        System.arraycopy(commitField, 0, repeated, once.length, commitField.length);
        assertNull(CanonicalBlockReader.read(repeated, LIMITS));
        assertAgrees(repeated, LIMITS);
    }

    @Test
    void everyTruncationAgrees() {
        for (byte[] sample : SAMPLES) {
            for (byte[] prefix : Mutations.truncations(sample)) {
                assertAgrees(prefix, LIMITS);
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> singleByteChangesAgree() {
        return SeededProperty.cases(1_500, random -> assertAgrees(Mutations.oneByteChanged(sample(random), random), LIMITS));
    }

    @TestFactory
    Stream<DynamicTest> appendedBytesAgree() {
        return SeededProperty.cases(200,
                random -> assertAgrees(Mutations.extended(sample(random), 1 + random.nextInt(64), random), LIMITS));
    }

    @TestFactory
    Stream<DynamicTest> countLimitsAgree() {
        return SeededProperty.cases(30, random -> {
            Limits tight = new Limits(LIMITS.txBytesMax(), LIMITS.operationsPerTxMax(), LIMITS.signaturesPerTxMax(),
                    LIMITS.memoBytesMax(), LIMITS.blockBytesMax(), 1 + random.nextInt(4), 1 + random.nextInt(2),
                    LIMITS.identifierBytesMax(), LIMITS.genesisBytesMax());
            assertAgrees(sample(random), tight);
        });
    }

    private static byte[] sample(SplittableRandom random) {
        return SAMPLES.get(random.nextInt(SAMPLES.size()));
    }

    private static void assertAgrees(byte[] bytes, Limits limits) {
        Result<Block> generated = BlockCodec.decodeWithMessages(bytes, limits);
        Block read = CanonicalBlockReader.read(bytes, limits);
        if (read != null) {
            assertTrue(generated.isOk(), "the reader accepted what the generated path refuses: " + generated.rejection());
            assertSameBlock(generated.value(), read);
        }
        Result<Block> decoded = BlockCodec.decode(bytes, limits);
        if (generated.isOk()) {
            assertSameBlock(generated.value(), decoded.value());
        } else {
            assertEquals(generated.rejection(), decoded.rejection());
        }
    }

    private static void assertSameBlock(Block expected, Block actual) {
        assertEquals(expected, actual);
        assertTrue(Arrays.equals(expected.headerBytes(), actual.headerBytes()));
        assertEquals(expected.header(), actual.header());
        assertEquals(expected.lastCommit(), actual.lastCommit());
        assertEquals(expected.evidence(), actual.evidence());
        for (int i = 0; i < expected.transactions().size(); i++) {
            Transaction e = expected.transactions().get(i);
            Transaction a = actual.transactions().get(i);
            assertEquals(e.body(), a.body());
            assertEquals(e.signatures(), a.signatures());
        }
    }
}
