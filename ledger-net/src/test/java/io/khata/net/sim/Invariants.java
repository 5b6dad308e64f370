package io.khata.net.sim;

import io.khata.core.Rejection;
import io.khata.core.block.Block;
import io.khata.core.block.Commit;
import io.khata.core.block.Vote;
import io.khata.core.crypto.Hash;
import io.khata.core.tx.Transaction;
import io.khata.core.validate.CommitVerifier;
import io.khata.net.consensus.Message;
import io.khata.net.consensus.Proposal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The safety properties, checked as the run goes: every commit is checked when it happens,
 * every signed message of an honest node when it is sent, and conservation after every step
 * of the node that took it.
 */
final class Invariants {
    private static final Hash NIL = Hash.ZERO;

    private final SimFixture fixture;
    private final Map<Long, Hash> decided = new HashMap<>();
    private final Map<String, Hash> honestSignatures = new HashMap<>();
    private final Map<String, Set<Hash>> committedTxsByNode = new HashMap<>();
    private final Map<String, Long> genesisSupply;
    /** Blocks and commits already found valid: agreement makes every honest node's answer the same. */
    private final Set<Hash> validBlocks = new HashSet<>();
    private final Set<Hash> validCommits = new HashSet<>();
    long commits;

    Invariants(SimFixture fixture, SimLedger anyFreshLedger) {
        this.fixture = fixture;
        this.genesisSupply = Map.copyOf(anyFreshLedger.supply());
    }

    /** Before a node commits: agreement, validity (ledger validation and a >2/3 commit), no transaction twice. */
    void beforeCommit(String node, SimLedger ledger, Block block, Commit commit, long now) {
        Hash earlier = decided.putIfAbsent(block.height(), block.hash());
        if (earlier != null && !earlier.equals(block.hash())) {
            fail(now, node, "agreement: height " + block.height() + " decided as " + earlier + " elsewhere, "
                    + block.hash() + " here");
        }
        if (!validCommits.contains(commit.hash())) {
            Optional<Rejection> badCommit = CommitVerifier.verify(commit, SimFixture.CHAIN_ID, block.height(), block.hash(),
                    fixture.validators);
            if (badCommit.isPresent()) {
                fail(now, node, "validity: commit certificate of height " + block.height() + ": " + badCommit.get().message());
            }
            validCommits.add(commit.hash());
        }
        if (!validBlocks.contains(block.hash())) {
            Optional<String> invalid = ledger.validate(block);
            if (invalid.isPresent()) {
                fail(now, node, "validity: block " + block.height() + " fails ledger validation: " + invalid.get());
            }
            validBlocks.add(block.hash());
        }
        Set<Hash> seen = committedTxsByNode.computeIfAbsent(node, n -> new HashSet<>());
        for (Transaction tx : block.transactions()) {
            if (!seen.add(tx.hash())) {
                fail(now, node, "transaction " + tx.hash() + " committed twice (again at height " + block.height() + ")");
            }
        }
        commits++;
    }

    /** After any step of a node: every asset's supply is what genesis issued and what the balances add up to. */
    void conservation(String node, SimLedger ledger, long now) {
        Map<String, Long> sums = ledger.balanceSums();
        if (!sums.equals(ledger.supply()) || !sums.equals(genesisSupply)) {
            fail(now, node, "conservation: balances sum to " + sums + ", supply " + ledger.supply()
                    + ", genesis issued " + genesisSupply);
        }
    }

    /** Every message an honest node signs: never two different ones for the same height, round and step. */
    void signedByHonest(String node, Message message, long now) {
        if (!message.sender().equals(node)) {
            return; // a forwarded vote of another validator (proof of lock)
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
