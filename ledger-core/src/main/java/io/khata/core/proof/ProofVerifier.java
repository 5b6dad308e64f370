package io.khata.core.proof;

import io.khata.core.Limits;
import io.khata.core.Rejection;
import io.khata.core.Result;
import io.khata.core.block.BlockCodec;
import io.khata.core.block.BlockHeader;
import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.Sha256;
import io.khata.core.genesis.Genesis;
import io.khata.core.merkle.AuditPath;
import io.khata.core.state.GenesisState;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxCodec;
import java.util.Optional;

/**
 * Offline verification of a {@link TxProof} with nothing but the genesis: the transaction
 * decodes and belongs to this chain, its hash sits at the claimed index under the header's
 * {@code tx_root}, the header belongs to this chain and validator set, and the commit carries
 * precommits for exactly this header's hash by distinct validators holding more than 2/3 of
 * the voting power, each signature valid under the PRECOMMIT tag and this chain id. Last, the
 * transaction's own signatures must verify: {@code tx_root} covers tx hashes, which cover the
 * body only, so nothing else stops a proof from showing signers that never signed.
 *
 * <p>What a proof establishes is inclusion: the transaction is in the committed block. The
 * header commits to the tree head, not to the number of transactions, so as with any RFC 6962
 * proof the claimed index and tree size are only as exact as the leaf's position allows.
 */
public final class ProofVerifier {
    private ProofVerifier() {
    }

    public static Optional<Rejection> verify(TxProof proof, Genesis genesis) {
        return verify(proof, genesis.chainId(), GenesisState.validators(genesis));
    }

    /**
     * Verifies against {@code genesisValidators}: first each validator change the proof carries,
     * in height order (its commit checked with the set in force at its height, its new set
     * against its header's {@code next_validators_hash}), then the proven block with the set in
     * force at its height.
     */
    public static Optional<Rejection> verify(TxProof proof, String chainId, ValidatorSet genesisValidators) {
        java.util.TreeMap<Long, ValidatorSet> sets = new java.util.TreeMap<>();
        sets.put(1L, genesisValidators);
        long previousHeight = 0;
        for (ValidatorChange change : proof.validatorChanges()) {
            Result<BlockHeader> header = BlockCodec.decodeHeader(change.header());
            if (!header.isOk()) {
                return Optional.of(header.rejection());
            }
            long height = header.value().height();
            if (!header.value().chainId().equals(chainId)) {
                return Optional.of(new Rejection.WrongChain(chainId, header.value().chainId()));
            }
            if (height <= previousHeight) {
                return Optional.of(new Rejection.InvalidField("validator_changes", Long.toString(height),
                        "changes must be in increasing height order"));
            }
            ValidatorSet inForce = sets.floorEntry(height).getValue();
            if (!header.value().validatorsHash().equals(inForce.hash())) {
                return Optional.of(new Rejection.InvalidField("validator_changes.header.validators_hash",
                        header.value().validatorsHash().toHex(), "is not the set in force at height " + height));
            }
            Optional<Rejection> commit = io.khata.core.validate.CommitVerifier.verify(change.commit(), chainId, height,
                    Sha256.hash(change.header()), inForce);
            if (commit.isPresent()) {
                return commit;
            }
            if (!header.value().nextValidatorsHash().equals(change.validators().hash())) {
                return Optional.of(new Rejection.InvalidField("validator_changes.validators",
                        change.validators().hash().toHex(), "is not the set the header at " + height + " commits to"));
            }
            sets.put(height + 2, change.validators());
            previousHeight = height;
        }
        Result<Transaction> tx = TxCodec.decode(proof.tx(), Limits.DEFAULT);
        if (!tx.isOk()) {
            return Optional.of(tx.rejection());
        }
        if (!tx.value().body().chainId().equals(chainId)) {
            return Optional.of(new Rejection.WrongChain(chainId, tx.value().body().chainId()));
        }
        byte[] headerBytes = proof.header();
        Result<BlockHeader> header = BlockCodec.decodeHeader(headerBytes);
        if (!header.isOk()) {
            return Optional.of(header.rejection());
        }
        if (!header.value().chainId().equals(chainId)) {
            return Optional.of(new Rejection.WrongChain(chainId, header.value().chainId()));
        }
        AuditPath path = new AuditPath(proof.index(), proof.treeSize(), proof.path());
        if (!path.verifyData(tx.value().hash(), header.value().txRoot())) {
            return Optional.of(new Rejection.InvalidField("path", "index " + proof.index() + " of " + proof.treeSize(),
                    "does not lead from the transaction to the header's tx_root"));
        }
        ValidatorSet validators = sets.floorEntry(Math.max(1, header.value().height())).getValue();
        if (!header.value().validatorsHash().equals(validators.hash())) {
            return Optional.of(new Rejection.InvalidField("header.validators_hash", header.value().validatorsHash().toHex(),
                    "is not the validator set in force at height " + header.value().height()));
        }
        Hash blockHash = Sha256.hash(headerBytes);
        Optional<Rejection> commit = io.khata.core.validate.CommitVerifier.verify(proof.commit(), chainId,
                header.value().height(), blockHash, validators);
        if (commit.isPresent()) {
            return commit;
        }
        return tx.value().checkSignatures(chainId);
    }
}
