package io.khata.core.validate;

import static io.khata.core.genesis.TestGenesis.PKR;
import static io.khata.core.genesis.TestGenesis.treasury;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Limits;
import io.khata.core.Rejection;
import io.khata.core.block.Block;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.Commit;
import io.khata.core.block.Evidence;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteType;
import io.khata.core.crypto.Sha256;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.LedgerOptions;
import io.khata.core.ledger.TestChain;
import io.khata.core.proof.ProofVerifier;
import io.khata.core.proof.TxProof;
import io.khata.core.tx.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attack 2: a block over the size limit. Every {@link Limits} bound of a block is checked where
 * blocks come in (decode, validation) and the builder never goes past one, counting the exact
 * encoded bytes (header, last commit, evidence, transactions), so an accepted block can always
 * be read back under the same limits, synced and proven. The limits are scaled down to the
 * size of a block of twenty transfers, so the test runs in well under a second.
 */
class BlockLimitsTest {
    private static final TestGenesis FIXTURE = TestGenesis.of(4);
    private static final int TRANSFERS = 20;

    private final List<Ledger> ledgers = new ArrayList<>();
    private Ledger proposer;
    private TestChain chain;
    private Block first;
    private Commit firstCommit;
    private List<Transaction> transfers;
    private List<Evidence> evidence;
    private Block second;

    /** Block 1 is committed everywhere; block 2, built under the default limits, carries a last commit, evidence and twenty transfers. */
    @BeforeEach
    void buildASecondBlockWithEveryPart() {
        proposer = ledger(Limits.DEFAULT);
        chain = new TestChain(FIXTURE, proposer);
        first = chain.commitNext(List.of(chain.transfer(PKR, treasury(0), treasury(1), 5))).block();
        firstCommit = proposer.commit(1).orElseThrow();
        transfers = new ArrayList<>();
        for (int i = 0; i < TRANSFERS - 1; i++) {
            transfers.add(chain.transfer(PKR, treasury(i % 4), treasury((i + 1) % 4), 1 + i));
        }
        // The last one carries a memo, so it is the largest transaction by a few bytes.
        io.khata.core.tx.TxBody body = new io.khata.core.tx.TxBody(FIXTURE.genesis().chainId(),
                List.of(new io.khata.core.tx.Operation.Transfer(PKR, treasury(3), treasury(0), 99)),
                proposer.headTimeMillis() + 50_000, 1_000,
                "settlement 2026-12");
        transfers.add(io.khata.core.tx.TxCodec.sign(body, List.of(FIXTURE.accountKey(treasury(3)))));
        evidence = List.of(equivocation(0), equivocation(1));
        second = buildSecond(proposer);
        assertEquals(TRANSFERS, second.transactions().size());
        assertEquals(2, second.evidence().size());
    }

    @AfterEach
    void close() {
        ledgers.forEach(Ledger::close);
    }

    private Ledger ledger(Limits limits) {
        Ledger ledger = Ledger.inMemory(FIXTURE.genesis(), LedgerOptions.defaults().withVerifierThreads(1).withLimits(limits));
        ledgers.add(ledger);
        if (first != null) {
            ledger.commit(first, firstCommit);
        }
        return ledger;
    }

    private Block buildSecond(Ledger builder) {
        return builder.build(TestGenesis.bank(1), transfers, firstCommit, evidence)
                .block();
    }

    /** bank3 precommitting two blocks at height 1 in {@code round}. */
    private static Evidence equivocation(int round) {
        String chainId = FIXTURE.genesis().chainId();
        Vote a = Vote.sign(VoteType.PRECOMMIT, chainId, 1, round, Sha256.hash(new byte[] {1}), 0, "bank3",
                FIXTURE.validatorKey("bank3"));
        Vote b = Vote.sign(VoteType.PRECOMMIT, chainId, 1, round, Sha256.hash(new byte[] {2}), 0, "bank3",
                FIXTURE.validatorKey("bank3"));
        return new Evidence(a, b).normalized();
    }

