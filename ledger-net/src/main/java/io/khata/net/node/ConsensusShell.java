package io.khata.net.node;

import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.block.Commit;
import io.khata.core.block.VoteCodec;
import io.khata.core.ledger.Ledger;
import io.khata.core.validate.BlockBuilder;
import io.khata.core.validate.ValidatedBlock;
import io.khata.net.consensus.Consensus;
import io.khata.net.consensus.Effect;
import io.khata.net.consensus.Event;
import io.khata.net.consensus.Message;
import io.khata.net.consensus.MessageCodec;
import io.khata.proto.BlockRequest;
import io.khata.proto.Envelope;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pure consensus state machine on the node's consensus thread: feeds it events and
 * performs its effects, in order and each to completion (a sign-state is on disk before the
 * message it guards is sent). Everything here runs on that one thread.
 */
final class ConsensusShell {
    private static final Logger LOG = LoggerFactory.getLogger(ConsensusShell.class);
    /** Blocks asked for in one sync request. */
    static final int SYNC_BATCH_BLOCKS = 32;
    private static final long EMPTY_MEMPOOL_POLL_MILLIS = 10;

    private final Node node;
    private final Consensus consensus;
    private final SignStateFile signState;
    private final ScheduledExecutorService thread;
    private final StatusExchange statusExchange;
    private final SyncRequests syncRequests = new SyncRequests(System::nanoTime);
    /** The wall clock whose reading goes with every event (votes carry it: BFT time). */
    private final java.util.function.LongSupplier clockMillis;
    private int syncPeer;
    /**
     * Set by the start task (on the consensus thread, as every read). The network delivers from
     * before that task runs; a message handled earlier would reach a state machine that has no
     * step yet, so it is dropped (status exchange and gossip send it again).
     */
    private boolean started;

    ConsensusShell(Node node, Consensus consensus, SignStateFile signState, ScheduledExecutorService thread,
                   java.util.function.LongSupplier clockMillis) {
        this.node = node;
        this.clockMillis = clockMillis;
        this.consensus = consensus;
        this.signState = signState;
        this.thread = thread;
        this.statusExchange = new StatusExchange(consensus, node.network());
    }

    /** Releases the sign-state file; called once the consensus thread has stopped. */
    void close() {
        signState.close();
    }

