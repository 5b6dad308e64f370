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
import java.util.List;
import java.util.Optional;

/**
 * The proposer's side: takes candidate transactions in order, leaves out each one that fails
 * (bad signature, expired, replayed, or rejected by the evolving state), stops at the block
 * limits, and produces the block with its {@code tx_root} and {@code state_root}. The block's
 * bytes are counted exactly as they will be encoded (header, last commit, evidence and every
 * transaction with its field overhead), so a built block is never over {@code blockBytesMax}:
 * the block it produces passes {@link BlockValidator#checkLimits}, or building fails loudly.
 */
public final class BlockBuilder {
    private final Transition transition;
    private final ParallelVerifier verifier;
    private final SignatureCache cache;
    private final Limits limits;

    public BlockBuilder(Transition transition, ParallelVerifier verifier, SignatureCache cache, Limits limits) {
        this.transition = transition;
        this.verifier = verifier;
        this.cache = cache;
        this.limits = limits;
    }

    /** A built block, its validated form (the proposer need not validate it again), and what was left out. */
    public record Built(Block block, ValidatedBlock validated, List<Skipped> skipped) {
    }

    public record Skipped(Transaction transaction, Rejection reason) {
    }

    /**
     * @param lastCommit the commit of the tip's block (null for the first block); it also fixes
     *                   the new block's time ({@link BlockTime}), so the builder reads no clock
     * @throws IllegalStateException if no block can follow the tip (its time is {@code Long.MAX_VALUE},
     *                               which only a genesis time or a commit with more than 1/3 of
     *                               Byzantine power can produce)
     */
    public Built build(ChainTip tip, String proposer, List<Transaction> candidates,
                       Commit lastCommit, List<Evidence> evidence) {
        long height = tip.height() + 1;
        Result<Long> time = BlockTime.next(tip.headTimeMillis(), lastCommit, tip.previousValidators());
        if (!time.isOk()) {
            throw new IllegalStateException("cannot build block " + height + ": " + time.rejection().message());
        }
        long blockTimeMillis = time.value();
        // Every field but the hashes is known now, and each hash is 32 bytes, so this draft
        // encodes to exactly the length of the final header.
        BlockHeader draft = new BlockHeader(tip.chainId(), height, tip.headHash(), blockTimeMillis, proposer,
                Hash.ZERO, Hash.ZERO, Hash.ZERO, tip.validators().hash(), Hash.ZERO, Hash.ZERO);
        long bytes = BlockCodec.headerFieldSize(draft.encode().length) + BlockCodec.lastCommitFieldSize(lastCommit);
        List<Evidence> carried = admissibleEvidence(evidence, tip, height, bytes);
        for (Evidence item : carried) {
            bytes += BlockCodec.evidenceFieldSize(item);
        }
        List<Skipped> skipped = new ArrayList<>();
        BitSet badSignatures = verifyUncached(candidates, tip.chainId(), skipped);
        StateView view = new StateView(tip.state());
        List<Transaction> included = new ArrayList<>();
        for (int i = 0; i < candidates.size() && included.size() < limits.txsPerBlockMax(); i++) {
            Transaction tx = candidates.get(i);
            if (badSignatures.get(i)) {
                continue;
            }
            long txBytes = BlockCodec.transactionFieldSize(tx);
            if (tx.encodedSize() > limits.txBytesMax()) {
                skipped.add(new Skipped(tx, new Rejection.TooLarge("transaction", tx.encodedSize(), limits.txBytesMax())));
                continue;
            }
            if (bytes + txBytes > limits.blockBytesMax()) {
                break;
            }
            Optional<Rejection> rejection = transition.apply(tx, view, blockTimeMillis);
            if (rejection.isPresent()) {
                skipped.add(new Skipped(tx, rejection.get()));
                continue;
            }
            view.settle();
            included.add(tx);
            bytes += txBytes;
        }
        StateChanges changes = StateChanges.of(view);
        Hash stateRoot = changes.nextRoot(tip.stateRoot());
        List<Hash> hashes = new ArrayList<>(included.size());
        for (Transaction tx : included) {
            hashes.add(tx.hash());
        }
        BlockHeader header = new BlockHeader(tip.chainId(), height, tip.headHash(),
                blockTimeMillis, proposer,
                MerkleTree.rootOfHashes(hashes), stateRoot,
                lastCommit == null ? Commit.NONE_HASH : lastCommit.hash(),
                tip.validators().hash(), Evidence.hashOf(carried),
                io.khata.core.state.GenesisState.validators(view.members()).hash());
        Block block = BlockCodec.assemble(header, included, lastCommit, carried);
        Optional<Rejection> overLimit = BlockValidator.checkLimits(block, limits);
        if (overLimit.isPresent()) {
            throw new IllegalStateException("built block " + height + " breaks a limit: " + overLimit.get().message()
                    + " (" + bytes + " bytes counted)");
        }
        return new Built(block, new ValidatedBlock(block, view, changes, stateRoot), skipped);
    }

    /**
     * The offered evidence a block at {@code height} may carry, in the order offered: each item
     * passes {@link EvidenceCheck}, is not already committed and is not a second item about one
     * offence, and the items fit {@code evidencePerBlockMax} and the block bytes left after
     * {@code bytesUsed}. Whatever fails is left out rather than making the block invalid: the
     * pool it comes from may hold offences that another proposer committed meanwhile, or that
     * grew too old.
     */
    private List<Evidence> admissibleEvidence(List<Evidence> offered, ChainTip tip, long height, long bytesUsed) {
        List<Evidence> carried = new ArrayList<>();
        java.util.Set<Hash> offences = new java.util.HashSet<>();
        long bytes = bytesUsed;
        for (Evidence item : offered) {
            if (carried.size() >= limits.evidencePerBlockMax()) {
                break;
            }
            Hash offence = item.offence();
            long itemBytes = BlockCodec.evidenceFieldSize(item);
            if (offences.contains(offence) || tip.history().evidenceCommitted(offence)
                    || bytes + itemBytes > limits.blockBytesMax()
                    || EvidenceCheck.check(item, height, tip.chainId(), tip.history()::validatorsAt).isPresent()) {
                continue;
            }
            offences.add(offence);
            carried.add(item);
            bytes += itemBytes;
        }
        return carried;
    }

    /** Marks candidates whose structure or signatures fail, recording why; verified ones enter the cache. */
    private BitSet verifyUncached(List<Transaction> candidates, String chainId, List<Skipped> skipped) {
        BitSet bad = new BitSet(candidates.size());
        List<SignatureCheck> checks = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Transaction tx = candidates.get(i);
            Optional<Rejection> structural = tx.checkBeforeSignatures(chainId);
            if (structural.isPresent()) {
                bad.set(i);
                skipped.add(new Skipped(tx, structural.get()));
            } else if (!cache.isVerified(tx)) {
                for (SignatureCheck check : tx.signatureChecks()) {
                    checks.add(check);
                    owner.add(i);
                }
            }
        }
        cache.countVerifications(checks.size());
        BitSet failed = verifier.verify(checks);
        for (int c = failed.nextSetBit(0); c >= 0; c = failed.nextSetBit(c + 1)) {
            int i = owner.get(c);
            if (!bad.get(i)) {
                bad.set(i);
                // The first failing check of this candidate names the key; checks come in signature order.
                skipped.add(new Skipped(candidates.get(i), new Rejection.BadSignature(checks.get(c).key())));
            }
        }
        for (int i = 0; i < candidates.size(); i++) {
            if (!bad.get(i)) {
                cache.markVerified(candidates.get(i));
            }
        }
        return bad;
    }
}