    private static Limits limits(int blockBytesMax, int txsPerBlockMax, int evidencePerBlockMax) {
        Limits d = Limits.DEFAULT;
        return new Limits(d.txBytesMax(), d.operationsPerTxMax(), d.signaturesPerTxMax(), d.memoBytesMax(),
                blockBytesMax, txsPerBlockMax, evidencePerBlockMax, d.identifierBytesMax(), d.genesisBytesMax());
    }

    @Test
    void attack2_theCountedSizeIsTheEncodedSize() {
        assertEquals(BlockCodec.encode(second).length, BlockCodec.encodedSize(second));
        assertEquals(BlockCodec.encode(first).length, BlockCodec.encodedSize(first));
    }

    @Test
    void attack2_aBlockOfExactlyTheLimitIsAcceptedStoredReadBackAndProven() {
        int size = BlockCodec.encode(second).length;
        Limits exact = limits(size, TRANSFERS, 2);
        Block rebuilt = buildSecond(ledger(exact));
        assertEquals(second, rebuilt, "a builder held to exactly this size leaves nothing out");
        assertEquals(size, BlockCodec.encode(rebuilt).length);

        Ledger node = ledger(exact);
        assertTrue(node.validate(second).isOk(), () -> node.validate(second).rejection().message());
        node.commit(second, chain.commitFor(second));
        assertEquals(second, node.block(2).orElseThrow(), "read back under the same limits");
        assertEquals(second, BlockCodec.decode(BlockCodec.encode(node.block(2).orElseThrow()), exact).value(),
                "decoded as block sync decodes it");
        Transaction last = transfers.get(TRANSFERS - 1);
        TxProof proof = node.proof(last.hash()).orElseThrow();
        assertEquals(Optional.empty(), ProofVerifier.verify(proof, FIXTURE.genesis()));
        assertTrue(node.evidenceCommitted(evidence.get(0).offence()));
    }

    @Test
    void attack2_aBlockOneByteOverTheLimitIsRefusedEverywhereBytesComeIn() throws Exception {
        int size = BlockCodec.encode(second).length;
        Limits oneShort = limits(size - 1, TRANSFERS, 2);
        Rejection tooLarge = new Rejection.TooLarge("block", size, size - 1);

        Ledger node = ledger(oneShort);
        assertEquals(tooLarge, node.validate(second).rejection(), "validation");
        assertEquals(tooLarge, BlockCodec.decode(BlockCodec.encode(second), oneShort).rejection(), "stored or raw bytes");
        io.khata.proto.Block wire = io.khata.proto.Block.parseFrom(BlockCodec.encode(second));
        assertEquals(tooLarge, BlockCodec.fromWire(wire, oneShort).rejection(), "a proposal or block-sync answer");
        assertEquals(1, node.height(), "nothing was committed");

        Block smaller = buildSecond(ledger(oneShort));
        assertEquals(transfers.subList(0, TRANSFERS - 1), smaller.transactions(), "the builder stops before the limit");
        assertTrue(BlockCodec.encode(smaller).length <= size - 1);
        assertTrue(node.validate(smaller).isOk());
    }

    @Test
    void attack2_countsOverTheirLimitsAreRefusedByValidation() {
        Ledger fewerTransactions = ledger(limits(Limits.DEFAULT.blockBytesMax(), TRANSFERS - 1, 2));
        assertEquals(new Rejection.TooMany("transactions in a block", TRANSFERS, TRANSFERS - 1),
                fewerTransactions.validate(second).rejection());
        assertEquals(TRANSFERS - 1, buildSecond(fewerTransactions).transactions().size());

        Ledger lessEvidence = ledger(limits(Limits.DEFAULT.blockBytesMax(), TRANSFERS, 1));
        assertEquals(new Rejection.TooMany("evidence in a block", 2, 1), lessEvidence.validate(second).rejection());
        assertEquals(List.of(evidence.get(0)), buildSecond(lessEvidence).evidence());

        Limits d = Limits.DEFAULT;
        int largest = transfers.get(TRANSFERS - 1).encodedSize();
        int othersLargest = 0;
        for (Transaction tx : transfers.subList(0, TRANSFERS - 1)) {
            othersLargest = Math.max(othersLargest, tx.encodedSize());
        }
        assertTrue(othersLargest < largest && first.transactions().get(0).encodedSize() < largest);
        Limits smallerTransactions = new Limits(largest - 1, d.operationsPerTxMax(), d.signaturesPerTxMax(),
                d.memoBytesMax(), d.blockBytesMax(), d.txsPerBlockMax(), d.evidencePerBlockMax(), d.identifierBytesMax(),
                d.genesisBytesMax());
        Rejection.TooLarge refused = org.junit.jupiter.api.Assertions.assertInstanceOf(Rejection.TooLarge.class,
                ledger(smallerTransactions).validate(second).rejection());
        assertEquals(largest, refused.bytes());
        assertEquals(largest - 1, refused.bytesMax());
    }

