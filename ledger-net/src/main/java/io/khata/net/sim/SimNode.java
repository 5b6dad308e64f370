package io.khata.net.sim;

import com.google.protobuf.InvalidProtocolBufferException;
import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.block.Evidence;
import io.khata.core.block.VoteCodec;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.KeyPair;
import io.khata.core.genesis.Genesis;
import io.khata.core.tx.Transaction;
import io.khata.core.validate.BlockBuilder;
import io.khata.net.consensus.Consensus;
import io.khata.net.consensus.ConsensusConfig;
import io.khata.net.consensus.Effect;
import io.khata.net.consensus.Event;
import io.khata.net.consensus.Message;
import io.khata.net.consensus.MessageCodec;
import io.khata.net.consensus.Proposal;
import io.khata.net.consensus.SignState;
import io.khata.net.node.ConsensusShell;
import io.khata.net.node.NodeClock;
import io.khata.net.node.ShellHost;
import io.khata.net.node.SignStateFile;
import io.khata.proto.Envelope;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * One simulated node: the node's own {@link ConsensusShell} around a real {@link Consensus},
 * with a {@link SignStateFile} on a {@link SimulatedFile} and a ledger on a
 * {@link SimulatedLedgerStore}, both on this node's {@link SimDisk}, which survives a crash;
 * the state machine, the shell, the mempool and pending timers do not. Its answers as the
 * shell's {@link ShellHost} feed the mempool, the counters and the checker.
 */
final class SimNode implements ShellHost {
    static final int MEMPOOL_MAX = 500;
    static final int CANDIDATES_PER_BLOCK_MAX = 20;

    final int index;
    final String id;
    final KeyPair key;
    final boolean byzantine;
    final SimDisk disk;
    final CoreLedger ledger;
    private final SimulatedFile signStateDisk;
    private final SimulatedDirectory lockedBlockDisk;
    private final Simulation sim;
    private final LinkedHashMap<Hash, Transaction> mempool = new LinkedHashMap<>();
    private final NodeClock clock;
    ConsensusShell shell;
    Consensus consensus;
    boolean crashed;
    /** Set by the amnesia fault: the next start forgets the lock its sign-state holds. */
    boolean forgetLock;
    int incarnation;
    long lastCommitMillis;
    /** The last sign-state whose save returned: what a restart must find at least. */
    private SignState savedSignState = SignState.NONE;
    /** The last block whose commit returned: a restart must find it. */
    private long durableHeight;
    private Hash durableHash;

    SimNode(Simulation sim, int index, String id, KeyPair key, boolean byzantine, Genesis genesis, SimDisk disk) {
        this.sim = sim;
        this.index = index;
        this.id = id;
        this.key = key;
        this.byzantine = byzantine;
        this.disk = disk;
        this.ledger = new CoreLedger(genesis, new SimulatedLedgerStore(disk, id + "/ledger"));
        this.signStateDisk = disk.file("signstate.bin");
        this.lockedBlockDisk = disk.directory("signstate-dir");
        this.clock = new NodeClock() {
            @Override
            public long wallMillis() {
                return clockMillis();
            }

            @Override
            public long monotonicNanos() {
                return sim.now * 1_000_000L;
            }
        };
    }

    /** Starts (or restarts) the node from what its disk holds, and checks that nothing synced was lost. */
    void start() {
        crashed = false;
        incarnation++;
        ledger.reopen();
        checkLedgerKept();
        SignStateFile signState = new SignStateFile(
                sim.options.broken() == Broken.SKIPS_SIGN_STATE ? new WritesSkipped(signStateDisk) : signStateDisk,
                lockedBlockDisk);
        SignState restored = signState.load();
        checkSignStateKept(restored);
        if (forgetLock) {
            forgetLock = false;
            restored = new SignState(restored.height(), restored.round(), restored.step(), -1, null, restored.lastVote(),
                    null, List.of(), restored.roundPrevote());
        }
        ConsensusConfig config = ConsensusConfig.of(SimFixture.CHAIN_ID, id, key, Simulation.TIMEOUTS)
                .withVerifier(sim.signatures);
        consensus = sim.factory.create(config, ledger::validatorsAt, ledger.height(), restored);
        int started = incarnation;
        shell = new ConsensusShell(consensus, ledger.ledger(), signState, new SimPeerNetwork(sim, this), clock,
                (delayMillis, task) -> sim.scheduleTask(this, started, delayMillis, task), this,
                new ConsensusShell.Settings(id, sim.emptyBlockDelayMillis));
        shell.start();
    }

