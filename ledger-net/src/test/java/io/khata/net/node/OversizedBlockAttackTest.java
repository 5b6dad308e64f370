package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Limits;
import io.khata.core.block.Block;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.Commit;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.LedgerOptions;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.net.cli.Testnet;
import io.khata.net.consensus.MessageCodec;
import io.khata.net.consensus.Proposal;
import io.khata.net.consensus.Proposers;
import io.khata.net.consensus.Timeouts;
import io.khata.proto.Envelope;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack 2 of the Byzantine review over real TLS: hostile bank3, at each of its proposer turns,
 * proposes a block that is valid in every respect but its size, a few hundred bytes over the
 * block limit. Before the limit was enforced where bytes come in, such a block was committed by
 * everyone and could then not be read back (no restart, no sync, no proof at that height). The
 * honest banks refuse it, commit without it, can read back every block they committed, and keep
 * their heap bounded. Blocks are scaled down to 1 MiB, the attack with them.
 */
class OversizedBlockAttackTest {
    private static final Limits LIMITS = MemoryExhaustionAttackTest.LIMITS;
    /** The hostile builder's own rules: the same but for a block limit twice as large. */
    private static final Limits HOSTILE_LIMITS = new Limits(LIMITS.txBytesMax(), LIMITS.operationsPerTxMax(),
            LIMITS.signaturesPerTxMax(), LIMITS.memoBytesMax(), 2 * LIMITS.blockBytesMax(), LIMITS.txsPerBlockMax(),
            LIMITS.evidencePerBlockMax(), LIMITS.identifierBytesMax(), LIMITS.genesisBytesMax());
    private static final long HEAP_GROWTH_BOUND_BYTES = 48L * 1024 * 1024;
    private static final int TURNS = 2;

    @TempDir
    Path dir;

    private HostileCluster cluster;
    private long nonce = 1_000_000;

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void attack2_aProposerWhoseBlockIsOverTheLimitIsRefusedAndEveryCommittedBlockReadsBack() throws Exception {
        cluster = HostileCluster.start(dir, LIMITS, 100, Timeouts.DEFAULT);
        cluster.startHostile();
        cluster.commitTransfers(3);
        String hostile = Testnet.bank(HostileCluster.HOSTILE);
        long before = HostileCluster.usedHeapAfterGc();
        int turns = 0;
        long largest = 0;
        long deadline = System.currentTimeMillis() + 120_000;
        try (Ledger copy = Ledger.inMemory(cluster.genesis,
                LedgerOptions.defaults().withLimits(HOSTILE_LIMITS).withVerifierThreads(1))) {
            long proposedFor = -1;
            while (turns < TURNS && System.currentTimeMillis() < deadline) {
                cluster.catchUp(copy);
                long next = copy.height() + 1;
                if (next != proposedFor && Proposers.proposer(copy.validatorsAt(next), next, 0).equals(hostile)) {
                    proposedFor = next;
                    Block block = oversizedBlock(copy, next);
                    largest = Math.max(largest, BlockCodec.encodedSize(block));
                    for (int round = 0; round < 6; round++) {
                        if (Proposers.proposer(copy.validatorsAt(next), next, round).equals(hostile)) {
                            Proposal proposal = Proposal.sign(cluster.genesis.chainId(), next, round, -1, block, hostile,
                                    cluster.hostileValidatorKey);
                            cluster.hostile.broadcast(Envelope.newBuilder().setProposal(MessageCodec.toWire(proposal)).build());
                        }
                    }
                    turns++;
                    cluster.awaitHostileFlushed();
                }
                cluster.commitTransfers(1); // the chain moves on to the next height, around bank3's block
            }
        }
        assertTrue(turns == TURNS, "bank3 had " + turns + " proposer turns at round 0 within the deadline");
        cluster.commitTransfers(3);
        long after = HostileCluster.usedHeapAfterGc();
        System.out.printf("attack2: %d proposals of %d bytes against a limit of %d; used heap %d MiB before, %d MiB after%n",
                turns, largest, LIMITS.blockBytesMax(), before >> 20, after >> 20);
        cluster.assertAgreement();
        for (Node node : cluster.nodes) {
            for (long h = 1; h <= node.ledger().height(); h++) {
                Block block = node.ledger().block(h).orElseThrow(); // reads back, within the limit
                assertTrue(BlockCodec.encodedSize(block) <= LIMITS.blockBytesMax(), "height " + h);
                assertNotEquals(largest, BlockCodec.encodedSize(block), "bank3's block was committed at height " + h);
            }
        }
        assertTrue(after - before < HEAP_GROWTH_BOUND_BYTES, "used heap grew by " + ((after - before) >> 20) + " MiB");
    }

    /** A block of {@code height} built by the hostile rules: valid, with transfers until it is just over the honest limit. */
    private Block oversizedBlock(Ledger copy, long height) {
        Commit lastCommit = copy.commit(height - 1).orElseThrow();
        List<Transaction> transfers = new ArrayList<>();
        long size = 0;
        while (size <= LIMITS.blockBytesMax() + 2_048) {
            List<Operation> legs = new ArrayList<>(); // many legs per transaction: few signatures to check per MiB
            for (int leg = 0; leg < LIMITS.operationsPerTxMax(); leg++) {
                legs.add(new Operation.Transfer(Testnet.PKR, Testnet.treasury(3), Testnet.treasury(leg % 3), 1 + leg));
            }
            Transaction tx = TxCodec.sign(new TxBody(cluster.genesis.chainId(), legs, System.currentTimeMillis() + 600_000, ++nonce,
                    "m".repeat(LIMITS.memoBytesMax())), List.of(cluster.treasuries.get(3)));
            transfers.add(tx);
            size += BlockCodec.transactionFieldSize(tx);
        }
        Block block = copy.build(Testnet.bank(HostileCluster.HOSTILE), transfers, lastCommit, List.of()).block();
        long overhead = BlockCodec.encodedSize(block) - size; // header, last commit, field tags
        while (overhead + size - BlockCodec.transactionFieldSize(transfers.get(transfers.size() - 1)) > LIMITS.blockBytesMax()) {
            size -= BlockCodec.transactionFieldSize(transfers.remove(transfers.size() - 1));
        }
        block = copy.build(Testnet.bank(HostileCluster.HOSTILE), transfers, lastCommit, List.of()).block();
        assertTrue(BlockCodec.encodedSize(block) > LIMITS.blockBytesMax(), "over the limit: " + BlockCodec.encodedSize(block));
        assertTrue(block.transactions().size() == transfers.size(), "the hostile builder kept every transfer");
        return block;
    }
}