    private static Limits withTxBytesMax(int txBytesMax) {
        Limits d = Limits.DEFAULT;
        return new Limits(txBytesMax, d.operationsPerTxMax(), d.signaturesPerTxMax(), d.memoBytesMax(), d.blockBytesMax(),
                d.txsPerBlockMax(), d.evidencePerBlockMax(), d.identifierBytesMax(), d.genesisBytesMax());
    }

    /** The builder fills a block to exactly its count limits, and one fewer allowed leaves the last one out. */
    @Test
    void attack2_theBuilderReachesEachCountLimitExactlyAndStopsOneShort() {
        Block exact = buildSecond(ledger(limits(Limits.DEFAULT.blockBytesMax(), TRANSFERS, 2)));
        assertEquals(transfers, exact.transactions());
        assertEquals(evidence, exact.evidence());

        Block oneFewer = buildSecond(ledger(limits(Limits.DEFAULT.blockBytesMax(), TRANSFERS - 1, 1)));
        assertEquals(transfers.subList(0, TRANSFERS - 1), oneFewer.transactions());
        assertEquals(List.of(evidence.get(0)), oneFewer.evidence());
    }

    /** A transaction of exactly the transaction byte limit is built into a block; one byte over is skipped, named. */
    @Test
    void attack2_theBuilderTakesATransactionOfExactlyTheByteLimitAndSkipsOneByteOver() {
        Transaction largest = transfers.get(TRANSFERS - 1);
        int size = largest.encodedSize();

        BlockBuilder.Built atLimit = ledger(withTxBytesMax(size)).build(TestGenesis.bank(1), transfers, firstCommit, evidence);
        assertEquals(transfers, atLimit.block().transactions());
        assertEquals(List.of(), atLimit.skipped());

        BlockBuilder.Built over = ledger(withTxBytesMax(size - 1)).build(TestGenesis.bank(1), transfers, firstCommit, evidence);
        assertEquals(transfers.subList(0, TRANSFERS - 1), over.block().transactions());
        assertEquals(List.of(new BlockBuilder.Skipped(largest, new Rejection.TooLarge("transaction", size, size - 1))),
                over.skipped());
    }

    /**
     * Evidence counts toward the block bytes too: a block of exactly the size of its header, last
     * commit and two evidence items carries both, one byte less carries one, and transactions that
     * would not fit after them are left for a later block.
     */
    @Test
    void attack2_evidenceFillsTheBlockBytesExactlyAndOneByteShortDropsTheSecond() {
        Block evidenceOnly = proposer.build(TestGenesis.bank(1), List.of(), firstCommit, evidence).block();
        int size = BlockCodec.encode(evidenceOnly).length;
        assertEquals(evidence, evidenceOnly.evidence());

        Block exact = ledger(limits(size, TRANSFERS, 2)).build(TestGenesis.bank(1), transfers, firstCommit, evidence)
                .block();
        assertEquals(evidence, exact.evidence());
        assertEquals(List.of(), exact.transactions(), "no transaction fits beside them");
        assertEquals(size, BlockCodec.encode(exact).length);

        Block oneShort = ledger(limits(size - 1, TRANSFERS, 2)).build(TestGenesis.bank(1), List.of(), firstCommit, evidence)
                .block();
        assertEquals(List.of(evidence.get(0)), oneShort.evidence());
    }
}
