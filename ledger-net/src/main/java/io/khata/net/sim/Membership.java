package io.khata.net.sim;

import io.khata.core.block.Block;
import io.khata.core.block.Validator;
import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.KeyPair;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.core.validate.BlockBuilder;
import io.khata.net.consensus.Proposers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The authority's membership changes, drawn from the run's generator: a spare bank added,
 * a validator removed (preferably the proposer of the next height, handed its own removal to
 * put in its block), a validator's power changed; and now and then a change that must be
 * refused (signed by a bank instead of the authority, removing the whole set, reusing a
 * validator's key, power zero).
 *
 * <p>One valid change is in flight at a time, chosen against the set that will be in force
 * once every committed change has taken effect, so the simulator knows the set it is changing.
 * Every valid change leaves a set the run's faults cannot stall, which the ledger's rule (at
 * most a third of the power removed per transaction) alone does not ensure, since only the
 * simulator knows who is Byzantine and how many nodes may crash:
 * <ul>
 *   <li>the Byzantine validators hold less than a third of the power (safety, and liveness
 *       after the heal);</li>
 *   <li>the {@code crashedMax} most powerful honest validators together hold less than a
 *       third. A restarted validator re-sends only the votes of its last signed round (the
 *       prevote and the precommit), and the simulated nodes forward no one else's votes, so a
 *       peer that missed an earlier message of a crashed validator may never see it again.
 *       Tried without this rule (keeping only "no validator is a quorum alone"): 2 of the 100
 *       default seeds (9 and 92, n=4) stalled after the heal with the honest validators in
 *       different steps of one round.</li>
 * </ul>
 */
final class Membership {
    /** Transfers count their nonces from 0; membership transactions from here, so no two bodies coincide. */
    private static final long NONCE_BASE = 1L << 40;
    /** How long past the leader's head time a change stays valid: about ten heights of the simulated chain. */
    private static final long VALID_MILLIS = 5_000;
    private static final int POWER_MAX = 3;

    private enum Kind { ADD, REMOVE, SET_POWER }

    private final Simulation sim;
    private final SimFixture fixture;
    private final SplittableRandom random;
    private final KeyPair authority;
    final double changeProbability;
    final double invalidProbability;
    /** Spares whose addition committed: ids are never reused, so each is added at most once. */
    private final Set<String> added = new HashSet<>();
    /** Valid changes submitted, by transaction hash: what each one does. */
    private final Map<Hash, Operation> submitted = new HashMap<>();
    private final Set<Hash> seenCommitted = new HashSet<>();
    private final Set<Hash> seenRefused = new HashSet<>();
    private Transaction inFlight;
    private long inFlightValidUntil;
    private long nonce = NONCE_BASE;

    Membership(Simulation sim, SplittableRandom random) {
        this.sim = sim;
        this.fixture = sim.fixture;
        this.random = random;
        this.authority = fixture.accountKeys.get("issuer@authority");
        this.changeProbability = 0.3 + random.nextDouble() * 0.5;
        this.invalidProbability = random.nextDouble() * 0.15;
    }

    // ------------------------------------------------------------------ drawing changes

    /** One draw of the workload: maybe an invalid change, maybe the next valid one. */
    void tick() {
        SimNode leader = sim.mostAdvancedHonest();
        resolveInFlight(leader);
        if (random.nextDouble() < invalidProbability) {
            submitInvalid(leader);
        }
        if (inFlight == null && random.nextDouble() < changeProbability) {
            submitChange(leader, pickKind(leader));
        }
    }

    /** A partition just started: add a spare now if one is left, so that it joins while the network is split. */
    void partitionStarted() {
        SimNode leader = sim.mostAdvancedHonest();
        resolveInFlight(leader);
        if (inFlight == null && !addableSpares().isEmpty()) {
            submitChange(leader, Kind.ADD);
        }
    }

    private void resolveInFlight(SimNode leader) {
        if (inFlight == null) {
            return;
        }
        if (leader.ledger.isCommitted(inFlight.hash())) {
            Operation op = submitted.get(inFlight.hash());
            if (op instanceof Operation.AddMember add) {
                added.add(add.memberId());
            }
            inFlight = null;
        } else if (io.khata.core.state.Expiry.closedAfter(inFlightValidUntil, headTimeMillis(leader))) {
            sim.stats.membershipExpired++;
            inFlight = null;
        }
    }

    private Kind pickKind(SimNode leader) {
        List<Kind> possible = new ArrayList<>();
        if (!addableSpares().isEmpty()) {
            possible.add(Kind.ADD);
        }
        if (!removable(projected(leader)).isEmpty()) {
            possible.add(Kind.REMOVE);
        }
        possible.add(Kind.SET_POWER);
        return possible.get(random.nextInt(possible.size()));
    }

    private void submitChange(SimNode leader, Kind kind) {
        ValidatorSet set = projected(leader);
        long height = leader.ledger.height();
        Operation op;
        String target = null;
        if (kind == Kind.ADD) {
            List<String> spares = addableSpares();
            String spare = spares.get(random.nextInt(spares.size()));
            long power = 1 + random.nextInt(2);
            if (!allowed(set, spare, power)) {
                return;
            }
            op = new Operation.AddMember(spare, fixture.validatorKeys.get(spare).publicKey(), power,
                    "127.0.0.1:" + (27600 + fixture.spares.indexOf(spare)));
        } else if (kind == Kind.REMOVE) {
            target = removalTarget(leader, set, height);
            op = new Operation.RemoveMember(target);
        } else {
            Validator validator = set.validators().get(random.nextInt(set.size()));
            long power = 1 + random.nextInt(POWER_MAX);
            if (power == validator.power() || !allowed(set, validator.id(), power)) {
                return;
            }
            op = new Operation.SetPower(validator.id(), power);
        }
        Transaction tx = sign(List.of(op), authority, validUntil(leader));
        sim.trace("membership change " + op + " at height " + height + ": " + tx.hash());
        submitted.put(tx.hash(), op);
        inFlight = tx;
        inFlightValidUntil = tx.body().validUntilMillis();
        if (target != null) {
            sim.nodeById(target).submit(tx); // the proposer gets its own removal to put in its block
        }
        for (SimNode node : sim.nodes) {
            node.submit(tx); // the authority's change reaches every mempool that is up, as gossip would carry it
        }
    }

    /** The proposer of the next height if it may go (three times in four), otherwise any validator that may. */
    private String removalTarget(SimNode leader, ValidatorSet set, long height) {
        List<String> candidates = removable(set);
        String proposer = Proposers.proposer(leader.ledger.validatorsAt(height + 1), height + 1, 0);
        if (candidates.contains(proposer) && random.nextInt(4) != 0) {
            return proposer;
        }
        return candidates.get(random.nextInt(candidates.size()));
    }

    /** Validators whose removal the ledger allows and that leave a set the run can live with. */
    private List<String> removable(ValidatorSet set) {
        List<String> ids = new ArrayList<>();
        for (Validator validator : set.validators()) {
            if (set.size() >= 2 && allowed(set, validator.id(), 0)) {
                ids.add(validator.id());
            }
        }
        return ids;
    }

    /**
     * Whether giving {@code id} (a member, or a spare joining) {@code power} (0: removing it) is
     * within the ledger's rule and leaves a set that the faults of this run cannot stall; see
     * the class comment.
     */
    private boolean allowed(ValidatorSet set, String id, long power) {
        long before = set.contains(id) ? set.get(id).power() : 0;
        if (3 * Math.abs(before - power) > set.totalPower()) { // the ledger bounds raises and additions too
            return false;
        }
        Map<String, Long> powers = new HashMap<>();
        for (Validator member : set.validators()) {
            powers.put(member.id(), member.power());
        }
        powers.put(id, power);
        long total = 0;
        long byzantine = 0;
        List<Long> honest = new ArrayList<>();
        for (Map.Entry<String, Long> member : powers.entrySet()) {
            total += member.getValue();
            if (sim.isByzantine(member.getKey())) {
                byzantine += member.getValue();
            } else {
                honest.add(member.getValue());
            }
        }
        honest.sort(Comparator.reverseOrder());
        long crashable = 0;
        for (int i = 0; i < Math.min(sim.crashedMax, honest.size()); i++) {
            crashable += honest.get(i);
        }
        return 3 * byzantine < total && 3 * crashable < total;
    }

    private List<String> addableSpares() {
        List<String> spares = new ArrayList<>();
        for (String spare : fixture.spares) {
            if (!added.contains(spare)) {
                spares.add(spare);
            }
        }
        return spares;
    }

    /** The set in force once every change the most advanced honest node has committed takes effect. */
    private static ValidatorSet projected(SimNode leader) {
        return leader.ledger.validatorHistory().lastEntry().getValue();
    }

    // ------------------------------------------------------------------ changes that must be refused

    private void submitInvalid(SimNode leader) {
        ValidatorSet set = projected(leader);
        long height = leader.ledger.height();
        Transaction tx;
        switch (random.nextInt(4)) {
            case 0: { // the right operation, the wrong signer: a bank's account key instead of the authority
                String spare = fixture.spares.get(random.nextInt(fixture.spares.size()));
                List<String> accounts = fixture.bankAccounts();
                KeyPair bank = fixture.accountKeys.get(accounts.get(random.nextInt(accounts.size())));
                tx = sign(List.of(new Operation.AddMember(spare, fixture.validatorKeys.get(spare).publicKey(), 1, "")),
                        bank, validUntil(leader));
                break;
            }
            case 1: { // the whole set in one transaction, then every other id ever known: always too much or unknown
                List<Operation> removals = new ArrayList<>();
                Set<String> named = new HashSet<>();
                for (Validator validator : set.validators()) {
                    removals.add(new Operation.RemoveMember(validator.id()));
                    named.add(validator.id());
                }
                for (String id : fixture.validatorKeys.keySet()) {
                    if (named.add(id)) {
                        removals.add(new Operation.RemoveMember(id));
                    }
                }
                tx = sign(removals, authority, validUntil(leader));
                break;
            }
            case 2: { // a new id with a key a genesis validator already holds; keys are never reused
                String holder = fixture.validators.validators().get(random.nextInt(fixture.validators.size())).id();
                tx = sign(List.of(new Operation.AddMember("rogue-" + nonce, fixture.validatorKeys.get(holder).publicKey(),
                        1, "")), authority, validUntil(leader));
                break;
            }
            default: { // power zero is not a power change; removal is its own operation
                Validator validator = set.validators().get(random.nextInt(set.size()));
                tx = sign(List.of(new Operation.SetPower(validator.id(), 0)), authority, validUntil(leader));
                break;
            }
        }
        sim.trace("invalid membership change at height " + height + ": " + tx.hash());
        sim.invariants.mustBeRefused(tx.hash());
        sim.stats.invalidChangesSubmitted++;
        sim.submitToRandomNodes(tx);
    }

    private long validUntil(SimNode leader) {
        return headTimeMillis(leader) + VALID_MILLIS;
    }

    private long headTimeMillis(SimNode leader) {
        long height = leader.ledger.height();
        return height == 0 ? fixture.genesis.genesisTimeMillis()
                : leader.ledger.block(height).orElseThrow().header().timeMillis();
    }

    private Transaction sign(List<Operation> operations, KeyPair signer, long validUntil) {
        TxBody body = new TxBody(SimFixture.CHAIN_ID, operations, validUntil, nonce++, "");
        return TxCodec.sign(body, List.of(signer));
    }

    // ------------------------------------------------------------------ what happened to them

    /** An honest node committed {@code block}: counts each valid change once, with the scenario it happened in. */
    void committed(Block block) {
        for (Transaction tx : block.transactions()) {
            Operation op = submitted.get(tx.hash());
            if (op == null || !seenCommitted.add(tx.hash())) {
                continue;
            }
            sim.stats.membershipChanges++;
            if (op instanceof Operation.AddMember) {
                sim.stats.membersAdded++;
                if (sim.partitioned()) {
                    sim.stats.joinedDuringPartition++;
                }
            } else if (op instanceof Operation.RemoveMember remove) {
                sim.stats.membersRemoved++;
                if (block.header().proposer().equals(remove.memberId())) {
                    sim.stats.removedWhileProposer++;
                }
            }
        }
    }

    /** A node's builder left these out: counts each change that must be refused once, by the reason given. */
    void refused(List<BlockBuilder.Skipped> skipped) {
        for (BlockBuilder.Skipped each : skipped) {
            if (sim.invariants.isMustBeRefused(each.transaction().hash()) && seenRefused.add(each.transaction().hash())) {
                sim.stats.invalidChangesRefused++;
                sim.stats.refusalReasons.merge(each.reason().getClass().getSimpleName(), 1L, Long::sum);
            }
        }
    }
}
