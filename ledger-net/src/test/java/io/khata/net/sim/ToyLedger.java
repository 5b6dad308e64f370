package io.khata.net.sim;

import io.khata.core.block.Block;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.BlockHeader;
import io.khata.core.block.Commit;
import io.khata.core.block.Evidence;
import io.khata.core.block.ValidatorSet;
import io.khata.core.block.Vote;
import io.khata.core.codec.CanonicalWriter;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.PublicKey;
import io.khata.core.crypto.Sha256;
import io.khata.core.genesis.AccountSpec;
import io.khata.core.genesis.Genesis;
import io.khata.core.merkle.MerkleTree;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.validate.CommitVerifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A small stand-in ledger for the simulator: single-transfer transactions between genesis
 * accounts, a map of balances, header linkage, the previous block's commit checked with
 * ledger-core's {@link CommitVerifier}, evidence checked vote by vote, and a state root that
 * makes any divergence visible at the next block. Used until ledger-core's {@code Ledger}
 * facade is available to this module.
 */
final class ToyLedger implements SimLedger {
    private final String chainId;
    private final ValidatorSet validators;
    private final Map<String, PublicKey> accountKeys = new TreeMap<>();
    private final TreeMap<String, Long> balances = new TreeMap<>();
    private final Map<String, Long> supply = new TreeMap<>();
    private final List<Block> blocks = new ArrayList<>();
    private final List<Commit> commits = new ArrayList<>();
    private final Set<Hash> committedTxs = new HashSet<>();
    /** Transactions whose signatures this node already checked: a node verifies each one once. */
    private final Set<Hash> verified = new HashSet<>();
    private Hash stateRoot = Hash.ZERO;

    ToyLedger(Genesis genesis, ValidatorSet validators) {
        this.chainId = genesis.chainId();
        this.validators = validators;
        for (AccountSpec account : genesis.accounts()) {
            accountKeys.put(account.id(), account.keys().get(0));
            for (Map.Entry<String, Long> balance : account.balances().entrySet()) {
                balances.put(account.id() + "/" + balance.getKey(), balance.getValue());
                supply.merge(balance.getKey(), balance.getValue(), Long::sum);
            }
        }
    }

    @Override
    public long height() {
        return blocks.size();
    }

    private Hash headHash() {
        return blocks.isEmpty() ? Hash.ZERO : blocks.get(blocks.size() - 1).hash();
    }

    @Override
    public Block build(long height, long timeMillis, String proposer, List<Transaction> candidates, List<Evidence> evidence) {
        TreeMap<String, Long> view = new TreeMap<>(balances);
        Set<Hash> inBlock = new HashSet<>();
        List<Transaction> included = new ArrayList<>();
        for (Transaction tx : candidates) {
            if (apply(tx, view, inBlock, height) == null) {
                included.add(tx);
            }
        }
        Commit lastCommit = height == 1 ? null : commits.get((int) height - 2);
        BlockHeader header = new BlockHeader(chainId, height, headHash(), timeMillis, proposer,
                MerkleTree.rootOfHashes(hashes(included)), nextRoot(view),
                lastCommit == null ? Commit.NONE_HASH : lastCommit.hash(), validators.hash(), Evidence.hashOf(evidence),
                validators.hash());
        return BlockCodec.assemble(header, included, lastCommit, evidence);
    }

    @Override
    public Optional<String> validate(Block block) {
        BlockHeader header = block.header();
        long height = height() + 1;
        if (header.height() != height || !header.chainId().equals(chainId) || !header.prevBlockHash().equals(headHash())
                || !validators.contains(header.proposer()) || !header.validatorsHash().equals(validators.hash())) {
            return Optional.of("header does not follow block " + height());
        }
        String commitProblem = checkLastCommit(block, height);
        if (commitProblem != null) {
            return Optional.of(commitProblem);
        }
        if (!header.txRoot().equals(MerkleTree.rootOfHashes(block.transactionHashes()))) {
            return Optional.of("tx root");
        }
        if (!header.evidenceHash().equals(Evidence.hashOf(block.evidence()))) {
            return Optional.of("evidence hash");
        }
        for (Evidence evidence : block.evidence()) {
            if (!validEvidence(evidence)) {
                return Optional.of("invalid evidence " + evidence);
            }
        }
        TreeMap<String, Long> view = new TreeMap<>(balances);
        Set<Hash> inBlock = new HashSet<>();
        for (Transaction tx : block.transactions()) {
            String problem = apply(tx, view, inBlock, height);
            if (problem != null) {
                return Optional.of("tx " + tx.hash() + ": " + problem);
            }
        }
        return header.stateRoot().equals(nextRoot(view)) ? Optional.empty() : Optional.of("state root");
    }

