package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.khata.core.Limits;
import io.khata.core.block.Block;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.BlockHeader;
import io.khata.core.crypto.Hash;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.net.cli.Testnet;
import io.khata.net.consensus.MessageCodec;
import io.khata.net.consensus.Proposal;
import io.khata.net.consensus.Proposers;
import io.khata.net.consensus.Timeouts;
import io.khata.proto.BlockRequest;
import io.khata.proto.BlockResponse;
import io.khata.proto.Envelope;
import io.khata.proto.Status;
import io.khata.proto.TxBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack 3 of the Byzantine review, performed by a hostile member (a real TLS peer with a
 * validator key) against three honest nodes over real TLS on loopback: it fills buffers and
 * asks for expensive answers, and the honest nodes must keep committing, agree on every block,
 * and keep their heap bounded. Limits are scaled down (1 MiB blocks) with the attack scaled
 * alike: the copies a replay makes would take hundreds of MiB without the defences.
 */
class MemoryExhaustionAttackTest {
    /** Blocks of 1 MiB instead of 32 MiB: the buffers derived from the limit shrink with it. */
    static final Limits LIMITS = new Limits(64 * 1024, 64, 32, 256, 1024 * 1024, 20_000, 100, 64, 16 * 1024 * 1024);
    private static final long HEAP_GROWTH_BOUND_BYTES = 48L * 1024 * 1024;
    private static final int REPLAYS = 100;
    /**
     * Blocks of 512 KiB for the answers test (256 KiB of it for transactions): its sync budget
     * is then 128 KiB, so a few hundred transfers fill more than one answer.
     */
    static final Limits SMALL_BLOCKS = new Limits(64 * 1024, 64, 32, 256, 512 * 1024, 20_000, 100, 64, 16 * 1024 * 1024);

    @TempDir
    Path dir;

    private HostileCluster cluster;
    private BlockResponse firstAnswer;

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * The hostile member signs one proposal for two heights ahead (buffered as a future message)
     * with a block of about 110 KB and replays it 100 times to each honest node. Each copy used to
     * be decoded and buffered again; now copies are dropped, and what one signer can buffer is
     * bounded in bytes.
     */
    @Test
    void attack3_replayedFutureProposalsDoNotExhaustMemory() throws Exception {
        // An idle proposer waits a minute for transactions: while the hostile member replays, the
        // honest nodes stay at their height (rounds pass without a block), so its copies target a
        // height still ahead when the heap is measured; transfers are committed at once.
        cluster = HostileCluster.start(dir, LIMITS, 60_000, Timeouts.DEFAULT);
        cluster.startHostile();
        cluster.commitTransfers(3);
        long target = cluster.nodes[0].ledger().height() + 3; // the consensus height plus two
        Envelope replayed = Envelope.newBuilder().setProposal(MessageCodec.toWire(hostileProposal(target))).build();
        assertTrue(replayed.getSerializedSize() > 100_000, "a large proposal: " + replayed.getSerializedSize());
        System.out.printf("attack3 replaying a proposal of %d bytes %d times to each honest node%n",
                replayed.getSerializedSize(), REPLAYS);
        long before = HostileCluster.usedHeapAfterGc();
        for (int copy = 0; copy < REPLAYS; copy++) {
            for (int i = 0; i < HostileCluster.HONEST; i++) {
                cluster.hostile.send(Testnet.bank(i), replayed);
            }
            if (copy % 20 == 19) {
                cluster.awaitHostileFlushed();
            }
        }
        cluster.awaitHostileFlushed();
        Thread.sleep(1_000); // the honest nodes handle what arrived
        long after = HostileCluster.usedHeapAfterGc();
        System.out.printf("attack3 replayed future proposals: used heap %d MiB before, %d MiB after (%d MiB growth)%n",
                before >> 20, after >> 20, (after - before) >> 20);
        assertTrue(cluster.nodes[0].ledger().height() < target,
                "the attack was measured while its height was still ahead (else nothing is buffered)");
        assertTrue(after - before < HEAP_GROWTH_BOUND_BYTES,
                "used heap grew by " + ((after - before) >> 20) + " MiB under the replay");
        cluster.commitTransfers(6);
        cluster.assertAgreement();
    }

