package io.khata.net.sim;

import io.khata.core.block.ValidatorSet;
import io.khata.core.tx.Transaction;
import io.khata.net.consensus.Consensus;
import io.khata.net.consensus.ConsensusConfig;
import io.khata.net.consensus.Event;
import io.khata.net.consensus.SignState;
import io.khata.net.consensus.Timeouts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

/**
 * One deterministic run: n validators, a simulated network and clock, faults and workload, all
 * drawn from one {@link SplittableRandom} seeded with the run's seed, on one thread. Steps are
 * taken in (virtual time, insertion order) order, so a seed replays the same run exactly; the
 * trace hash covers every step.
 *
 * <p>Phases: <b>faults</b> (loss, duplicates, long delays, partitions, crash-restarts and up to
 * f Byzantine validators) until an honest node reaches 60% of the target height; <b>healed</b>
 * (network faults stop, crashed nodes restart; Byzantine validators keep misbehaving) until
 * every honest node reaches the target, each committing within {@link #PROGRESS_MILLIS_MAX} of
 * virtual time; <b>quiet</b> (Byzantine validators behave) until every equivocation an honest
 * node holds as evidence is in a committed block.
 *
 * <p>With membership changes on, the network also has one or two spare banks outside the
 * genesis, honest, each following from the start or from a random time (catching up by block
 * sync), and the authority changes the validator set throughout the faults and healed phases
 * ({@link Membership}): spares join (one as soon as a partition starts, when one is left),
 * validators leave (preferably the proposer of the next height) and change power. Without it
 * a run draws exactly what it drew before membership existed, so old seeds keep their traces.
 */
final class Simulation {
    static final Timeouts TIMEOUTS = new Timeouts(300, 200, 200, 100, 3_000, 500, 1_000);
    /** After the network heals, every honest node commits a block at least this often (virtual time). */
    static final long PROGRESS_MILLIS_MAX = 30_000;
    /**
     * A run still going after this many steps (a run takes thousands to tens of thousands), or
     * with this many events waiting (hundreds to thousands), fails with the nodes' state rather
     * than hang or fill the heap; so does one past {@link #unfinishedMillis()}.
     */
    static final long UNFINISHED_STEPS = 2_000_000;
    static final int UNFINISHED_QUEUE = 200_000;

    /** Makes the state machine of a node; a test substitutes a broken one here. */
    interface ConsensusFactory {
        Consensus create(ConsensusConfig config, LongFunction<ValidatorSet> validatorsAt, long committedHeight,
                         SignState restored);
    }

    private enum Phase { FAULTS, HEALED, QUIET, DONE }

    private record Scheduled(long time, long sequence, Runnable action) {
    }

    final long seed;
    final int heights;
    final SimFixture fixture;
    final ConsensusFactory factory;
    final SplittableRandom random;
    final SimNetwork network;
    final Invariants invariants;
    final Byzantine byzantine;
    final SimStats stats = new SimStats();
    final VerifiedSignatures signatures = new VerifiedSignatures();
    final List<SimNode> nodes = new ArrayList<>();
    /** The authority's membership changes, or null when this run keeps the genesis set. */
    final Membership membership;
    private final Workload workload;
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>(
            (a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.sequence, b.sequence));
    private final MessageDigest trace;
    private final double partitionProbability;
    private final double crashProbability;
    /** At most this many honest nodes are down at once (crashed, or about to crash) during the faults. */
    final int crashedMax;
    private long sequence;
    private Phase phase = Phase.FAULTS;
    private long healedAtMillis;
    /** The highest honest ledger when the Byzantine validators stopped. */
    private long quietFromHeight;
    private boolean partitioned;
    long now;
    boolean byzantineActive = true;
    /** When set, every trace line is also kept here, for reading a failing seed's run. */
    List<String> log;

    /** Join times of spares that do not follow from the start, by node index. */
    private final long[] joinAtMillis;

    Simulation(long seed, int validators, int heights, ConsensusFactory factory) {
        this(seed, validators, heights, false, factory);
    }

