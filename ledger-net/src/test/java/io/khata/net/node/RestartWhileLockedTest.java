package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Limits;
import io.khata.core.Result;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteCodec;
import io.khata.core.block.VoteType;
import io.khata.core.crypto.Hash;
import io.khata.core.tx.Transaction;
import io.khata.net.cli.Testnet;
import io.khata.net.consensus.MessageCodec;
import io.khata.net.consensus.Proposal;
import io.khata.net.consensus.SignState;
import io.khata.net.consensus.Timeouts;
import io.khata.proto.Envelope;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart in rounds where locks are held, over real TLS: bank2 is down and hostile
 * bank3 prevotes every proposal but never precommits, so bank0 and bank1 lock a block at every
 * round and no round commits. Each of them is then stopped and started again, twice, while
 * transfers wait. A restarted validator must come back with its lock and its locked block (the
 * sign-state and its locked-block file), or it could neither re-propose that block nor vote for
 * another, and the height would stall once bank2 returns. Once bank2 is back the three honest
 * banks commit the locked block and every waiting transfer.
 */
class RestartWhileLockedTest {
    private static final Timeouts FAST = new Timeouts(400, 200, 200, 50, 1_500, 300, 1_000);
    private static final int PASSES = 2;
    private static final long HEAP_GROWTH_BOUND_BYTES = 48L * 1024 * 1024;

    @TempDir
    Path dir;

    private HostileCluster cluster;
    private final Set<Long> echoedRounds = ConcurrentHashMap.newKeySet();
    private final Set<String> signed = ConcurrentHashMap.newKeySet();
    private volatile boolean echo;

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void attack5_everyHonestValidatorRestartedWhileLockedComesBackLockedAndTheLockedBlockIsCommitted() throws Exception {
        cluster = HostileCluster.start(dir, Limits.DEFAULT, 100, FAST);
        cluster.startHostile();
        cluster.onHostileMessage = this::prevoteWithoutPrecommitting;
        cluster.commitTransfers(3);
        long before = HostileCluster.usedHeapAfterGc();

        cluster.stopHonest(2);
        long height = Math.max(cluster.nodes[0].ledger().height(), cluster.nodes[1].ledger().height()) + 1;
        echo = true;
        List<Transaction> waiting = new ArrayList<>();
        for (int n = 0; n < 6; n++) {
            int from = n % 2;
            Transaction transfer = cluster.transfer(from, 2, 1 + n);
            cluster.nodes[from].submit(transfer); // its future fails when this node is stopped; the ledger tells
            waiting.add(transfer);
        }
        awaitEchoedRounds(2);

        Hash lockedHash = null;
        int restartsWhileLocked = 0;
        for (int pass = 0; pass < PASSES; pass++) {
            for (int i = 0; i < 2; i++) {
                awaitEchoedRounds(echoedRounds.size() + 1);
                assertEquals(height - 1, cluster.nodes[i].ledger().height(), "no round may commit while bank3 withholds");
                cluster.stopHonest(i);
                SignState saved = new SignStateFile(Testnet.nodeHome(dir, i).resolve("signstate.bin")).load();
                assertEquals(height, saved.height(), "bank" + i + " signed at the stalled height");
                assertTrue(saved.lockedRound() >= 0, "bank" + i + " was locked when stopped: " + saved);
                if (lockedHash != null) {
                    assertEquals(lockedHash, saved.lockedBlockHash(), "both honest banks hold one lock");
                }
                lockedHash = saved.lockedBlockHash();
                restartsWhileLocked++;
                cluster.startHonest(i);
            }
        }
        awaitEchoedRounds(echoedRounds.size() + 1);

        echo = false;
        cluster.startHonest(2);
        for (Node node : cluster.nodes) {
            HostileCluster.await(node.nodeId() + " past the stalled height", () -> node.ledger().height() >= height, 30_000);
        }
        // A restart empties a node's mempool: a transfer that was not in the locked block is sent
        // again, as a client does when its node restarted (replay protection makes that safe).
        for (Transaction transfer : waiting) {
            if (cluster.nodes[0].ledger().transaction(transfer.hash()).isEmpty()) {
                cluster.nodes[0].submit(transfer);
            }
        }
        for (Node node : cluster.nodes) {
            for (Transaction transfer : waiting) {
                HostileCluster.await(node.nodeId() + " committed every transfer that waited through the restarts",
                        () -> node.ledger().transaction(transfer.hash()).isPresent(), 30_000);
            }
            assertEquals(lockedHash, node.ledger().block(height).orElseThrow().hash(),
                    node.nodeId() + " committed the block its peers were locked on");
            assertEquals("", node.failure());
        }
        cluster.commitTransfers(3);
        cluster.assertAgreement();
        long after = HostileCluster.usedHeapAfterGc();
        System.out.println("restart while locked: " + restartsWhileLocked + " restarts of a locked validator at height "
                + height + " over " + echoedRounds.size() + " rounds; committed the locked block "
                + lockedHash.toHex().substring(0, 12) + ", chain at " + cluster.nodes[0].ledger().height()
                + "; used heap " + (before >> 20) + " MiB before, " + (after >> 20) + " MiB after");
        assertTrue(after - before < HEAP_GROWTH_BOUND_BYTES, "used heap grew by " + ((after - before) >> 20)
                + " MiB: a stopped node's memory was not released");
    }

    /**
     * Bank3's part at the stalled height: it prevotes the proposal of each round, and nil when
     * the others prevote without one, so every round gathers the messages it needs to move on;
     * and it precommits only nil, so no round reaches a commit.
     */
    private void prevoteWithoutPrecommitting(Envelope envelope) {
        if (!echo) {
            return;
        }
        if (envelope.hasProposal()) {
            Result<Proposal> decoded = MessageCodec.fromWire(envelope.getProposal(), Limits.DEFAULT);
            if (decoded.isOk()) {
                Proposal proposal = decoded.value();
                if (vote(VoteType.PREVOTE, proposal.height(), proposal.round(), proposal.block().hash())) {
                    echoedRounds.add(proposal.height() * 1_000_000 + proposal.round());
                }
            }
        } else if (envelope.hasVote()) {
            Result<Vote> decoded = VoteCodec.fromWire(envelope.getVote(), "vote");
            if (decoded.isOk()) {
                Vote seen = decoded.value();
                if (seen.type() == VoteType.PREVOTE && seen.isNil()) {
                    vote(VoteType.PREVOTE, seen.height(), seen.round(), null);
                } else if (seen.type() == VoteType.PRECOMMIT) {
                    vote(VoteType.PRECOMMIT, seen.height(), seen.round(), null);
                }
            }
        }
    }

    /** Signs and sends one vote per (type, height, round), never a second: bank3 withholds, it does not equivocate. */
    private synchronized boolean vote(VoteType type, long height, int round, Hash blockHash) {
        if (!signed.add(type + "/" + height + "/" + round)) {
            return false;
        }
        Vote vote = Vote.sign(type, cluster.genesis.chainId(), height, round, blockHash, System.currentTimeMillis(),
                Testnet.bank(HostileCluster.HOSTILE), cluster.hostileValidatorKey);
        cluster.hostile.broadcast(Envelope.newBuilder().setVote(VoteCodec.toWire(vote)).build());
        return true;
    }

    private void awaitEchoedRounds(int rounds) {
        HostileCluster.await(rounds + " rounds with a proposal that bank3 prevoted", () -> echoedRounds.size() >= rounds,
                60_000);
    }
}