    /**
     * The hostile member asks for expensive answers far faster than any honest peer (status
     * catch-ups, block requests), sends block responses nobody asked for, and re-sends one
     * transaction with a bad signature. Each is bounded: a block answer stays within its byte
     * budget, the bad transaction is verified once, and the flooder is disconnected with
     * backoff and counted as a fault by every node it flooded.
     */
    @Test
    void attack3_expensiveAnswersUnsolicitedResponsesAndBadTransactionsAreBounded() throws Exception {
        cluster = HostileCluster.start(dir, SMALL_BLOCKS, 250, Timeouts.DEFAULT);
        cluster.startHostile();
        long firstLarge = cluster.nodes[0].ledger().height() + 1;
        commitLargeBlocks();
        long before = HostileCluster.usedHeapAfterGc();
        long budget = InboundBounds.of(SMALL_BLOCKS).syncResponseBytesMax();
        long[] answered = new long[1];
        // Each part runs even when an earlier one failed, so one run with the defences off shows every failure.
        assertAll(
                () -> badSignatureResent(),
                () -> blockAnswerWithinBudget(firstLarge, budget),
                () -> answered[0] = blockRequestFlood(firstLarge, budget),
                () -> unsolicitedResponses(firstAnswer),
                () -> statusFlood());
        cluster.awaitHostileFlushed();
        long after = HostileCluster.usedHeapAfterGc();
        System.out.printf("attack3 expensive answers: used heap %d MiB before, %d MiB after; %d bytes answered"
                + " to 2,000 block requests (budget %d per answer)%n", before >> 20, after >> 20, answered[0], budget);
        assertTrue(after - before < HEAP_GROWTH_BOUND_BYTES, "used heap grew by " + ((after - before) >> 20) + " MiB");
        cluster.commitTransfers(6);
        cluster.assertAgreement();
    }

    /** A transaction with a bad signature, re-sent 300 times: verified once, then dropped for the cost of a hash. */
    private void badSignatureResent() throws Exception {
        Envelope batch = badSignatureBatch();
        cluster.hostile.send(Testnet.bank(0), batch);
        HostileCluster.await("the first bad transaction refused", () -> cluster.rejected(0, "bad_signature") >= 1, 10_000);
        for (int copy = 1; copy < 300; copy++) {
            cluster.hostile.send(Testnet.bank(0), batch);
        }
        cluster.awaitHostileFlushed();
        HostileCluster.await("the re-sent copies dropped unverified", () -> cluster.rejected(0, "known_bad") >= 299, 10_000);
        assertEquals(1.0, cluster.rejected(0, "bad_signature"), "the signature was verified once");
    }

    /** One block request: the answer stays within the byte budget, checked before each block is added. */
    private void blockAnswerWithinBudget(long fromHeight, long budget) {
        cluster.hostile.send(Testnet.bank(1), blockRequest(fromHeight));
        HostileCluster.await("a block response", () -> !cluster.hostileReceived.isEmpty(), 10_000);
        BlockResponse answer = cluster.hostileReceived.poll().getBlockResponse();
        firstAnswer = answer; // the unsolicited part re-sends it, whatever this part finds
        cluster.hostileReceived.clear();
        assertTrue(answer.getBlocksCount() == 1 || answer.getSerializedSize() <= budget,
                answer.getBlocksCount() + " blocks in " + answer.getSerializedSize() + " bytes, budget " + budget);
        assertTrue(fromHeight + answer.getBlocksCount() <= cluster.nodes[1].ledger().height(),
                "the budget, not the chain's end, cut the answer short: " + answer.getBlocksCount() + " blocks from "
                        + fromHeight + " in " + answer.getSerializedSize() + " bytes, head "
                        + cluster.nodes[1].ledger().height());
    }

    /** 2,000 block requests: a few are answered, then the peer is disconnected with backoff. */
    private long blockRequestFlood(long fromHeight, long budget) throws Exception {
        long sentBefore = cluster.nodes[1].bytesSentToPeers();
        for (int copy = 0; copy < 2_000; copy++) {
            cluster.hostile.send(Testnet.bank(1), blockRequest(fromHeight));
        }
        cluster.awaitHostileFlushed();
        Thread.sleep(1_000);
        long answered = cluster.nodes[1].bytesSentToPeers() - sentBefore;
        cluster.hostileReceived.clear();
        assertTrue(cluster.faults(1).get("over_budget") >= 1, "the block-request flooder is disconnected");
        assertTrue(answered < 40L * budget, "bytes sent while flooded with block requests: " + answered);
        return answered;
    }

