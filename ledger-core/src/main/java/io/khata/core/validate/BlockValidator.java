package io.khata.core.validate;

import io.khata.core.Limits;
import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.BlockHeader;
import io.khata.core.block.BlockTime;
import io.khata.core.block.Commit;
import io.khata.core.block.Evidence;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.ParallelVerifier;
import io.khata.core.crypto.SignatureCheck;
import io.khata.core.merkle.MerkleTree;
import io.khata.core.state.StateChanges;
import io.khata.core.state.StateView;
import io.khata.core.state.Transition;
import io.khata.core.tx.Transaction;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Every node's check of a proposed block, the hot path, in DESIGN.md's steps, after the block
 * limits (size, counts; {@link #checkLimits}): (1) header linkage and evidence, (2) the previous
 * block's commit and the block time it fixes, (3) the transaction Merkle root, (4) every
 * signature, in parallel, skipping transactions this node already verified, (5) the state
 * transitions in block order on a copy-on-write view, and the state root. Step 4 runs on the
 * verifier's threads while step 5 runs on the caller's, and a block is accepted only when
 * both succeed. The committed state is never touched: a rejected block leaves no trace.
 */
public final class BlockValidator {
    private final Transition transition;
    private final ParallelVerifier verifier;
    private final SignatureCache cache;

    public BlockValidator(Transition transition, ParallelVerifier verifier, SignatureCache cache) {
        this.transition = transition;
        this.verifier = verifier;
        this.cache = cache;
    }

    public Result<ValidatedBlock> validate(Block block, ChainTip tip) {
        long height = block.height();
        Optional<Rejection> size = checkLimits(block, transition.rules().limits());
        if (size.isPresent()) {
            return Result.err(size.get());
        }
        Optional<String> header = checkHeader(block, tip);
        if (header.isPresent()) {
            return invalid(height, 1, header.get());
        }
        Optional<String> lastCommit = checkLastCommit(block, tip);
        if (lastCommit.isPresent()) {
            return invalid(height, 2, lastCommit.get());
        }
        Optional<String> time = checkTime(block, tip);
        if (time.isPresent()) {
            return invalid(height, 2, time.get());
        }
        Hash txRoot = MerkleTree.rootOfHashes(block.transactionHashes());
        if (!txRoot.equals(block.header().txRoot())) {
            return invalid(height, 3, "tx_root is " + block.header().txRoot() + ", transactions give " + txRoot);
        }
        return checkTransactions(block, tip);
    }

    private Result<ValidatedBlock> checkTransactions(Block block, ChainTip tip) {
        long height = block.height();
        List<Transaction> txs = block.transactions();
        List<SignatureCheck> checks = new ArrayList<>();
        int[] checkOwner = new int[0]; // the transaction of each check, grown as checks are added: no boxing
        Map<Integer, CompletableFuture<Boolean>> awaited = new TreeMap<>(); // checks the mempool is running now
        for (int i = 0; i < txs.size(); i++) {
            Transaction tx = txs.get(i);
            Optional<Rejection> structural = tx.checkBeforeSignatures(tip.chainId());
            if (structural.isPresent()) {
                return invalid(height, 4, "tx " + i + " (" + tx.hash() + "): " + structural.get().message());
            }
            if (cache.isVerified(tx)) {
                continue;
            }
            Optional<CompletableFuture<Boolean>> admission = cache.inFlight(tx);
            if (admission.isPresent()) {
                awaited.put(i, admission.get());
                continue;
            }
            for (SignatureCheck check : tx.signatureChecks()) {
                if (checks.size() == checkOwner.length) {
                    checkOwner = java.util.Arrays.copyOf(checkOwner, Math.max(16, 2 * checkOwner.length));
                }
                checkOwner[checks.size()] = i;
                checks.add(check);
            }
        }
        cache.countVerifications(checks.size());
        CompletableFuture<BitSet> verification = verifier.verifyAsync(checks);
        StateView view = new StateView(tip.state());
        String stateFailure = null;
        long blockTimeMillis = block.header().timeMillis(); // checked against the last commit before this
        for (int i = 0; i < txs.size() && stateFailure == null; i++) {
            Optional<Rejection> rejection = transition.apply(txs.get(i), view, blockTimeMillis);
            if (rejection.isPresent()) {
                stateFailure = "tx " + i + " (" + txs.get(i).hash() + "): " + rejection.get().message();
            }
            view.settle();
        }
        BitSet failed = verification.join();
        if (!failed.isEmpty()) {
            int tx = checkOwner[failed.nextSetBit(0)];
            return invalid(height, 4, "tx " + tx + " (" + txs.get(tx).hash() + ") has a signature that does not verify");
        }
        for (Map.Entry<Integer, CompletableFuture<Boolean>> admission : awaited.entrySet()) {
            Transaction tx = txs.get(admission.getKey());
            if (!SignatureCache.awaitVerdict(admission.getValue())) {
                List<SignatureCheck> own = tx.signatureChecks();
                cache.countVerifications(own.size());
                if (!verifier.verify(own).isEmpty()) {
                    return invalid(height, 4, "tx " + admission.getKey() + " (" + tx.hash()
                            + ") has a signature that does not verify");
                }
            }
        }
        if (stateFailure != null) {
            return invalid(height, 5, stateFailure);
        }
        StateChanges changes = StateChanges.of(view);
        Hash stateRoot = changes.nextRoot(tip.stateRoot());
        if (!stateRoot.equals(block.header().stateRoot())) {
            return invalid(height, 5, "state_root is " + block.header().stateRoot() + ", execution gives " + stateRoot);
        }
        Hash nextValidators = io.khata.core.state.GenesisState.validators(view.members()).hash();
        if (!nextValidators.equals(block.header().nextValidatorsHash())) {
            return invalid(height, 5, "next_validators_hash is " + block.header().nextValidatorsHash()
                    + ", execution gives " + nextValidators);
        }
        for (Transaction tx : txs) {
            cache.markVerified(tx);
        }
        return Result.ok(new ValidatedBlock(block, view, changes, stateRoot));
    }

    private static Optional<String> checkHeader(Block block, ChainTip tip) {
        BlockHeader header = block.header();
        if (!header.chainId().equals(tip.chainId())) {
            return Optional.of("chain_id is '" + header.chainId() + "', expected '" + tip.chainId() + "'");
        }
        if (header.height() != tip.height() + 1) {
            return Optional.of("height is " + header.height() + ", expected " + (tip.height() + 1));
        }
        if (!header.prevBlockHash().equals(tip.headHash())) {
            return Optional.of("prev_block_hash is " + header.prevBlockHash() + ", head is " + tip.headHash());
        }
        if (!tip.validators().contains(header.proposer())) {
            return Optional.of("proposer '" + header.proposer() + "' is not a validator");
        }
        if (!header.validatorsHash().equals(tip.validators().hash())) {
            return Optional.of("validators_hash is " + header.validatorsHash() + ", expected " + tip.validators().hash());
        }
        if (!header.evidenceHash().equals(Evidence.hashOf(block.evidence()))) {
            return Optional.of("evidence_hash does not match the block's evidence");
        }
        return checkEvidence(block, tip);
    }

    /**
     * Every {@link Limits} bound of a block, checked before anything else, whichever way the
     * block arrived (decoded bytes, or built in memory): a block accepted here can always be
     * stored and read back, synced and proven under the same limits.
     */
    static Optional<Rejection> checkLimits(Block block, Limits limits) {
        if (block.transactions().size() > limits.txsPerBlockMax()) {
            return Optional.of(new Rejection.TooMany("transactions in a block", block.transactions().size(),
                    limits.txsPerBlockMax()));
        }
        if (block.evidence().size() > limits.evidencePerBlockMax()) {
            return Optional.of(new Rejection.TooMany("evidence in a block", block.evidence().size(),
                    limits.evidencePerBlockMax()));
        }
        for (Transaction tx : block.transactions()) {
            if (tx.encodedSize() > limits.txBytesMax()) {
                return Optional.of(new Rejection.TooLarge("transaction " + tx.hash(), tx.encodedSize(),
                        limits.txBytesMax()));
            }
        }
        long bytes = BlockCodec.encodedSize(block);
        if (bytes > limits.blockBytesMax()) {
            return Optional.of(new Rejection.TooLarge("block", bytes, limits.blockBytesMax()));
        }
        return Optional.empty();
    }

    /**
     * Each item passes {@link EvidenceCheck} (the validator set of its own height, the age bound,
     * the signatures), and no offence appears twice: not within the block, not in any earlier block.
     */
    private static Optional<String> checkEvidence(Block block, ChainTip tip) {
        Set<Hash> offences = new HashSet<>();
        for (Evidence evidence : block.evidence()) {
            Hash offence = evidence.offence();
            if (!offences.add(offence)) {
                return Optional.of("evidence against " + evidence.validator() + " at height " + evidence.height()
                        + " round " + evidence.first().round() + " is listed twice");
            }
            if (tip.history().evidenceCommitted(offence)) {
                return Optional.of("evidence against " + evidence.validator() + " at height " + evidence.height()
                        + " round " + evidence.first().round() + " is already committed");
            }
            Optional<Rejection> problem = EvidenceCheck.check(evidence, block.height(), tip.chainId(),
                    tip.history()::validatorsAt);
            if (problem.isPresent()) {
                return Optional.of("evidence against " + evidence.validator() + ": " + problem.get().message());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> checkLastCommit(Block block, ChainTip tip) {
        Commit commit = block.lastCommit();
        Hash expectedHash = commit == null ? Commit.NONE_HASH : commit.hash();
        if (!block.header().lastCommitHash().equals(expectedHash)) {
            return Optional.of("last_commit_hash does not match the block's last commit");
        }
        if (tip.height() == 0) {
            return commit == null ? Optional.empty() : Optional.of("the first block carries no last commit");
        }
        if (commit == null) {
            return Optional.of("no commit for the previous block " + tip.height());
        }
        return CommitVerifier.verify(commit, tip.chainId(), tip.height(), tip.headHash(), tip.previousValidators())
                .map(Rejection::message);
    }

    /**
     * BFT time ({@link BlockTime}): the header's time is the one the verified last commit fixes,
     * so a proposer cannot pick it; checked after the commit, whose signatures cover the times.
     */
    private static Optional<String> checkTime(Block block, ChainTip tip) {
        Result<Long> expected = BlockTime.next(tip.headTimeMillis(), block.lastCommit(), tip.previousValidators());
        if (!expected.isOk()) {
            return Optional.of("no valid time: " + expected.rejection().message());
        }
        if (block.header().timeMillis() != expected.value()) {
            return Optional.of("time is " + block.header().timeMillis() + ", the last commit gives " + expected.value());
        }
        return Optional.empty();
    }

    private static Result<ValidatedBlock> invalid(long height, int step, String reason) {
        return Result.err(new Rejection.InvalidBlock(height, step, reason));
    }
}
