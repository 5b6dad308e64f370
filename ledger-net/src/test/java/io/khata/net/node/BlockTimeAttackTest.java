package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.BlockHeader;
import io.khata.core.block.Commit;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteCodec;
import io.khata.core.block.VoteType;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.LedgerOptions;
import io.khata.net.cli.Testnet;
import io.khata.net.consensus.MessageCodec;
import io.khata.net.consensus.Proposal;
import io.khata.net.consensus.Proposers;
import io.khata.net.consensus.Timeouts;
import io.khata.proto.Envelope;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack 1 of the Byzantine review over real TLS: hostile bank3 takes part in consensus with the
 * end of time. It prevotes and precommits every honest proposal with votes stamped
 * {@code Long.MAX_VALUE}, so its timestamps reach the commits that fix block times, and at each of
 * its own proposer turns it proposes a real block of the height stamped {@code Long.MAX_VALUE}.
 * Before BFT time such a block was committed and no later block was ever valid. The honest banks
 * commit every height without bank3's blocks, every block time lies between the previous one and
 * the honest clocks, and their heap stays bounded.
 */
class BlockTimeAttackTest {
    private static final long HEAP_GROWTH_BOUND_BYTES = 32L * 1024 * 1024;
    private static final int TURNS = 2;

    @TempDir
    Path dir;

    private HostileCluster cluster;
    private final Set<String> signed = ConcurrentHashMap.newKeySet();

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void attack1_votesAndProposalsStampedLongMaxValueDoNotSetBlockTimes() throws Exception {
        long startedMillis = System.currentTimeMillis();
        cluster = HostileCluster.start(dir, MemoryExhaustionAttackTest.LIMITS, 100, Timeouts.DEFAULT);
        cluster.onHostileMessage = this::voteForEveryProposalAtTheEndOfTime;
        cluster.startHostile();
        cluster.commitTransfers(3);
        String hostile = Testnet.bank(HostileCluster.HOSTILE);
        long before = HostileCluster.usedHeapAfterGc();
        int turns = 0;
        long deadline = System.currentTimeMillis() + 120_000;
        try (Ledger copy = Ledger.inMemory(cluster.genesis, LedgerOptions.defaults()
                .withLimits(MemoryExhaustionAttackTest.LIMITS).withVerifierThreads(1))) {
            long proposedFor = -1;
            while (turns < TURNS && System.currentTimeMillis() < deadline) {
                cluster.catchUp(copy);
                long next = copy.height() + 1;
                if (next != proposedFor && Proposers.proposer(copy.validatorsAt(next), next, 0).equals(hostile)) {
                    proposedFor = next;
                    proposeAtTheEndOfTime(copy, next);
                    turns++;
                    cluster.awaitHostileFlushed();
                }
                cluster.commitTransfers(1);
            }
        }
        assertEquals(TURNS, turns, "bank3's proposer turns at round 0 within the deadline");
        cluster.commitTransfers(3);
        long after = HostileCluster.usedHeapAfterGc();
        System.out.printf("attack1: %d proposals and %d votes stamped Long.MAX_VALUE; used heap %d MiB before, %d MiB after%n",
                turns, signed.size(), before >> 20, after >> 20);

        cluster.assertAgreement();
        Ledger ledger = cluster.nodes[0].ledger();
        long previous = cluster.genesis.genesisTimeMillis();
        long honestClockMax = System.currentTimeMillis();
        boolean hostileStampCommitted = false;
        for (long h = 1; h <= ledger.height(); h++) {
            Block block = ledger.block(h).orElseThrow();
            long time = block.header().timeMillis();
            assertTrue(time > previous && time >= startedMillis - 60_000 && time <= honestClockMax + h,
                    "block " + h + " has time " + time + " after " + previous + ", honest clocks up to " + honestClockMax);
            assertNotEquals(hostile, block.header().proposer(), "bank3's block was committed at height " + h);
            previous = time;
            hostileStampCommitted |= ledger.commit(h).orElseThrow().signatures().stream()
                    .anyMatch(sig -> sig.validator().equals(hostile) && sig.timeMillis() == Long.MAX_VALUE);
        }
        assertTrue(hostileStampCommitted, "bank3's precommits stamped Long.MAX_VALUE are in committed commits");
        assertTrue(after - before < HEAP_GROWTH_BOUND_BYTES, "used heap grew by " + ((after - before) >> 20) + " MiB");
    }

    /** Bank3 prevotes and precommits each honest proposal, once per height and round, stamped with the end of time. */
    private void voteForEveryProposalAtTheEndOfTime(Envelope envelope) {
        if (!envelope.hasProposal()) {
            return;
        }
        Result<Proposal> decoded = MessageCodec.fromWire(envelope.getProposal(), MemoryExhaustionAttackTest.LIMITS);
        if (decoded.isOk()) {
            Proposal proposal = decoded.value();
            vote(VoteType.PREVOTE, proposal);
            vote(VoteType.PRECOMMIT, proposal);
        }
    }

    private void vote(VoteType type, Proposal proposal) {
        if (!signed.add(type + "/" + proposal.height() + "/" + proposal.round())) {
            return;
        }
        Vote vote = Vote.sign(type, cluster.genesis.chainId(), proposal.height(), proposal.round(),
                proposal.block().hash(), Long.MAX_VALUE, Testnet.bank(HostileCluster.HOSTILE), cluster.hostileValidatorKey);
        cluster.hostile.broadcast(Envelope.newBuilder().setVote(VoteCodec.toWire(vote)).build());
    }

    /** A real block of {@code height} from bank3's copy of the chain, its header stamped Long.MAX_VALUE, proposed at bank3's rounds. */
    private void proposeAtTheEndOfTime(Ledger copy, long height) {
        String hostile = Testnet.bank(HostileCluster.HOSTILE);
        Commit lastCommit = copy.commit(height - 1).orElseThrow();
        Block honest = copy.build(hostile, List.of(), lastCommit, List.of()).block();
        BlockHeader h = honest.header();
        BlockHeader future = new BlockHeader(h.chainId(), h.height(), h.prevBlockHash(), Long.MAX_VALUE, h.proposer(),
                h.txRoot(), h.stateRoot(), h.lastCommitHash(), h.validatorsHash(), h.evidenceHash(), h.nextValidatorsHash());
        Block block = BlockCodec.assemble(future, honest.transactions(), honest.lastCommit(), honest.evidence());
        for (int round = 0; round < 6; round++) {
            if (Proposers.proposer(copy.validatorsAt(height), height, round).equals(hostile)) {
                Proposal proposal = Proposal.sign(cluster.genesis.chainId(), height, round, -1, block, hostile,
                        cluster.hostileValidatorKey);
                vote(VoteType.PREVOTE, proposal);
                vote(VoteType.PRECOMMIT, proposal);
                cluster.hostile.broadcast(Envelope.newBuilder().setProposal(MessageCodec.toWire(proposal)).build());
            }
        }
    }
}