    Simulation(long seed, int validators, int heights, boolean membershipChanges, ConsensusFactory factory) {
        this.seed = seed;
        this.heights = heights;
        this.factory = factory;
        this.random = new SplittableRandom(seed);
        int spares = membershipChanges ? 1 + random.nextInt(2) : 0;
        this.fixture = new SimFixture(validators, spares);
        this.network = new SimNetwork(random, validators + spares);
        this.invariants = new Invariants(fixture, newLedger());
        this.byzantine = new Byzantine(this, random);
        this.workload = new Workload(fixture, random);
        this.trace = sha256();
        int f = (validators - 1) / 3;
        int byzantineCount = random.nextInt(f + 1);
        this.partitionProbability = random.nextDouble() * 0.3;
        this.crashProbability = random.nextDouble() * 0.2;
        this.crashedMax = 1 + random.nextInt(Math.max(1, f));
        boolean[] isByzantine = new boolean[validators];
        for (int chosen = 0; chosen < byzantineCount; ) {
            int index = random.nextInt(validators);
            if (!isByzantine[index]) {
                isByzantine[index] = true;
                chosen++;
            }
        }
        for (int i = 0; i < validators; i++) {
            String id = "bank-" + i;
            nodes.add(new SimNode(this, i, id, fixture.validatorKeys.get(id), isByzantine[i], newLedger()));
        }
        stats.byzantine = byzantineCount;
        this.joinAtMillis = new long[validators + spares];
        for (String spare : fixture.spares) {
            int index = nodes.size();
            nodes.add(new SimNode(this, index, spare, fixture.validatorKeys.get(spare), false, newLedger()));
            joinAtMillis[index] = random.nextBoolean() ? 0 : random.nextLong(faultMillisMax() / 2);
        }
        this.membership = membershipChanges ? new Membership(this, random) : null;
    }

    private SimLedger newLedger() {
        return new CoreLedger(fixture.genesis);
    }

    /** Runs to the end; throws {@link SimulationFailure} when an invariant breaks. Returns the trace hash. */
    String run() {
        for (SimNode node : nodes) {
            if (joinAtMillis[node.index] == 0) {
                node.start();
            } else {
                join(node, joinAtMillis[node.index]);
            }
        }
        schedule(0, this::submitTransaction);
        schedule(0, this::faultTick);
        if (membership != null) {
            schedule(0, this::membershipTick);
        }
        while (phase != Phase.DONE) {
            Scheduled next = queue.poll();
            if (next == null) {
                throw new SimulationFailure("nothing left to do at t=" + now);
            }
            now = next.time;
            next.action.run();
            stats.steps++;
            advancePhase();
        }
        stats.virtualMillis = now;
        stats.heights = minHonestHeight();
        return HexFormat.of().formatHex(trace.digest());
    }

    // ------------------------------------------------------------------ phases and liveness

    private void advancePhase() {
        stats.queueMax = Math.max(stats.queueMax, queue.size());
        if (now > unfinishedMillis() || stats.steps > UNFINISHED_STEPS || queue.size() > UNFINISHED_QUEUE) {
            throw new SimulationFailure("unfinished: in phase " + phase + " at t=" + now + ", heights " + minHonestHeight()
                    + ".." + maxHonestHeight() + ", honest evidence pending " + honestEvidencePending() + "; nodes: "
                    + describeNodes());
        }
        if (phase == Phase.FAULTS) {
            if (maxHonestHeight() >= heights * 6L / 10 || now >= faultMillisMax()) {
                heal();
            }
            return;
        }
        checkProgress();
        if (phase == Phase.HEALED && minHonestHeight() >= heights) {
            phase = Phase.QUIET;
            byzantineActive = false;
            quietFromHeight = maxHonestHeight();
        } else if (phase == Phase.QUIET && honestEvidencePending() == 0) {
            phase = Phase.DONE;
        } else if (phase == Phase.QUIET && minHonestHeight() >= evidenceDeadlineHeight()) {
            throw new SimulationFailure("evidence held by honest nodes was not committed by height "
                    + evidenceDeadlineHeight() + " (the Byzantine validators stopped at height " + quietFromHeight
                    + "); nodes: " + describeNodes());
        }
    }

    /**
     * Evidence reaches a block through a proposal of a validator that holds it; it is forwarded
     * to every validator, so any honest proposer can commit it, but a copy may be lost while
     * the faults last and then only its finder holds it. With membership changes the deadline counts from the height where the Byzantine
     * validators stopped and is twice as long: a validator that fell behind while a Byzantine
     * proposer split the network can chase the head by block sync for a couple of dozen heights
     * (blocks come faster than its sync timeout, and a Byzantine or lagging follower peer
     * answers its sync badly), and it must be back in step before its turn comes.
     */
    private long evidenceDeadlineHeight() {
        return membership == null ? heights + 4L * nodes.size() : quietFromHeight + 8L * nodes.size();
    }

    /**
     * The latest virtual time a passing run can reach: faults at their longest, then every
     * height to the target and to the evidence deadline at the slowest the liveness check allows.
     */
    private long unfinishedMillis() {
        return faultMillisMax() + (heights + 16L * nodes.size()) * PROGRESS_MILLIS_MAX;
    }