    private void checkLedgerKept() {
        if (ledger.height() < durableHeight
                || !ledger.block(durableHeight).map(Block::hash).equals(Optional.ofNullable(durableHash))) {
            Invariants.fail(sim.now, id, "durability: block " + durableHeight + " was committed and synced, the restarted"
                    + " ledger is at height " + ledger.height());
        }
    }

    private void checkSignStateKept(SignState restored) {
        if (compare(restored, savedSignState) < 0) {
            Invariants.fail(sim.now, id, "durability: sign-state " + describe(savedSignState) + " was synced, the restart"
                    + " found " + describe(restored));
        }
        if (compare(restored, savedSignState) == 0 && savedSignState.lockedBlock() != null
                && restored.lockedBlock() == null) {
            Invariants.fail(sim.now, id, "durability: the locked block of sign-state " + describe(savedSignState)
                    + " was synced, the restart found its lock without the block");
        }
    }

    private static int compare(SignState a, SignState b) {
        if (a.height() != b.height()) {
            return Long.compare(a.height(), b.height());
        }
        if (a.round() != b.round()) {
            return Integer.compare(a.round(), b.round());
        }
        return a.step().compareTo(b.step());
    }

    static String describe(SignState state) {
        return state.height() + "/" + state.round() + "/" + state.step().name() + " locked " + state.lockedRound();
    }

    void crash() {
        crashed = true;
        if (shell != null) {
            shell.stop();
        }
        shell = null;
        consensus = null;
        mempool.clear();
        disk.crash();
    }

    boolean crashArmed() {
        return disk.crashArmed();
    }

    void handle(Event event) {
        if (!crashed) {
            shell.deliver(event);
        }
    }

    /**
     * This node's wall clock: the genesis time plus the virtual time, the same on every honest
     * node; a Byzantine validator's is hostile while it misbehaves (its votes then carry absurd
     * times, which BFT time must keep out of block times).
     */
    long clockMillis() {
        long honest = sim.fixture.genesis.genesisTimeMillis() + sim.now + sim.clockSkew(index);
        return byzantine && sim.byzantineActive ? sim.byzantine.clockMillis(honest) : honest;
    }

    void submit(Transaction tx) {
        if (!crashed && mempool.size() < MEMPOOL_MAX && !ledger.isCommitted(tx.hash())) {
            mempool.putIfAbsent(tx.hash(), tx);
        }
    }

    /**
     * Evidence this node holds whose offence its ledger has not committed. A restarted node's
     * fresh pool may take a gossiped copy of an offence committed before the restart; no block
     * may repeat it (the builder leaves it out), so it is not evidence waiting to be committed.
     */
    int pendingEvidence() {
        if (crashed) {
            return 0;
        }
        int pending = 0;
        for (Evidence evidence : consensus.pendingEvidence()) {
            if (!ledger.ledger().evidenceCommitted(evidence.offence())) {
                pending++;
            }
        }
        return pending;
    }

    String describeSignState() {
        return describe(savedSignState);
    }

    // ------------------------------------------------------------------ receiving, as the node's inbound routing does

