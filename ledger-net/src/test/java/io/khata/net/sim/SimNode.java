package io.khata.net.sim;

import io.khata.core.Limits;
import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.block.Commit;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.KeyPair;
import io.khata.core.tx.Transaction;
import io.khata.core.validate.CommitVerifier;
import io.khata.net.consensus.Consensus;
import io.khata.net.consensus.ConsensusConfig;
import io.khata.net.consensus.Effect;
import io.khata.net.consensus.Event;
import io.khata.net.consensus.Message;
import io.khata.net.consensus.MessageCodec;
import io.khata.net.consensus.SignState;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One simulated node: the consensus state machine and the shell around it, which performs
 * effects in order exactly as a real node's shell must. Its ledger and its saved sign-state
 * ({@link #disk}) survive a crash; the state machine, the mempool and pending timers do not.
 * The state machine takes the validator set of each height from this node's own ledger, as a
 * real node's does, so a node outside the set follows until a committed change includes it.
 */
final class SimNode {
    static final int MEMPOOL_MAX = 500;
    static final int CANDIDATES_PER_BLOCK_MAX = 20;
    static final int SYNC_BLOCKS_PER_ANSWER_MAX = 50;

    final int index;
    final String id;
    final KeyPair key;
    final boolean byzantine;
    final SimLedger ledger;
    private final Simulation sim;
    private final LinkedHashMap<Hash, Transaction> mempool = new LinkedHashMap<>();
    Consensus consensus;
    SignState disk = SignState.NONE;
    boolean crashed;
    /** Set to crash right after the next sign-state save, before the message it guards is sent. */
    boolean crashAfterNextPersist;
    int incarnation;
    long lastCommitMillis;

    SimNode(Simulation sim, int index, String id, KeyPair key, boolean byzantine, SimLedger ledger) {
        this.sim = sim;
        this.index = index;
        this.id = id;
        this.key = key;
        this.byzantine = byzantine;
        this.ledger = ledger;
    }

    void start() {
        crashed = false;
        incarnation++;
        ConsensusConfig config = ConsensusConfig.of(SimFixture.CHAIN_ID, id, key, Simulation.TIMEOUTS)
                .withVerifier(sim.signatures);
        consensus = sim.factory.create(config, ledger::validatorsAt, ledger.height(), disk);
        perform(consensus.start(ledger.height() == 0 ? null : ledger.commit(ledger.height()).orElseThrow(), clockMillis()));
    }

    void crash() {
        crashed = true;
        crashAfterNextPersist = false;
        consensus = null;
        mempool.clear();
    }

    void handle(Event event) {
        if (!crashed) {
            perform(consensus.on(event, clockMillis()));
        }
    }

    /**
     * This node's wall clock: the genesis time plus the virtual time, the same on every honest
     * node; a Byzantine validator's is hostile while it misbehaves (its votes then carry absurd
     * times, which BFT time must keep out of block times).
     */
    long clockMillis() {
        long honest = sim.fixture.genesis.genesisTimeMillis() + sim.now;
        return byzantine && sim.byzantineActive ? sim.byzantine.clockMillis(honest) : honest;
    }

    void submit(Transaction tx) {
        if (!crashed && mempool.size() < MEMPOOL_MAX && !ledger.isCommitted(tx.hash())) {
            mempool.putIfAbsent(tx.hash(), tx);
        }
    }

    int pendingEvidence() {
        return crashed ? 0 : consensus.pendingEvidence().size();
    }

    // ------------------------------------------------------------------ performing effects, in order

    private void perform(List<Effect> effects) {
        for (Effect effect : effects) {
            if (crashed) {
                return; // a crash in the middle of a step loses the rest of it, as a real crash would
            }
            perform(effect);
        }
    }

    private void perform(Effect effect) {
        if (effect instanceof Effect.PersistSignState persist) {
            disk = persist.state();
            if (crashAfterNextPersist) {
                sim.crash(this);
            }
        } else if (effect instanceof Effect.Broadcast broadcast) {
            broadcast(broadcast.message());
        } else if (effect instanceof Effect.ScheduleTimeout timeout) {
            sim.scheduleEvent(this, timeout.delayMillis(),
                    new Event.TimeoutFired(timeout.height(), timeout.round(), timeout.kind()));
        } else if (effect instanceof Effect.BuildProposal build) {
            buildProposal(build);
        } else if (effect instanceof Effect.ValidateBlock validate) {
            Block block = validate.block();
            if (block.height() == ledger.height() + 1) {
                boolean valid = ledger.validate(block).isEmpty();
                sim.scheduleEvent(this, 0, new Event.BlockValidated(block.height(), block.hash(), valid));
            }
        } else if (effect instanceof Effect.Commit commit) {
            commit(commit.block(), commit.commit());
        } else if (effect instanceof Effect.RequestSync sync) {
            sim.stats.syncRequests++;
            sim.send(index, sim.randomPeer(index), new Packet.SyncRequest(sync.fromHeight()));
        } else if (effect instanceof Effect.EvidenceFound) {
            sim.stats.evidenceFound++;
        } else if (effect instanceof Effect.Dropped) {
            sim.stats.dropped++;
        }
    }

    private void broadcast(Message message) {
        if (byzantine && sim.byzantineActive) {
            sim.byzantine.broadcast(this, message);
            return;
        }
        if (!byzantine) {
            sim.invariants.signedByHonest(id, message, sim.now);
            sim.invariants.signedAsValidator(id, ledger, message, sim.now);
        }
        sim.sendToAll(index, new Packet.Consensus(MessageCodec.encode(message)));
    }

    private void buildProposal(Effect.BuildProposal build) {
        if (build.height() != ledger.height() + 1) {
            throw new IllegalStateException(id + " asked to build " + build.height() + " at ledger height " + ledger.height());
        }
        List<Transaction> candidates = new ArrayList<>();
        Iterator<Transaction> pending = mempool.values().iterator();
        while (pending.hasNext() && candidates.size() < CANDIDATES_PER_BLOCK_MAX) {
            candidates.add(pending.next());
        }
        Block block = ledger.build(build.height(), id, candidates, build.evidence());
        if (sim.membership != null) {
            sim.membership.refused(ledger.lastSkipped());
        }
        for (Transaction candidate : candidates) {
            mempool.remove(candidate.hash()); // included ones return on commit elsewhere; refused ones are gone
        }
        if (block.transactions().size() < candidates.size()) {
            sim.stats.refusedTransactions += candidates.size() - block.transactions().size();
        }
        sim.scheduleEvent(this, 0, new Event.ProposalBuilt(build.height(), build.round(), block));
    }

    private void commit(Block block, Commit commit) {
        if (!byzantine) {
            sim.invariants.beforeCommit(id, ledger, block, commit, sim.now);
        }
        ledger.commit(block, commit);
        for (Transaction tx : block.transactions()) {
            mempool.remove(tx.hash());
        }
        lastCommitMillis = sim.now;
        if (!byzantine) {
            sim.invariants.conservation(id, ledger, sim.now);
            sim.invariants.afterCommit(id, ledger, sim.now);
            if (sim.membership != null) {
                sim.membership.committed(block);
            }
        }
    }

    // ------------------------------------------------------------------ receiving packets

    void receive(int from, Packet packet) {
        if (crashed) {
            return;
        }
        if (packet instanceof Packet.Consensus bytes) {
            Result<Message> decoded = MessageCodec.decode(bytes.bytes(), Limits.DEFAULT);
            if (decoded.isOk()) {
                handle(new Event.Received(decoded.value()));
            } else {
                sim.stats.undecodable++;
            }
        } else if (packet instanceof Packet.SyncRequest request) {
            answerSync(from, request.fromHeight());
        } else if (packet instanceof Packet.SyncResponse response) {
            applySync(response);
        }
    }

    private void answerSync(int from, long fromHeight) {
        if (byzantine) {
            return;
        }
        List<Block> blocks = new ArrayList<>();
        List<Commit> commits = new ArrayList<>();
        for (long h = fromHeight; h <= ledger.height() && blocks.size() < SYNC_BLOCKS_PER_ANSWER_MAX; h++) {
            blocks.add(ledger.block(h).orElseThrow());
            commits.add(ledger.commit(h).orElseThrow());
        }
        if (!blocks.isEmpty()) {
            sim.send(index, from, new Packet.SyncResponse(blocks, commits));
        }
    }

    /**
     * Block sync: each block must be the next one, carry a valid >2/3 commit of the set in force
     * at its height (which the blocks before it, committed first, tell this ledger) and pass
     * validation.
     */
    private void applySync(Packet.SyncResponse response) {
        List<Block> committed = new ArrayList<>();
        for (int i = 0; i < response.blocks().size(); i++) {
            Block block = response.blocks().get(i);
            Commit commit = response.commits().get(i);
            if (block.height() != ledger.height() + 1) {
                continue;
            }
            boolean certified = CommitVerifier.verify(commit, SimFixture.CHAIN_ID, block.height(), block.hash(),
                    ledger.validatorsAt(block.height())).isEmpty();
            if (!certified || ledger.validate(block).isPresent()) {
                break;
            }
            commit(block, commit);
            committed.add(block);
            sim.stats.syncedBlocks++;
        }
        if (!committed.isEmpty()) {
            handle(new Event.Synced(ledger.height(), committed));
        }
    }
}