    /** Faults stop after this much virtual time even if the chain has not reached 60% of its heights. */
    private long faultMillisMax() {
        return 20_000 + heights * 1_000L;
    }

    private void heal() {
        phase = Phase.HEALED;
        healedAtMillis = now;
        network.stopFaults();
        partitioned = false;
        for (SimNode node : nodes) {
            if (node.crashed) {
                restart(node);
            }
            node.crashAfterNextPersist = false;
        }
        trace("heal");
    }

    private void checkProgress() {
        for (SimNode node : nodes) {
            if (!node.byzantine && now - Math.max(healedAtMillis, node.lastCommitMillis) > PROGRESS_MILLIS_MAX) {
                throw new SimulationFailure("liveness: " + node.id + " committed nothing for " + PROGRESS_MILLIS_MAX
                        + "ms of virtual time after the network healed at t=" + healedAtMillis + "; at height "
                        + node.ledger.height() + ", t=" + now + "; nodes: " + describeNodes());
            }
        }
    }

    private String describeNodes() {
        StringBuilder text = new StringBuilder();
        for (SimNode node : nodes) {
            text.append("\n  ").append(node.id).append(node.byzantine ? " (byzantine)" : "")
                    .append(" ledger=").append(node.ledger.height());
            if (node.crashed) {
                text.append(" crashed");
            } else {
                text.append(" h=").append(node.consensus.height()).append(" r=").append(node.consensus.round())
                        .append(" step=").append(node.consensus.step()).append(" locked=").append(node.consensus.lockedRound())
                        .append(" valid=").append(node.consensus.validRound())
                        .append(" future=").append(node.consensus.bufferedFutureMessages())
                        .append(" evidence=").append(node.consensus.pendingEvidence());
            }
        }
        return text.toString();
    }

    private long minHonestHeight() {
        long min = Long.MAX_VALUE;
        for (SimNode node : nodes) {
            if (!node.byzantine) {
                min = Math.min(min, node.ledger.height());
            }
        }
        return min;
    }

    private long maxHonestHeight() {
        long max = 0;
        for (SimNode node : nodes) {
            if (!node.byzantine) {
                max = Math.max(max, node.ledger.height());
            }
        }
        return max;
    }

    /**
     * Evidence reaches a block through a holder's own proposal, so only what honest validators
     * of the coming height hold must be committed; a spare that follows, or a removed validator,
     * never proposes what it holds (what it forwarded, the validators hold too).
     */
    private int honestEvidencePending() {
        int pending = 0;
        for (SimNode node : nodes) {
            if (!node.byzantine && node.ledger.validatorsAt(node.ledger.height() + 1).contains(node.id)) {
                pending += node.pendingEvidence();
            }
        }
        return pending;
    }

    // ------------------------------------------------------------------ faults and workload

    private void faultTick() {
        if (phase != Phase.FAULTS) {
            return;
        }
        if (!partitioned && random.nextDouble() < partitionProbability) {
            startPartition();
        }
        if (random.nextDouble() < crashProbability && crashedCount() < crashedMax) {
            SimNode victim = nodes.get(random.nextInt(nodes.size()));
            if (!victim.byzantine && !victim.crashed) {
                if (random.nextBoolean()) {
                    victim.crashAfterNextPersist = true; // dies between saving its sign-state and sending
                } else {
                    crash(victim);
                }
            }
        }
        schedule(100 + random.nextLong(900), this::faultTick);
    }

    /** A spare that comes up late: down (like a crashed node) until then, and started at the heal at the latest. */
    private void join(SimNode spare, long atMillis) {
        spare.crashed = true;
        schedule(atMillis, () -> {
            if (spare.crashed && spare.incarnation == 0) {
                trace("join " + spare.id);
                spare.start();
            }
        });
    }

    private void membershipTick() {
        if (phase == Phase.FAULTS || phase == Phase.HEALED) {
            membership.tick();
        }
        schedule(200 + random.nextLong(800), this::membershipTick);
    }

    private void startPartition() {
        boolean[] isolated = new boolean[nodes.size()];
        int kind = random.nextInt(3);
        if (kind == 1) {
            for (int i = 0; i < isolated.length; i++) {
                isolated[i] = random.nextBoolean();
            }
        } else {
            isolated[random.nextInt(isolated.length)] = true;
        }
        String description = network.partition(isolated, kind == 2);
        partitioned = true;
        stats.partitions++;
        trace(description);
        if (membership != null) {
            membership.partitionStarted();
        }
        schedule(300 + random.nextLong(4_700), () -> {
            if (phase == Phase.FAULTS) {
                network.healPartitions();
                partitioned = false;
                trace("partition healed");
            }
        });
    }