    void receive(int from, byte[] bytes) {
        if (crashed) {
            return;
        }
        Envelope envelope;
        try {
            envelope = Envelope.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            sim.stats.undecodable++;
            return;
        }
        String peer = sim.nodes.get(from).id;
        if (byzantine && sim.options.has(Fault.FLOOD)) {
            sim.byzantine.remember(bytes);
        }
        switch (envelope.getMessageCase()) {
            case PROPOSAL:
                Result<Proposal> proposal = MessageCodec.fromWire(envelope.getProposal(), ledger.ledger().options().limits());
                if (byzantine && proposal.isOk()) {
                    sim.byzantine.sawProposal(proposal.value());
                }
                received(proposal.map(Message.OfProposal::new));
                break;
            case VOTE:
                received(VoteCodec.fromWire(envelope.getVote(), "vote").map(Message.OfVote::new));
                break;
            case EVIDENCE:
                received(VoteCodec.fromWire(envelope.getEvidence(), "evidence").map(Message.OfEvidence::new));
                break;
            case BLOCK_REQUEST:
                if (!(byzantine && sim.byzantineActive)) {
                    shell.answerBlockRequest(peer, envelope.getBlockRequest());
                } else if (sim.options.has(Fault.SYNC_LIES)) {
                    sim.byzantine.lieAboutBlocks(this, from, envelope.getBlockRequest());
                } // else a Byzantine validator leaves sync requests unanswered
                break;
            case BLOCK_RESPONSE:
                shell.blocksReceived(peer, envelope.getBlockResponse());
                break;
            case STATUS:
                shell.statusReceived(peer, envelope.getStatus());
                break;
            default:
                sim.stats.undecodable++; // nothing else travels between simulated nodes
                break;
        }
    }

    private void received(Result<? extends Message> message) {
        if (message.isOk()) {
            shell.deliver(new Event.Received(message.value()));
        } else {
            sim.stats.undecodable++;
        }
    }

    // ------------------------------------------------------------------ the shell's host

    @Override
    public List<Transaction> candidates(int countMax) {
        List<Transaction> candidates = new ArrayList<>();
        Iterator<Transaction> pending = mempool.values().iterator();
        while (pending.hasNext() && candidates.size() < Math.min(countMax, CANDIDATES_PER_BLOCK_MAX)) {
            candidates.add(pending.next());
        }
        return candidates;
    }

    @Override
    public int pendingTransactions() {
        return mempool.size();
    }

    @Override
    public void refused(List<BlockBuilder.Skipped> skipped) {
        for (BlockBuilder.Skipped each : skipped) {
            mempool.remove(each.transaction().hash());
        }
        sim.stats.refusedTransactions += skipped.size();
        if (sim.membership != null) {
            sim.membership.refused(skipped);
        }
    }

    @Override
    public void signStateSaved(SignState state) {
        savedSignState = state;
    }

    @Override
    public void validated(Block block, Optional<Rejection> rejection, long validationNanos) {
        if (rejection.isPresent()) {
            sim.stats.invalidProposals++;
        }
    }

    @Override
    public void committed(Block block, int rounds, boolean bySync) {
        durableHeight = block.height();
        durableHash = block.hash();
        lastCommitMillis = sim.now;
        sim.trace(index + " committed " + block.height() + " " + block.hash() + (bySync ? " by sync" : ""));
        for (Transaction tx : block.transactions()) {
            mempool.remove(tx.hash());
        }
        mempool.values().removeIf(tx ->
                io.khata.core.state.Expiry.closedAfter(tx.body().validUntilMillis(), block.header().timeMillis()));
        if (bySync) {
            sim.stats.syncedBlocks++;
        }
        if (!byzantine) {
            sim.invariants.committed(id, ledger, block, ledger.commit(block.height()).orElseThrow(), sim.now);
            sim.invariants.conservation(id, ledger, sim.now);
            sim.invariants.afterCommit(id, ledger, sim.now);
            if (sim.membership != null) {
                sim.membership.committed(block);
            }
        }
    }

    @Override
    public void syncRequested(String peer, long fromHeight) {
        sim.stats.syncRequests++;
    }

    @Override
    public void syncRefused(String peer, long height, String reason) {
        sim.stats.syncRefused++;
    }

    @Override
    public void evidenceFound(Evidence evidence) {
        sim.stats.evidenceFound++;
    }

    @Override
    public void dropped(Effect.Dropped dropped) {
        sim.stats.dropped++;
    }

    /** A disk fault the simulation injected stops the node as it would a real one; it restarts later. Anything else is a bug. */
    @Override
    public void halted(RuntimeException cause) {
        if (InjectedFault.causes(cause)) {
            sim.stats.diskHalts++;
            sim.crash(this);
            return;
        }
        SimulationFailure failure = new SimulationFailure("t=" + sim.now + "ms " + id + ": halted: " + cause);
        failure.initCause(cause);
        throw failure;
    }
}
