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
 * <p>Phases: <b>faults</b> (loss, duplicates, long delays, partitions, crash-restarts at any
 * step or at a disk sync, I/O errors and full disks, and up to f Byzantine validators, each
 * switchable by {@link Fault}) until an honest node reaches 60% of the target height; <b>healed</b>
 * (network and disk faults stop, crashed nodes restart; Byzantine validators keep misbehaving) until
 * every honest node reaches the target, each committing within {@link #PROGRESS_MILLIS_MAX} of
 * virtual time; <b>quiet</b> (Byzantine validators behave) until every equivocation an honest
 * node holds as evidence is in a committed block.
 *
 * <p>With membership changes on, the network also has one or two spare banks outside the
 * genesis, honest, each following from the start or from a random time (catching up by block
 * sync), and the authority changes the validator set throughout the faults and healed phases
 * ({@link Membership}): spares join (one as soon as a partition starts, when one is left),
 * validators leave (preferably the proposer of the next height) and change power.
 *
 * <p>At most {@code crashedMax} honest nodes (1 to f) are down at once during the faults:
 * crashed, armed to crash at their next sync, or halted by a disk fault, which stops a node
 * as it would a real one (it is restarted like a crashed one).
 */
public final class Simulation {
    static final Timeouts TIMEOUTS = new Timeouts(300, 200, 200, 100, 3_000, 500, 1_000);
    /**
     * The block size limit of simulated nodes (the node's default is 32 MiB): blocks of the
     * workload stay far below it, and a Byzantine proposer's block over it costs little to make.
     */
    static final io.khata.core.Limits LIMITS = new io.khata.core.Limits(64 * 1024, 64, 32, 256, 128 * 1024, 20_000, 100,
            64, 16 * 1024 * 1024);
    /** With {@link Fault#SKEW}, each honest clock is off by up to this much either way, fixed for the run. */
    static final long CLOCK_SKEW_MAX_MILLIS = 500;
    /** After the network heals, every honest node commits a block at least this often (virtual time). */
    static final long PROGRESS_MILLIS_MAX = 30_000;
    /**
     * A run of 4 validators still going after this many steps (a run takes thousands to tens of
     * thousands; the guard grows with the square of the validators, as the messages of a height
     * do: 120 million for 31, whose runs take one to two million), or with this many events
     * waiting (hundreds to thousands; the guard grows with the validators), fails with the nodes' state rather than hang or fill the
     * heap; so does one past {@link #unfinishedMillis()}.
     */
    static final long UNFINISHED_STEPS = 2_000_000;
    static final int UNFINISHED_QUEUE = 200_000;

    /** Makes the state machine of a node; a test substitutes a broken one here. */
    public interface ConsensusFactory {
        Consensus create(ConsensusConfig config, LongFunction<ValidatorSet> validatorsAt, long committedHeight,
                         SignState restored);
    }

    private enum Phase { FAULTS, HEALED, QUIET, DONE }

    private record Scheduled(long time, long sequence, Runnable action) {
    }

    final long seed;
    final SimulationOptions options;
    /** The voting powers of this run: the options', or drawn at random with {@link Fault#POWER}. */
    final List<Long> powers;
    /** Each node's clock error, or all 0 without {@link Fault#SKEW}. */
    private final long[] clockSkew;
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
    private final double diskFullProbability;
    /** How long a proposer with an empty mempool waits for transactions (the node's setting, drawn per run). */
    final long emptyBlockDelayMillis;
    /** The last trace lines, printed with a failure. */
    private final java.util.ArrayDeque<String> lastSteps = new java.util.ArrayDeque<>();
    static final int LAST_STEPS = 60;
    /** At most this many honest nodes are down at once (crashed, or about to crash) during the faults. */
    final int crashedMax;
    private long sequence;
    private Phase phase = Phase.FAULTS;
    /** Set when the run starts: the genesis each node writes before that meets no disk fault. */
    private boolean running;
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

    public Simulation(long seed, SimulationOptions options, ConsensusFactory factory) {
        this.seed = seed;
        this.options = options;
        this.heights = options.heights();
        this.factory = options.broken().factory(factory);
        this.random = new SplittableRandom(seed);
        int validators = options.validators();
        boolean membershipChanges = options.has(Fault.MEMBERSHIP);
        int spares = membershipChanges ? 1 + random.nextInt(2) : 0;
        List<Long> drawn = new ArrayList<>();
        for (int i = 0; i < validators; i++) {
            drawn.add(1L + random.nextInt(10));
        }
        boolean drawUnequal = random.nextBoolean(); // half the runs keep equal powers
        boolean unequal = drawUnequal && options.has(Fault.POWER) && options.equalPowers()
                && drawn.stream().distinct().count() > 1;
        this.powers = unequal ? List.copyOf(drawn) : options.powers();
        stats.unequalPowerRuns = unequal ? 1 : 0;
        this.clockSkew = new long[validators + spares];
        for (int i = 0; i < clockSkew.length; i++) {
            long skew = random.nextLong(2 * CLOCK_SKEW_MAX_MILLIS + 1) - CLOCK_SKEW_MAX_MILLIS;
            clockSkew[i] = options.has(Fault.SKEW) ? skew : 0;
        }
        stats.skewedRuns = options.has(Fault.SKEW) ? 1 : 0;
        this.fixture = new SimFixture(powers, spares);
        this.network = new SimNetwork(random, validators + spares, options);
        this.invariants = new Invariants(fixture, newLedger(), options.has(Fault.SKEW) ? CLOCK_SKEW_MAX_MILLIS : 0);
        this.byzantine = new Byzantine(this, random);
        this.workload = new Workload(fixture, random);
        this.trace = sha256();
        int f = (validators - 1) / 3;
        int byzantineCount = random.nextInt(f + 1);
        double partition = random.nextDouble() * 0.3;
        double crash = random.nextDouble() * 0.2;
        this.partitionProbability = options.has(Fault.PARTITION) ? partition : 0;
        this.crashProbability = options.has(Fault.CRASH) ? crash : 0;
        this.crashedMax = 1 + random.nextInt(Math.max(1, f));
        boolean[] isByzantine = chooseByzantine(options.has(Fault.BYZANTINE) ? byzantineCount : 0);
        double diskError = random.nextDouble() * 0.002;
        double diskFull = random.nextDouble() * 0.1;
        this.diskFullProbability = options.has(Fault.DISK) ? diskFull : 0;
        this.emptyBlockDelayMillis = random.nextBoolean() ? 0 : random.nextLong(200);
        double diskErrorProbability = options.has(Fault.DISK) ? diskError : 0;
        int count = 0;
        for (int i = 0; i < validators; i++) {
            String id = "bank-" + i;
            nodes.add(newNode(i, id, isByzantine[i], diskErrorProbability));
            count += isByzantine[i] ? 1 : 0;
        }
        stats.byzantine = count;
        this.joinAtMillis = new long[validators + spares];
        for (String spare : fixture.spares) {
            int index = nodes.size();
            nodes.add(newNode(index, spare, false, diskErrorProbability));
            joinAtMillis[index] = random.nextBoolean() ? 0 : random.nextLong(faultMillisMax() / 2);
        }
        this.membership = membershipChanges ? new Membership(this, random) : null;
    }

    private SimNode newNode(int index, String id, boolean isByzantine, double diskErrorProbability) {
        SimDisk disk = new SimDisk(id, random, diskErrorProbability,
                () -> running && phase == Phase.FAULTS && !isByzantine && crashedCount() < crashedMax);
        return new SimNode(this, index, id, fixture.validatorKeys.get(id), isByzantine, fixture.genesis, disk);
    }

    /**
     * Up to {@code count} Byzantine validators, drawn at random, keeping their power below a
     * third of the total (with equal powers, any f of them).
     */
    private boolean[] chooseByzantine(int count) {
        long total = powers.stream().mapToLong(Long::longValue).sum();
        boolean[] chosen = new boolean[powers.size()];
        long power = 0;
        int picked = 0;
        for (int attempt = 0; picked < count && attempt < 16 * powers.size(); attempt++) {
            int index = random.nextInt(powers.size());
            if (!chosen[index] && 3 * (power + powers.get(index)) < total) {
                chosen[index] = true;
                power += powers.get(index);
                picked++;
            }
        }
        return chosen;
    }

    private SimLedger newLedger() {
        return new CoreLedger(fixture.genesis);
    }

    /** Runs to the end; throws {@link SimulationFailure} when an invariant breaks. Returns the trace hash. */
    String run() {
        running = true;
        for (SimNode node : nodes) {
            if (joinAtMillis[node.index] == 0) {
                step(node, node::start);
            } else {
                join(node, joinAtMillis[node.index]);
            }
        }
        schedule(0, this::submitTransaction);
        schedule(0, this::faultTick);
        if (stats.byzantine > 0 && (options.has(Fault.AMNESIA) || options.has(Fault.FLOOD))) {
            schedule(0, this::byzantineTick);
        }
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

    /** Counts what the disks did; called when a run ends, passed or failed. */
    void countDiskFaults() {
        for (SimNode node : nodes) {
            stats.diskErrors += node.disk.injectedErrors;
            stats.lostWrites += node.disk.lostWrites();
            stats.tornWrites += node.disk.tornWrites();
        }
    }

    // ------------------------------------------------------------------ phases and liveness

    private void advancePhase() {
        stats.queueMax = Math.max(stats.queueMax, queue.size());
        if (now > unfinishedMillis() || stats.steps > unfinishedSteps() || queue.size() > unfinishedQueue()) {
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
     * the faults last and then only its finder holds it, which proposes only on its turns (the
     * deadline counts in {@link #proposerTurnHeights}). With membership changes the deadline counts from the height where the Byzantine
     * validators stopped and is twice as long: a validator that fell behind while a Byzantine
     * proposer split the network can chase the head by block sync for a couple of dozen heights
     * (blocks come faster than its sync timeout, and a Byzantine or lagging follower peer
     * answers its sync badly), and it must be back in step before its turn comes.
     */
    private long evidenceDeadlineHeight() {
        return membership == null ? heights + 4L * proposerTurnHeights() : quietFromHeight + 8L * proposerTurnHeights();
    }

    /**
     * How many heights apart the turns of the honest validator that proposes least often come
     * (proposers take turns in proportion to power): the number of nodes with equal powers, the
     * total power over the smallest honest power with {@link Fault#POWER}.
     */
    private long proposerTurnHeights() {
        long total = 0;
        long smallest = Long.MAX_VALUE;
        for (int i = 0; i < powers.size(); i++) {
            total += powers.get(i);
            if (!nodes.get(i).byzantine) {
                smallest = Math.min(smallest, powers.get(i));
            }
        }
        return Math.max(nodes.size(), (total + smallest - 1) / smallest);
    }

    /** {@link #UNFINISHED_QUEUE} scaled by the validators over 4 (never below it): each holds its own messages in flight. */
    private long unfinishedQueue() {
        return (long) UNFINISHED_QUEUE * Math.max(4, nodes.size()) / 4;
    }

    /** {@link #UNFINISHED_STEPS} scaled by the square of the validators over 4 (never below it). */
    private long unfinishedSteps() {
        long validators = Math.max(4, nodes.size());
        return UNFINISHED_STEPS * validators * validators / 16;
    }

    /**
     * The latest virtual time a passing run can reach: faults at their longest, then every
     * height to the target and to the evidence deadline at the slowest the liveness check allows.
     */
    private long unfinishedMillis() {
        return faultMillisMax() + (heights + 16L * proposerTurnHeights()) * PROGRESS_MILLIS_MAX;
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
            node.disk.heal();
            if (node.crashed) {
                restart(node);
            }
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
            int how = random.nextInt(3);
            if (!victim.byzantine && !victim.crashed && !victim.crashArmed()) {
                if (how == 0) {
                    victim.disk.armCrash(SimDisk.CrashPoint.AFTER_SYNC); // dies between a sync and what follows it
                } else if (how == 1) {
                    victim.disk.armCrash(SimDisk.CrashPoint.BEFORE_SYNC); // dies with its last writes unsynced
                } else {
                    crash(victim);
                }
            }
        }
        if (random.nextDouble() < diskFullProbability) {
            SimNode victim = nodes.get(random.nextInt(nodes.size()));
            long millis = 300 + random.nextLong(2_700);
            victim.disk.full(true);
            stats.disksFull++;
            trace("disk full " + victim.id);
            schedule(millis, () -> victim.disk.full(false));
        }
        schedule(100 + random.nextLong(900), this::faultTick);
    }

    /**
     * What Byzantine validators do besides their messages, while they misbehave: forget their
     * lock (a restart with the lock wiped), and replay old messages in a burst.
     */
    private void byzantineTick() {
        if (!byzantineActive) {
            return;
        }
        for (SimNode node : nodes) {
            if (!node.byzantine || node.crashed) {
                continue;
            }
            if (options.has(Fault.AMNESIA) && node.consensus.lockedRound() >= 0 && random.nextDouble() < byzantine.amnesia) {
                stats.amnesia++;
                trace("amnesia " + node.id + " at " + node.consensus.height() + "/" + node.consensus.round() + " locked "
                        + node.consensus.lockedRound());
                node.crash();
                node.forgetLock = true;
                step(node, node::start);
            }
            if (options.has(Fault.FLOOD) && random.nextDouble() < byzantine.flood) {
                byzantine.flood(node);
            }
        }
        schedule(200 + random.nextLong(800), this::byzantineTick);
    }

    /** This node's clock error ({@link Fault#SKEW}), fixed for the run. */
    long clockSkew(int index) {
        return clockSkew[index];
    }

    /** A spare that comes up late: down (like a crashed node) until then, and started at the heal at the latest. */
    private void join(SimNode spare, long atMillis) {
        spare.crashed = true;
        schedule(atMillis, () -> {
            if (spare.crashed && spare.incarnation == 0) {
                trace("join " + spare.id);
                step(spare, spare::start);
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
            if ((node.crashed && node.incarnation > 0) || node.crashArmed()) {
                count++;
            }
        }
        return count;
    }

    void crash(SimNode node) {
        if (node.crashed) {
            return;
        }
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
        trace("restart " + node.id + " at " + node.ledger.height() + " " + node.describeSignState());
        step(node, node::start);
    }

    private void submitTransaction() {
        submitToRandomNodes(workload.next(maxHonestHeight() + 1, fixture.genesis.genesisTimeMillis() + now));
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

    /** Runs a task of this incarnation of {@code node}'s shell after {@code delayMillis}; a crash cancels it. */
    void scheduleTask(SimNode node, int incarnation, long delayMillis, Runnable task) {
        schedule(delayMillis, () -> {
            if (!node.crashed && node.incarnation == incarnation) {
                trace(node.index + " timer");
                step(node, task);
            }
        });
    }

    /** One step of a node; a crash its disk strikes in the middle ends the step there, as a dying process would. */
    private void step(SimNode node, Runnable action) {
        try {
            action.run();
        } catch (SimulatedCrash crash) {
            crash(node);
        }
        afterStep(node);
    }

    void send(int from, int to, byte[] bytes) {
        for (long delay : network.deliveries(from, to)) {
            schedule(delay, () -> {
                SimNode node = nodes.get(to);
                if (!node.crashed) {
                    stats.delivered++;
                    trace(from + " -> " + to + " " + java.util.Arrays.hashCode(bytes));
                    step(node, () -> node.receive(from, bytes));
                }
            });
        }
    }

    void sendToAll(int from, byte[] bytes) {
        for (int to = 0; to < nodes.size(); to++) {
            if (to != from) {
                send(from, to, bytes);
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
        String timed = now + " " + line;
        trace.update((timed + "\n").getBytes(StandardCharsets.UTF_8));
        if (lastSteps.size() == LAST_STEPS) {
            lastSteps.removeFirst();
        }
        lastSteps.addLast(timed);
        if (log != null) {
            log.add(timed);
        }
    }

    /** The last {@link #LAST_STEPS} trace lines, oldest first. */
    List<String> lastSteps() {
        return new ArrayList<>(lastSteps);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