    private int crashedCount() {
        int count = 0;
        for (SimNode node : nodes) {
            if ((node.crashed && node.incarnation > 0) || node.crashAfterNextPersist) {
                count++;
            }
        }
        return count;
    }

    void crash(SimNode node) {
        node.crash();
        stats.crashes++;
        trace("crash " + node.id);
        int incarnation = node.incarnation;
        schedule(200 + random.nextLong(3_800), () -> {
            if (node.crashed && node.incarnation == incarnation) {
                restart(node);
            }
        });
    }

    private void restart(SimNode node) {
        trace("restart " + node.id + " at " + node.ledger.height() + " " + node.disk);
        node.start();
    }

    private void submitTransaction() {
        submitToRandomNodes(workload.next(maxHonestHeight() + 1));
        schedule(20 + random.nextLong(200), this::submitTransaction);
    }

    /** Into the mempools of one or two nodes drawn at random (a node that is down loses it). */
    void submitToRandomNodes(Transaction tx) {
        int copies = 1 + random.nextInt(2);
        for (int i = 0; i < copies; i++) {
            nodes.get(random.nextInt(nodes.size())).submit(tx);
        }
    }

    // ------------------------------------------------------------------ queries for the membership workload

    boolean isByzantine(String id) {
        return nodeById(id).byzantine;
    }

    SimNode nodeById(String id) {
        for (SimNode node : nodes) {
            if (node.id.equals(id)) {
                return node;
            }
        }
        throw new IllegalArgumentException("no node " + id);
    }

    /** The honest node with the highest ledger, the first in index order among equals. */
    SimNode mostAdvancedHonest() {
        SimNode leader = null;
        for (SimNode node : nodes) {
            if (!node.byzantine && (leader == null || node.ledger.height() > leader.ledger.height())) {
                leader = node;
            }
        }
        return leader;
    }

    boolean partitioned() {
        return partitioned;
    }

    // ------------------------------------------------------------------ scheduling and the network

    private void schedule(long delayMillis, Runnable action) {
        queue.add(new Scheduled(now + delayMillis, sequence++, action));
    }

    /** Delivers {@code event} to this incarnation of {@code node} after {@code delayMillis}; a crash cancels it. */
    void scheduleEvent(SimNode node, long delayMillis, Event event) {
        int incarnation = node.incarnation;
        schedule(delayMillis, () -> {
            if (!node.crashed && node.incarnation == incarnation) {
                trace(node.index, event);
                node.handle(event);
                afterStep(node);
            }
        });
    }

    void send(int from, int to, Packet packet) {
        for (long delay : network.deliveries(from, to)) {
            schedule(delay, () -> {
                SimNode node = nodes.get(to);
                if (!node.crashed) {
                    stats.delivered++;
                    trace(from, to, packet);
                    node.receive(from, packet);
                    afterStep(node);
                }
            });
        }
    }

    void sendToAll(int from, Packet packet) {
        for (int to = 0; to < nodes.size(); to++) {
            if (to != from) {
                send(from, to, packet);
            }
        }
    }

    int randomPeer(int self) {
        int peer = random.nextInt(nodes.size() - 1);
        return peer >= self ? peer + 1 : peer;
    }

    private void afterStep(SimNode node) {
        if (!node.byzantine) {
            invariants.conservation(node.id, node.ledger, now);
        }
    }

    // ------------------------------------------------------------------ the trace

    void trace(String line) {
        trace.update((now + " " + line + "\n").getBytes(StandardCharsets.UTF_8));
        if (log != null) {
            log.add(now + " " + line);
        }
    }

    /** Only fields with a stable printed form: enum and identity hash codes differ from one JVM to the next. */
    private void trace(int node, Event event) {
        String detail;
        if (event instanceof Event.TimeoutFired timeout) {
            detail = "timeout " + timeout.height() + "/" + timeout.round() + "/" + timeout.kind().name();
        } else if (event instanceof Event.ProposalBuilt built) {
            detail = "built " + built.block().hash();
        } else if (event instanceof Event.BlockValidated validated) {
            detail = "validated " + validated.blockHash() + " " + validated.valid();
        } else {
            detail = event.getClass().getSimpleName();
        }
        trace(node + " <- " + detail);
    }

    private void trace(int from, int to, Packet packet) {
        long fingerprint = packet instanceof Packet.Consensus bytes ? java.util.Arrays.hashCode(bytes.bytes())
                : packet.getClass().getSimpleName().hashCode();
        trace(from + " -> " + to + " " + fingerprint);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