    void start() {
        thread.execute(() -> {
            try {
                Ledger ledger = node.ledger();
                Commit lastCommit = ledger.height() == 0 ? null : ledger.commit(ledger.height()).orElse(null);
                List<Effect> effects = consensus.start(lastCommit, clockMillis.getAsLong());
                started = true;
                perform(effects, consensus.round());
            } catch (RuntimeException e) {
                if (!node.isClosed()) {
                    node.fail("consensus failed to start", e);
                    thread.shutdown();
                }
            }
        });
        thread.scheduleWithFixedDelay(this::announceStatus, StatusExchange.INTERVAL_MILLIS,
                StatusExchange.INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void announceStatus() {
        if (node.isClosed()) {
            return;
        }
        try {
            statusExchange.announce();
        } catch (RuntimeException e) {
            LOG.warn("status announcement failed", e);
        }
    }

    /** A peer's status: answer with the proposal and votes of this round it lacks. Consensus thread only. */
    void statusReceived(String peer, io.khata.proto.Status status) {
        if (node.isClosed()) {
            return;
        }
        try {
            statusExchange.answer(peer, status);
        } catch (RuntimeException e) {
            LOG.warn("answering the status of {} failed", peer, e);
        }
    }

    /** The block requests sent and not yet answered, so that unsolicited answers are dropped. */
    SyncRequests syncRequests() {
        return syncRequests;
    }

    /** Hands an event to the consensus thread. */
    void post(Event event) {
        if (!node.isClosed()) {
            thread.execute(() -> handle(event));
        }
    }

    long height() {
        return consensus.height();
    }

    /** Feeds one event to the state machine and performs its effects. Consensus thread only. */
    void handle(Event event) {
        if (node.isClosed() || !started) {
            return;
        }
        int roundBefore = consensus.round();
        try {
            perform(consensus.on(event, clockMillis.getAsLong()), roundBefore);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            if (!node.isClosed()) {
                throw e;
            }
        } catch (RuntimeException e) {
            if (node.isClosed()) {
                return;
            }
            // A broken invariant or a failed write: halt consensus rather than risk signing something wrong.
            node.fail("consensus halted at height " + consensus.height(), e);
            thread.shutdown();
        }
    }

    private void perform(List<Effect> effects, int roundBefore) {
        for (Effect effect : effects) {
            if (effect instanceof Effect.PersistSignState persist) {
                signState.save(persist.state());
            } else if (effect instanceof Effect.Broadcast broadcast) {
                node.network().broadcast(envelope(broadcast.message()));
            } else if (effect instanceof Effect.ScheduleTimeout timeout) {
                Event fired = new Event.TimeoutFired(timeout.height(), timeout.round(), timeout.kind());
                thread.schedule(() -> handle(fired), timeout.delayMillis(), TimeUnit.MILLISECONDS);
            } else if (effect instanceof Effect.BuildProposal build) {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(node.config().emptyBlockDelayMillis());
                buildWhenReady(build, deadline);
            } else if (effect instanceof Effect.ValidateBlock validate) {
                validate(validate.block());
            } else if (effect instanceof Effect.Commit commit) {
                commit(commit.block(), commit.commit(), roundBefore);
            } else if (effect instanceof Effect.RequestSync sync) {
                requestSync(sync.fromHeight());
            } else if (effect instanceof Effect.EvidenceFound found) {
                node.metrics().evidence();
                LOG.warn("equivocation by {} at height {}", found.evidence().validator(), found.evidence().height());
            } else if (effect instanceof Effect.Dropped dropped) {
                node.metrics().rejected("consensus", dropped.reason().code());
                LOG.debug("dropped {}: {}", dropped.what(), dropped.reason().message());
            }
        }
    }

    static Envelope envelope(Message message) {
        if (message instanceof Message.OfProposal proposal) {
            return Envelope.newBuilder().setProposal(MessageCodec.toWire(proposal.proposal())).build();
        }
        if (message instanceof Message.OfEvidence evidence) {
            return Envelope.newBuilder().setEvidence(VoteCodec.toWire(evidence.evidence())).build();
        }
        return Envelope.newBuilder().setVote(VoteCodec.toWire(((Message.OfVote) message).vote())).build();
    }

    /**
     * Proposes at once when transactions are waiting; with an empty mempool waits briefly for
     * some (an idle chain then makes a few empty blocks a second instead of hundreds).
     */
    private void buildWhenReady(Effect.BuildProposal build, long deadlineNanos) {
        if (node.isClosed() || build.height() != consensus.height() || build.round() != consensus.round()) {
            return;
        }
        if (node.mempool().size() == 0 && System.nanoTime() < deadlineNanos) {
            thread.schedule(() -> buildWhenReady(build, deadlineNanos), EMPTY_MEMPOOL_POLL_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        Ledger ledger = node.ledger();
        if (build.height() != ledger.height() + 1) {
            return;
        }
        Commit lastCommit = ledger.height() == 0 ? null : ledger.commit(ledger.height()).orElse(null);
        BlockBuilder.Built built = ledger.build(node.nodeId(),
                node.mempool().candidates(ledger.options().limits().txsPerBlockMax()), lastCommit, build.evidence());
        for (BlockBuilder.Skipped skipped : built.skipped()) {
            node.mempool().remove(skipped.transaction().hash());
            node.reject(skipped.transaction().hash(), skipped.reason());
        }
        handle(new Event.ProposalBuilt(build.height(), build.round(), built.block()));
    }

    private void validate(Block block) {
        Ledger ledger = node.ledger();
        boolean valid;
        if (block.height() != ledger.height() + 1) {
            valid = false;
        } else {
            long start = System.nanoTime();
            Result<ValidatedBlock> result = ledger.validate(block);
            node.metrics().blockValidation().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            valid = result.isOk();
            if (!valid) {
                LOG.warn("proposed block {} at height {} is invalid: {}", block.hash(), block.height(),
                        result.rejection().message());
                node.metrics().rejected("proposal", result.rejection().code());
            }
        }
        handle(new Event.BlockValidated(block.height(), block.hash(), valid));
    }

    private void commit(Block block, Commit commit, int rounds) {
        node.ledger().commit(block, commit);
        node.metrics().committed(block.transactions().size(), rounds);
        node.committed(block);
    }

    private void requestSync(long fromHeight) {
        List<String> peers = node.network().connectedPeers();
        if (peers.isEmpty()) {
            return;
        }
        String peer = peers.get(Math.floorMod(syncPeer++, peers.size()));
        LOG.info("node {} is behind: asking {} for blocks from height {}", node.nodeId(), peer, fromHeight);
        syncRequests.sent(peer);
        node.network().send(peer, Envelope.newBuilder().setBlockRequest(
                BlockRequest.newBuilder().setFromHeight(fromHeight).setCount(SYNC_BATCH_BLOCKS)).build());
    }

    /** Commits blocks received by sync, in order, each checked with its commit; then tells consensus. */
    void synced(List<Block> blocks, List<Commit> commits) {
        thread.execute(() -> applySynced(blocks, commits));
    }

    private void applySynced(List<Block> blocks, List<Commit> commits) {
        if (node.isClosed()) {
            return;
        }
        try {
            commitSynced(blocks, commits);
        } catch (RuntimeException e) {
            if (!node.isClosed()) { // a storage error while committing synced blocks is not swallowed
                node.fail("committing synced blocks failed", e);
                thread.shutdown();
            }
        }
    }

    private void commitSynced(List<Block> blocks, List<Commit> commits) {
        Ledger ledger = node.ledger();
        List<Block> applied = new java.util.ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            if (block.height() != ledger.height() + 1) {
                continue;
            }
            try {
                ledger.commit(block, commits.get(i));
            } catch (IllegalArgumentException e) {
                LOG.warn("block {} from sync refused: {}", block.height(), e.getMessage());
                node.metrics().rejected("sync", "invalid_block");
                break;
            }
            node.metrics().committed(block.transactions().size(), 0);
            node.committed(block);
            applied.add(block);
        }
        if (!applied.isEmpty()) {
            handle(new Event.Synced(ledger.height(), applied));
        }
    }
}