    private String checkLastCommit(Block block, long height) {
        if (height == 1) {
            return block.lastCommit() == null && block.header().lastCommitHash().equals(Commit.NONE_HASH)
                    ? null : "first block carries a last commit";
        }
        Commit last = block.lastCommit();
        if (last == null || !block.header().lastCommitHash().equals(last.hash())) {
            return "last commit missing or not the one the header names";
        }
        return CommitVerifier.verify(last, chainId, height - 1, headHash(), validators)
                .map(rejection -> "last commit: " + rejection.message()).orElse(null);
    }

    private boolean validEvidence(Evidence evidence) {
        Vote first = evidence.first();
        Vote second = evidence.second();
        PublicKey key = validators.keyOf(first.validator());
        return key != null && first.conflictsWith(second) && first.verify(chainId, key) && second.verify(chainId, key);
    }

    /** Null if {@code tx} applies to {@code view} (which it then changes), otherwise why not. */
    private String apply(Transaction tx, TreeMap<String, Long> view, Set<Hash> inBlock, long height) {
        if (committedTxs.contains(tx.hash()) || inBlock.contains(tx.hash())) {
            return "replayed";
        }
        if (tx.body().validUntil() < height) {
            return "expired";
        }
        if (tx.body().operations().size() != 1 || !(tx.body().operations().get(0) instanceof Operation.Transfer transfer)) {
            return "only single transfers";
        }
        PublicKey owner = accountKeys.get(transfer.from());
        if (owner == null || !accountKeys.containsKey(transfer.to()) || transfer.amount() <= 0) {
            return "unknown account or bad amount";
        }
        if (tx.signatures().size() != 1 || !tx.signatures().get(0).publicKey().equals(owner)) {
            return "not signed by " + transfer.from();
        }
        if (!verified.contains(tx.hash())) {
            if (tx.checkSignatures(chainId).isPresent()) {
                return "bad signature";
            }
            verified.add(tx.hash());
        }
        String fromKey = transfer.from() + "/" + transfer.asset();
        long balance = view.getOrDefault(fromKey, 0L);
        if (balance < transfer.amount()) {
            return "insufficient funds";
        }
        view.put(fromKey, balance - transfer.amount());
        view.merge(transfer.to() + "/" + transfer.asset(), transfer.amount(), Math::addExact);
        inBlock.add(tx.hash());
        return null;
    }

    private Hash nextRoot(TreeMap<String, Long> view) {
        CanonicalWriter changes = new CanonicalWriter();
        for (Map.Entry<String, Long> entry : view.entrySet()) {
            if (!entry.getValue().equals(balances.get(entry.getKey()))) {
                changes.writeString(entry.getKey()).writeLong(entry.getValue());
            }
        }
        return Sha256.hash(stateRoot, Sha256.hash(changes.toByteArray()));
    }

    @Override
    public void commit(Block block, Commit commit) {
        if (block.height() != height() + 1) {
            throw new IllegalStateException("commit of block " + block.height() + " at height " + height());
        }
        TreeMap<String, Long> view = new TreeMap<>(balances);
        Set<Hash> inBlock = new HashSet<>();
        for (Transaction tx : block.transactions()) {
            if (apply(tx, view, inBlock, block.height()) != null) {
                throw new IllegalStateException("commit of an invalid block " + block);
            }
        }
        stateRoot = nextRoot(view);
        balances.clear();
        balances.putAll(view);
        committedTxs.addAll(inBlock);
        blocks.add(block);
        commits.add(commit);
    }

    @Override
    public Optional<Block> block(long height) {
        return height >= 1 && height <= blocks.size() ? Optional.of(blocks.get((int) height - 1)) : Optional.empty();
    }

    @Override
    public Optional<Commit> commit(long height) {
        return height >= 1 && height <= commits.size() ? Optional.of(commits.get((int) height - 1)) : Optional.empty();
    }

    @Override
    public Map<String, Long> supply() {
        return supply;
    }

    @Override
    public Map<String, Long> balanceSums() {
        Map<String, Long> sums = new TreeMap<>();
        for (Map.Entry<String, Long> entry : balances.entrySet()) {
            String asset = entry.getKey().substring(entry.getKey().indexOf('/') + 1);
            sums.merge(asset, entry.getValue(), Long::sum);
        }
        return sums;
    }

    @Override
    public boolean isCommitted(Hash txHash) {
        return committedTxs.contains(txHash);
    }

    private static List<Hash> hashes(List<Transaction> txs) {
        List<Hash> hashes = new ArrayList<>(txs.size());
        for (Transaction tx : txs) {
            hashes.add(tx.hash());
        }
        return hashes;
    }
}
