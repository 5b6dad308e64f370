package io.khata.net.sim;

import io.khata.core.Rejection;
import io.khata.core.block.Block;
import io.khata.core.block.Commit;
import io.khata.core.block.CommitSig;
import io.khata.core.block.ValidatorSet;
import io.khata.core.block.Vote;
import io.khata.core.crypto.Hash;
import io.khata.core.tx.Transaction;
import io.khata.core.validate.CommitVerifier;
import io.khata.net.consensus.Message;
import io.khata.net.consensus.Proposal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;

/**
 * The safety properties, checked as the run goes: every commit is checked when it happens,
 * every signed message of an honest node when it is sent, and conservation after every step
 * of the node that took it.
 *
 * <p>With membership changes: a commit is checked against the validator set in force at its
 * height on the committing node's ledger, and no one outside that set (a removed member, or a
 * spare not yet active) may have signed it; every honest node records each change for the
 * same activation height; an honest node signs only at heights whose set includes it; and a
 * change that must be refused is never committed.
 */
final class Invariants {
    private static final Hash NIL = Hash.ZERO;

    private final SimFixture fixture;
    private final Map<Long, Hash> decided = new HashMap<>();
    private final Map<String, Hash> honestSignatures = new HashMap<>();
    private final Map<String, Set<Hash>> committedTxsByNode = new HashMap<>();
    private final Map<String, Long> genesisSupply;
    /** Commits already found valid: agreement makes every honest node's answer the same. */
    private final Set<Hash> validCommits = new HashSet<>();
    /** Every validator set any honest node recorded, by activation height: all nodes must record the same. */
    private final Map<Long, ValidatorSet> validatorSets = new HashMap<>();
    private final Map<Long, String> validatorSetFirstRecordedBy = new HashMap<>();
    private final Set<Hash> mustBeRefused = new HashSet<>();
    long commits;

    /** How far an honest clock may run ahead of the virtual time ({@link Fault#SKEW}). */
    private final long clockSkewMaxMillis;

    Invariants(SimFixture fixture, SimLedger anyFreshLedger, long clockSkewMaxMillis) {
        this.fixture = fixture;
        this.clockSkewMaxMillis = clockSkewMaxMillis;
        this.genesisSupply = Map.copyOf(anyFreshLedger.supply());
    }

    /**
     * After a node committed a block, by consensus or by sync: agreement, a commit of more than
     * 2/3 of the power of the set in force and signed by no one outside it, no transaction twice.
     * (The block's validity is the ledger's own check: it refuses to commit an invalid block,
     * and the shell then halts the node, which fails the run.)
     */
    void committed(String node, SimLedger ledger, Block block, Commit commit, long now) {
        Hash earlier = decided.putIfAbsent(block.height(), block.hash());
        if (earlier != null && !earlier.equals(block.hash())) {
            fail(now, node, "agreement: height " + block.height() + " decided as " + earlier + " elsewhere, "
                    + block.hash() + " here");
        }
        if (!validCommits.contains(commit.hash())) {
            ValidatorSet inForce = ledger.validatorsAt(block.height());
            for (CommitSig sig : commit.signatures()) {
                if (!inForce.contains(sig.validator())) {
                    fail(now, node, "validity: the commit of height " + block.height() + " carries a signature of "
                            + sig.validator() + ", not a validator at that height (set " + inForce + ")");
                }
            }
            Optional<Rejection> badCommit = CommitVerifier.verify(commit, SimFixture.CHAIN_ID, block.height(), block.hash(),
                    inForce);
            if (badCommit.isPresent()) {
                fail(now, node, "validity: commit certificate of height " + block.height() + ": " + badCommit.get().message());
            }
            validCommits.add(commit.hash());
        }
        checkTime(node, ledger, block, now);
        Set<Hash> seen = committedTxsByNode.computeIfAbsent(node, n -> new HashSet<>());
        for (Transaction tx : block.transactions()) {
            if (mustBeRefused.contains(tx.hash())) {
                fail(now, node, "membership: a change that must be refused was committed at height " + block.height()
                        + ": " + tx.hash());
            }
            if (!seen.add(tx.hash())) {
                fail(now, node, "transaction " + tx.hash() + " committed twice (again at height " + block.height() + ")");
            }
        }
        commits++;
    }

