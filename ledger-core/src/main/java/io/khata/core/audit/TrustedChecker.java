package io.khata.core.audit;

import io.khata.core.Rejection;
import io.khata.core.block.Block;
import io.khata.core.block.BlockHeader;
import io.khata.core.block.Commit;
import io.khata.core.block.Evidence;
import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.ParallelVerifier;
import io.khata.core.crypto.PublicKey;
import io.khata.core.crypto.SignatureCheck;
import io.khata.core.merkle.MerkleTree;
import io.khata.core.tx.Transaction;
import io.khata.core.validate.CommitVerifier;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks a range that starts past genesis from a trusted parent header, without state: hash
 * chain, time monotonic, proposer and validators hash, every commit and last commit against the
 * set in force (following each membership change through the headers' next_validators_hash),
 * tx roots, every transaction signature, and evidence signatures. It cannot re-execute: whether
 * signers were authorised, balances sufficed and state roots follow needs the state at the
 * start, which a state root (a chain of change digests) does not give.
 */
final class TrustedChecker implements BlockChecker {
    private final String chainId;
    private final ParallelVerifier verifier;
    private final NavigableMap<Long, ValidatorSet> sets;
    private final Map<String, PublicKey> knownKeys = new HashMap<>();
    private Hash headHash;
    private long headTimeMillis;
    private final List<String> uncheckedEvidence = new ArrayList<>();

    TrustedChecker(String chainId, ParallelVerifier verifier, NavigableMap<Long, ValidatorSet> anchorSets, Hash parentHash,
                   long parentTimeMillis) {
        this.chainId = chainId;
        this.verifier = verifier;
        this.sets = new TreeMap<>(anchorSets);
        this.headHash = parentHash;
        this.headTimeMillis = parentTimeMillis;
        anchorSets.values().forEach(this::remember);
    }

    /** Evidence against a validator whose key no set in the range names: not checkable without state. */
    List<String> uncheckedEvidence() {
        return uncheckedEvidence;
    }

    @Override
    public ValidatorSet validatorsAt(long height) {
        return sets.floorEntry(height).getValue();
    }

    @Override
    public Optional<AuditFailure> check(CertifiedBlock certified) {
        Block block = certified.block();
        long height = block.height();
        Optional<AuditFailure> header = checkHeader(block);
        if (header.isEmpty()) {
            header = checkLastCommit(block);
        }
        if (header.isEmpty()) {
            header = checkEvidence(block);
        }
        if (header.isEmpty()) {
            header = checkTransactions(block);
        }
        if (header.isPresent()) {
            return header;
        }
        headHash = block.hash();
        headTimeMillis = block.header().timeMillis();
        return Optional.empty();
    }

    private Optional<AuditFailure> checkHeader(Block block) {
        BlockHeader header = block.header();
        long height = block.height();
        ValidatorSet inForce = validatorsAt(height);
        if (!header.prevBlockHash().equals(headHash)) {
            return fail(height, AuditCheck.HEADER, "prev_block_hash is " + header.prevBlockHash() + ", the previous block is "
                    + headHash);
        }
        if (header.timeMillis() <= headTimeMillis) {
            return fail(height, AuditCheck.TIME, "time " + header.timeMillis() + " is not after the previous block's "
                    + headTimeMillis);
        }
        if (!inForce.contains(header.proposer())) {
            return fail(height, AuditCheck.HEADER, "proposer '" + header.proposer() + "' is not a validator");
        }
        if (!header.validatorsHash().equals(inForce.hash())) {
            return fail(height, AuditCheck.HEADER, "validators_hash is " + header.validatorsHash()
                    + ", the set in force is " + inForce.hash());
        }
        return Optional.empty();
    }

    private Optional<AuditFailure> checkLastCommit(Block block) {
        Commit last = block.lastCommit();
        long height = block.height();
        if (last == null || !block.header().lastCommitHash().equals(last.hash())) {
            return fail(height, AuditCheck.LAST_COMMIT, "the block's last commit does not match its last_commit_hash");
        }
        Optional<Rejection> problem = CommitVerifier.verify(last, chainId, height - 1, headHash, validatorsAt(height - 1));
        return problem.map(rejection -> new AuditFailure(height, AuditCheck.LAST_COMMIT, rejection.message()));
    }

    private Optional<AuditFailure> checkEvidence(Block block) {
        long height = block.height();
        if (!block.header().evidenceHash().equals(Evidence.hashOf(block.evidence()))) {
            return fail(height, AuditCheck.EVIDENCE, "evidence_hash does not match the block's evidence");
        }
        Set<String> offences = new HashSet<>();
        for (Evidence evidence : block.evidence()) {
            String offence = evidence.validator() + "/" + evidence.height() + "/" + evidence.first().round() + "/"
                    + evidence.first().type();
            if (evidence.height() >= height || !evidence.first().conflictsWith(evidence.second()) || !offences.add(offence)) {
                return fail(height, AuditCheck.EVIDENCE, "evidence " + offence + " is from the future, not a conflict, or listed twice");
            }
            PublicKey key = knownKeys.get(evidence.validator());
            if (key == null) {
                uncheckedEvidence.add("height " + height + ": evidence against " + evidence.validator()
                        + ", whose key no validator set of the range names");
            } else if (!evidence.first().verify(chainId, key) || !evidence.second().verify(chainId, key)) {
                return fail(height, AuditCheck.EVIDENCE, "evidence against " + evidence.validator()
                        + " is not signed by that validator");
            }
        }
        return Optional.empty();
    }

    private Optional<AuditFailure> checkTransactions(Block block) {
        long height = block.height();
        Hash txRoot = MerkleTree.rootOfHashes(block.transactionHashes());
        if (!txRoot.equals(block.header().txRoot())) {
            return fail(height, AuditCheck.TX_ROOT, "tx_root is " + block.header().txRoot() + ", the transactions give " + txRoot);
        }
        List<SignatureCheck> checks = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        List<Transaction> txs = block.transactions();
        for (int i = 0; i < txs.size(); i++) {
            Optional<Rejection> structural = txs.get(i).checkBeforeSignatures(chainId);
            if (structural.isPresent()) {
                AuditCheck check = structural.get() instanceof Rejection.WrongChain ? AuditCheck.TRANSACTION
                        : AuditCheck.TX_SIGNATURE;
                return fail(height, check, "tx " + i + " (" + txs.get(i).hash() + "): " + structural.get().message());
            }
            for (SignatureCheck check : txs.get(i).signatureChecks()) {
                checks.add(check);
                owners.add(i);
            }
        }
        BitSet failed = verifier.verify(checks);
        if (!failed.isEmpty()) {
            int tx = owners.get(failed.nextSetBit(0));
            return fail(height, AuditCheck.TX_SIGNATURE, "tx " + tx + " (" + txs.get(tx).hash()
                    + ") has a signature that does not verify");
        }
        return Optional.empty();
    }

    @Override
    public Optional<AuditFailure> acceptValidators(long effectiveHeight, ValidatorSet set) {
        sets.put(effectiveHeight, set);
        remember(set);
        return Optional.empty();
    }

    private void remember(ValidatorSet set) {
        set.validators().forEach(validator -> knownKeys.put(validator.id(), validator.key()));
    }

    private static Optional<AuditFailure> fail(long height, AuditCheck check, String reason) {
        return Optional.of(new AuditFailure(height, check, reason));
    }

    @Override
    public void close() {
    }
}
