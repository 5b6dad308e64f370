package io.khata.net.node;

import io.khata.core.Rejection;
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
import io.khata.proto.Status;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one shell around the pure consensus state machine: it feeds {@link Consensus} its events
 * and performs the effects, against five seams: the {@link NodeClock}, the {@link Scheduler},
 * the {@link PeerNetwork}, the {@link SignStateFile} (over a {@link DurableFile}) and the
 * {@link Ledger} (over a {@code LedgerStore}). A node runs it on its consensus thread with the
 * real ones; the simulator runs it, unchanged, with virtual time, a simulated network and disks
 * that fail.
 *
 * <p>Order, the same everywhere: events wait in one queue and are handled one at a time, to
 * completion. The effects of one event are performed in list order, each before the next (a
 * sign-state is synced before the message it guards is sent). The ledger's answers (a block
 * built, a block validated) join the back of the queue, so they are handled after every
 * remaining effect of the event that asked for them, never in the middle of it.
 *
 * <p>Time: every event goes to consensus with this node's wall clock reading ({@link
 * NodeClock#wallMillis}), which its votes carry (BFT time); a test or the simulator gives a node
 * a hostile clock through that seam. Nothing is handled before {@link #start}: an event
 * delivered earlier would reach a state machine that has no step yet, so it is dropped (status
 * exchange and gossip send it again).
 *
 * <p>Never: start a thread, read a clock but {@link NodeClock}, or perform an effect it does not
 * know (that throws). Every method but {@link #answerBlockRequest} runs on the shell's one
 * thread. When an effect fails the shell stops for good and tells its host: a node halts
 * rather than risk signing something wrong.
 */
public final class ConsensusShell {
    /** With an empty mempool a proposer looks again this often, until its wait is over. */
    static final long EMPTY_MEMPOOL_POLL_MILLIS = 10;

    /**
     * Who this node is, how long it waits for transactions before proposing an empty block, how
     * often it announces its status to its peers, and the bound on its collection window (how
     * long a loaded proposer may wait for a fuller block; see {@link CollectionWindow}).
     */
    public record Settings(String nodeId, long emptyBlockDelayMillis, long statusIntervalMillis,
                           long collectionWindowMillis) {
        public Settings(String nodeId, long emptyBlockDelayMillis) {
            this(nodeId, emptyBlockDelayMillis, StatusExchange.INTERVAL_MILLIS, CollectionWindow.MAX_MILLIS_DEFAULT);
        }
    }

    private final Consensus consensus;
    private final Ledger ledger;
    private final SignStateFile signState;
    private final PeerNetwork network;
    private final NodeClock clock;
    private final Scheduler scheduler;
    private final ShellHost host;
    private final Settings settings;
    private final StatusExchange statusExchange;
    private final CollectionWindow collectionWindow;
    private final ArrayDeque<Event> queue = new ArrayDeque<>();
    private boolean draining;
    /** Set by {@link #start}; until then delivered events are dropped. */
    private boolean started;
    private volatile boolean stopped;
    private int syncPeer;

    public ConsensusShell(Consensus consensus, Ledger ledger, SignStateFile signState, PeerNetwork network,
                          NodeClock clock, Scheduler scheduler, ShellHost host, Settings settings) {
        this.consensus = consensus;
        this.ledger = ledger;
        this.signState = signState;
        this.network = network;
        this.clock = clock;
        this.scheduler = scheduler;
        this.host = host;
        this.settings = settings;
        this.statusExchange = new StatusExchange(consensus, network);
        this.collectionWindow = new CollectionWindow(settings.collectionWindowMillis(),
                ledger.options().limits().txsPerBlockMax());
    }

    /** Starts consensus at the ledger's height (re-sending the last block's commit) and the status announcements. */
    public void start() {
        Commit lastCommit = ledger.height() == 0 ? null : ledger.commit(ledger.height()).orElse(null);
        draining = true; // answers to the start's effects wait in the queue like any others
        try {
            List<Effect> effects;
            try {
                effects = consensus.start(lastCommit, clock.wallMillis());
            } catch (RuntimeException e) {
                halt(e);
                return;
            }
            started = true;
            run(effects, consensus.round());
        } finally {
            draining = false;
        }
        drain();
        scheduler.schedule(settings.statusIntervalMillis(), this::announceStatus);
    }

    /** Queues an event and handles everything queued, in order. Before {@link #start} the event is dropped. */
    public void deliver(Event event) {
        if (stopped || !started) {
            return;
        }
        queue.add(event);
        drain();
    }

    /** Stops for good: nothing queued or scheduled is handled any more. Safe from any thread. */
    public void stop() {
        stopped = true;
    }

    public boolean isStopped() {
        return stopped;
    }

    public long height() {
        return consensus.height();
    }

    public Consensus consensus() {
        return consensus;
    }

    private void drain() {
        if (draining) {
            return; // an answer queued while an event's effects run; the loop below takes it
        }
        draining = true;
        try {
            Event next;
            while (!stopped && (next = queue.poll()) != null) {
                int roundBefore = consensus.round();
                List<Effect> effects;
                try {
                    effects = consensus.on(next, clock.wallMillis());
                } catch (RuntimeException e) {
                    halt(e);
                    return;
                }
                run(effects, roundBefore);
            }
        } finally {
            draining = false;
        }
    }

    private void run(List<Effect> effects, int roundBefore) {
        try {
            for (Effect effect : effects) {
                if (stopped) {
                    return; // a crash or a close in the middle of a step loses the rest of it
                }
                perform(effect, roundBefore);
            }
        } catch (RuntimeException e) {
            halt(e);
        }
    }

    private void halt(RuntimeException cause) {
        if (stopped) {
            return;
        }
        stopped = true;
        queue.clear();
        host.halted(cause);
    }

    private void perform(Effect effect, int roundBefore) {
        if (effect instanceof Effect.PersistSignState persist) {
            signState.save(persist.state());
            host.signStateSaved(persist.state());
        } else if (effect instanceof Effect.Broadcast broadcast) {
            network.broadcast(envelope(broadcast.message()));
        } else if (effect instanceof Effect.ScheduleTimeout timeout) {
            Event fired = new Event.TimeoutFired(timeout.height(), timeout.round(), timeout.kind());
            scheduler.schedule(timeout.delayMillis(), () -> deliver(fired));
        } else if (effect instanceof Effect.BuildProposal build) {
            buildWhenReady(build, clock.monotonicNanos() + settings.emptyBlockDelayMillis() * 1_000_000L, 0, -1);
        } else if (effect instanceof Effect.ValidateBlock validate) {
            validate(validate.block());
        } else if (effect instanceof Effect.Commit commit) {
            ledger.commit(commit.block(), commit.commit());
            collectionWindow.committed(commit.block().transactions().size());
            host.committed(commit.block(), roundBefore, false);
        } else if (effect instanceof Effect.RequestSync sync) {
            requestSync(sync.fromHeight());
        } else if (effect instanceof Effect.EvidenceFound found) {
            host.evidenceFound(found.evidence());
        } else if (effect instanceof Effect.Dropped dropped) {
            host.dropped(dropped);
        } else {
            throw new IllegalStateException("the shell does not know the effect " + effect.getClass().getName());
        }
    }

    /** The wire form of a consensus message. */
    public static Envelope envelope(Message message) {
        if (message instanceof Message.OfProposal proposal) {
            return Envelope.newBuilder().setProposal(MessageCodec.toWire(proposal.proposal())).build();
        }
        if (message instanceof Message.OfEvidence evidence) {
            return Envelope.newBuilder().setEvidence(VoteCodec.toWire(evidence.evidence())).build();
        }
        if (message instanceof Message.OfVote vote) {
            return Envelope.newBuilder().setVote(VoteCodec.toWire(vote.vote())).build();
        }
        throw new IllegalStateException("no wire form for " + message.getClass().getName());
    }

    /**
     * With an empty mempool waits briefly for transactions (an idle chain then makes a few empty
     * blocks a second instead of hundreds). With some pending: proposes at once on an idle chain;
     * on a loaded one, while they keep arriving and are fewer than a full block, waits within the
     * bounded collection window ({@link CollectionWindow}) for a fuller block.
     *
     * @param openedNanos   when the collection window opened (meaningless while {@code pendingBefore} is -1)
     * @param pendingBefore the pending count at the window's previous look, -1 before its first
     */
    private void buildWhenReady(Effect.BuildProposal build, long deadlineNanos, long openedNanos, int pendingBefore) {
        if (stopped || build.height() != consensus.height() || build.round() != consensus.round()) {
            return;
        }
        int pending = host.pendingTransactions();
        long now = clock.monotonicNanos();
        if (pending == 0 && now < deadlineNanos) {
            scheduler.schedule(EMPTY_MEMPOOL_POLL_MILLIS, () -> buildWhenReady(build, deadlineNanos, 0, -1));
            return;
        }
        long opened = pendingBefore < 0 ? now : openedNanos;
        if (collectionWindow.waitMore(opened, now, pending, pendingBefore)) {
            scheduler.schedule(CollectionWindow.POLL_MILLIS, () -> buildWhenReady(build, deadlineNanos, opened, pending));
            return;
        }
        if (build.height() != ledger.height() + 1) {
            return;
        }
        Commit lastCommit = ledger.height() == 0 ? null : ledger.commit(ledger.height()).orElse(null);
        BlockBuilder.Built built = ledger.build(settings.nodeId(),
                host.candidates(ledger.options().limits().txsPerBlockMax()), lastCommit, build.evidence());
        if (!built.skipped().isEmpty()) {
            host.refused(built.skipped());
        }
        deliver(new Event.ProposalBuilt(build.height(), build.round(), built.block()));
    }

    private void validate(Block block) {
        boolean valid;
        if (block.height() != ledger.height() + 1) {
            valid = false;
        } else {
            long start = clock.monotonicNanos();
            Result<ValidatedBlock> result = ledger.validate(block);
            valid = result.isOk();
            host.validated(block, Optional.ofNullable(result.rejection()), clock.monotonicNanos() - start);
        }
        queue.add(new Event.BlockValidated(block.height(), block.hash(), valid));
    }

    private void requestSync(long fromHeight) {
        List<String> peers = network.connectedPeers();
        if (peers.isEmpty()) {
            return;
        }
        String peer = peers.get(Math.floorMod(syncPeer++, peers.size()));
        host.syncRequested(peer, fromHeight);
        network.send(peer, BlockSync.request(fromHeight));
    }

    /**
     * Answers a peer's block request from the ledger. Only reads the ledger, so a node may call
     * it from any thread (it does, from its worker thread).
     */
    public void answerBlockRequest(String peer, BlockRequest request) {
        BlockSync.answer(ledger, request.getFromHeight(), request.getCount())
                .ifPresent(answer -> network.send(peer, answer));
    }

    /**
     * Commits blocks received by sync, in order, each checked with its commit by the ledger;
     * then tells consensus. Blocks this ledger already has are skipped; the first that does not
     * check ends the batch.
     */
    public void synced(String peer, List<Block> blocks, List<Commit> commits) {
        if (stopped || !started) {
            return;
        }
        List<Block> applied = new ArrayList<>();
        try {
            for (int i = 0; i < blocks.size() && !stopped; i++) {
                Block block = blocks.get(i);
                if (block.height() != ledger.height() + 1) {
                    continue;
                }
                try {
                    ledger.commit(block, commits.get(i));
                } catch (IllegalArgumentException refused) {
                    host.syncRefused(peer, block.height(), refused.getMessage());
                    break;
                }
                host.committed(block, 0, true);
                applied.add(block);
            }
        } catch (RuntimeException e) {
            halt(e);
            return;
        }
        if (!applied.isEmpty()) {
            deliver(new Event.Synced(ledger.height(), applied));
        }
    }

    /** Decodes a peer's answer to a block request and commits what checks; a malformed answer is refused whole. */
    public void blocksReceived(String peer, io.khata.proto.BlockResponse response) {
        Result<BlockSync.Batch> batch = BlockSync.decode(response, ledger.options().limits());
        if (!batch.isOk()) {
            host.syncRefused(peer, -1, batch.rejection().message());
            return;
        }
        synced(peer, batch.value().blocks(), batch.value().commits());
    }

    /** A peer's status: answer with the proposal and votes of this round it lacks. */
    public void statusReceived(String peer, Status status) {
        if (!stopped && started) {
            statusExchange.answer(peer, status);
        }
    }

    private void announceStatus() {
        if (stopped) {
            return;
        }
        try {
            statusExchange.announce();
        } finally {
            scheduler.schedule(settings.statusIntervalMillis(), this::announceStatus);
        }
    }
}