    /**
     * BFT time: a committed block is later than the one before it, and no later than the latest
     * honest clock reading plus its height (with {@link Fault#SKEW}, an honest clock runs up to
     * {@link Simulation#CLOCK_SKEW_MAX_MILLIS} ahead). Honest clocks read the genesis time plus the virtual
     * time, the median of a commit lies between its honest times, and each block adds at most
     * one millisecond beyond it; a Byzantine validator's stamps of 0 or {@code Long.MAX_VALUE}
     * must not show.
     */
    private void checkTime(String node, SimLedger ledger, Block block, long now) {
        long time = block.header().timeMillis();
        long previous = block.height() == 1 ? fixture.genesis.genesisTimeMillis()
                : ledger.block(block.height() - 1).orElseThrow().header().timeMillis();
        long latest = fixture.genesis.genesisTimeMillis() + now + clockSkewMaxMillis + block.height();
        if (time <= previous || time > latest) {
            fail(now, node, "time: block " + block.height() + " has time " + time + ", outside (" + previous + ", "
                    + latest + "]");
        }
    }

    /** After any step of a node: every asset's supply is what genesis issued and what the balances add up to. */
    void conservation(String node, SimLedger ledger, long now) {
        Map<String, Long> sums = ledger.balanceSums();
        if (!sums.equals(ledger.supply()) || !sums.equals(genesisSupply)) {
            fail(now, node, "conservation: balances sum to " + sums + ", supply " + ledger.supply()
                    + ", genesis issued " + genesisSupply);
        }
    }

    /**
     * After a node commits: its history of validator sets agrees with every other honest
     * node's, each change at the same activation height, and it lacks none that another node
     * recorded for a height it can already know (a change committed at h takes effect at h + 2).
     */
    void afterCommit(String node, SimLedger ledger, long now) {
        NavigableMap<Long, ValidatorSet> history = ledger.validatorHistory();
        for (Map.Entry<Long, ValidatorSet> entry : history.entrySet()) {
            ValidatorSet first = validatorSets.putIfAbsent(entry.getKey(), entry.getValue());
            if (first == null) {
                validatorSetFirstRecordedBy.put(entry.getKey(), node);
            } else if (!first.equals(entry.getValue())) {
                fail(now, node, "membership: the set in force from height " + entry.getKey() + " is " + entry.getValue()
                        + " here, " + first + " on " + validatorSetFirstRecordedBy.get(entry.getKey()));
            }
        }
        for (Long activation : validatorSets.keySet()) {
            if (activation <= ledger.height() + 2 && !history.containsKey(activation)) {
                fail(now, node, "membership: " + validatorSetFirstRecordedBy.get(activation) + " has a change in force from "
                        + activation + " (" + validatorSets.get(activation) + "), this node at height " + ledger.height()
                        + " has none: " + history);
            }
        }
    }

    /** A change the ledger must refuse on every node (wrong signer, too much power removed, a reused key). */
    void mustBeRefused(Hash txHash) {
        mustBeRefused.add(txHash);
    }

    boolean isMustBeRefused(Hash txHash) {
        return mustBeRefused.contains(txHash);
    }

    /** An honest node signs a proposal or vote only for a height whose validator set includes it. */
    void signedAsValidator(String node, SimLedger ledger, Message message, long now) {
        if (!message.sender().equals(node) || message.height() > ledger.height() + 2) {
            return; // forwarded; or past what the ledger knows, where the state machine never runs
        }
        if (!ledger.validatorsAt(message.height()).contains(node)) {
            fail(now, node, "membership: signed a " + message.getClass().getSimpleName() + " for height " + message.height()
                    + ", where it is not a validator");
        }
    }

    /** Every message an honest node signs: never two different ones for the same height, round and step. */
    void signedByHonest(String node, Message message, long now) {
        if (!message.sender().equals(node) || message instanceof Message.OfEvidence) {
            return; // a forwarded vote of another validator (proof of lock), or forwarded evidence
        }
        String key;
        Hash value;
        if (message instanceof Message.OfVote ofVote) {
            Vote vote = ofVote.vote();
            key = vote.validator() + "/" + vote.height() + "/" + vote.round() + "/" + vote.type();
            value = vote.blockHash() == null ? NIL : vote.blockHash();
        } else {
            Proposal proposal = ((Message.OfProposal) message).proposal();
            key = proposal.proposer() + "/" + proposal.height() + "/" + proposal.round() + "/PROPOSAL/" + proposal.validRound();
            value = proposal.blockHash();
            String anyValidRound = proposal.proposer() + "/" + proposal.height() + "/" + proposal.round() + "/PROPOSAL";
            Hash first = honestSignatures.putIfAbsent(anyValidRound, value);
            if (first != null && !first.equals(value)) {
                fail(now, node, "honest node signed two proposals for " + anyValidRound);
            }
        }
        Hash first = honestSignatures.putIfAbsent(key, value);
        if (first != null && !first.equals(value)) {
            fail(now, node, "honest node signed conflicting messages for " + key + ": " + first + " and " + value);
        }
    }

    Map<Long, Hash> decided() {
        return decided;
    }

    static void fail(long now, String node, String what) {
        throw new SimulationFailure("t=" + now + "ms " + node + ": " + what);
    }
}