    /** 200 block responses nobody asked for: dropped unread and counted, then the peer is disconnected. */
    private void unsolicitedResponses(BlockResponse answer) {
        Envelope unsolicited = Envelope.newBuilder().setBlockResponse(answer).build();
        HostileCluster.await("the hostile member reconnected", () -> cluster.hostile.connectedPeers().size() == 3, 20_000);
        for (int copy = 0; copy < 200; copy++) {
            cluster.hostile.send(Testnet.bank(2), unsolicited);
        }
        cluster.awaitHostileFlushed();
        HostileCluster.await("unsolicited responses counted", () -> cluster.rejected(2, "unsolicited") >= 1, 10_000);
        HostileCluster.await("unsolicited sender disconnected", () -> cluster.faults(2).get("over_budget") >= 1, 10_000);
    }

    /** 3,000 status messages asking for this round's proposal and votes: a few answered, then disconnected. */
    private void statusFlood() {
        long height = cluster.nodes[0].ledger().height() + 1;
        Envelope status = Envelope.newBuilder().setStatus(Status.newBuilder().setHeight(height).setRound(0)).build();
        for (int copy = 0; copy < 3_000; copy++) {
            cluster.hostile.send(Testnet.bank(0), status);
        }
        HostileCluster.await("status flooder disconnected", () -> cluster.faults(0).get("over_budget") >= 1, 10_000);
    }

    /** Commits transactions of ten transfers and a long memo each, so that blocks are large next to the sync budget. */
    private void commitLargeBlocks() throws Exception {
        List<CompletableFuture<TxResult>> results = new ArrayList<>();
        for (int n = 0; n < 300; n++) {
            int from = n % HostileCluster.HONEST;
            List<Operation> transfers = new ArrayList<>();
            for (int leg = 0; leg < 10; leg++) {
                transfers.add(new Operation.Transfer(Testnet.PKR, Testnet.treasury(from), Testnet.treasury(3), 1 + leg));
            }
            Transaction tx = TxCodec.sign(new TxBody(cluster.genesis.chainId(), transfers,
                    System.currentTimeMillis() + 600_000, 10_000 + n, "x".repeat(200)),
                    List.of(cluster.treasuries.get(from)));
            results.add(cluster.nodes[from].submit(tx));
        }
        for (var result : results) {
            try {
                TxResult outcome = result.get(60, TimeUnit.SECONDS);
                assertTrue(outcome instanceof TxResult.Committed, outcome.toString());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("large blocks not committed within 60 s: " + cluster.describe());
            }
        }
    }

    private static Envelope blockRequest(long fromHeight) {
        return Envelope.newBuilder().setBlockRequest(BlockRequest.newBuilder().setFromHeight(fromHeight).setCount(32))
                .build();
    }

    private Envelope badSignatureBatch() throws Exception {
        Transaction tx = cluster.transfer(3, 0, 1);
        io.khata.proto.Transaction.Builder wire = io.khata.proto.Transaction.parseFrom(tx.encode()).toBuilder();
        byte[] signature = wire.getSignatures(0).getSignature().toByteArray();
        signature[5] ^= 1;
        wire.setSignatures(0, wire.getSignatures(0).toBuilder().setSignature(ByteString.copyFrom(signature)));
        return Envelope.newBuilder().setTxBatch(TxBatch.newBuilder().addTxs(wire.build().toByteString())).build();
    }

    /** A proposal signed by the hostile member for a round it proposes at {@code height}, with about 110 KB of transactions. */
    private Proposal hostileProposal(long height) {
        var validators = cluster.nodes[0].ledger().validatorsAt(cluster.nodes[0].ledger().height() + 1);
        String self = Testnet.bank(HostileCluster.HOSTILE);
        int round = 0;
        while (!Proposers.proposer(validators, height, round).equals(self)) {
            round++;
        }
        List<Transaction> txs = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            List<Operation> transfers = new ArrayList<>();
            for (int leg = 0; leg < 60; leg++) {
                transfers.add(new Operation.Transfer(Testnet.PKR, Testnet.treasury(3), Testnet.treasury(leg % 3), 1 + leg));
            }
            txs.add(TxCodec.sign(new TxBody(cluster.genesis.chainId(), transfers, System.currentTimeMillis() + 600_000,
                    50_000 + n, ""),
                    List.of(cluster.treasuries.get(3))));
        }
        BlockHeader header = new BlockHeader(cluster.genesis.chainId(), height, Hash.ZERO, System.currentTimeMillis(),
                self, Hash.ZERO, Hash.ZERO, Hash.ZERO, Hash.ZERO, Hash.ZERO, Hash.ZERO);
        Block block = BlockCodec.assemble(header, txs, null, List.of());
        return Proposal.sign(cluster.genesis.chainId(), height, round, -1, block, self, cluster.hostileValidatorKey);
    }
}
