package io.khata.core.proof;

import io.khata.core.block.Commit;
import io.khata.core.crypto.Hash;
import java.util.List;

/**
 * Everything a regulator needs to check offline that a transaction was committed: the
 * transaction's bytes, the header bytes of its block, the RFC 6962 audit path from its hash to
 * the header's {@code tx_root}, and the commit certificate whose signers hold more than 2/3 of
 * the voting power. When the validator set changed before the proven block, the proof also
 * carries each change (header, commit, new set), so it still verifies from the genesis alone.
 * Checked by {@link ProofVerifier}.
 */
public record TxProof(byte[] tx, byte[] header, long index, long treeSize, List<Hash> path, Commit commit,
                      List<ValidatorChange> validatorChanges) {
    public TxProof {
        tx = tx.clone();
        header = header.clone();
        path = List.copyOf(path);
        validatorChanges = List.copyOf(validatorChanges);
    }

    /** A proof on a chain whose validator set never changed before the proven block. */
    public TxProof(byte[] tx, byte[] header, long index, long treeSize, List<Hash> path, Commit commit) {
        this(tx, header, index, treeSize, path, commit, List.of());
    }

    @Override
    public byte[] tx() {
        return tx.clone();
    }

    @Override
    public byte[] header() {
        return header.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TxProof that && java.util.Arrays.equals(tx, that.tx)
                && java.util.Arrays.equals(header, that.header) && index == that.index
                && treeSize == that.treeSize && path.equals(that.path) && commit.equals(that.commit)
                && validatorChanges.equals(that.validatorChanges);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(header) * 31 + Long.hashCode(index);
    }

    @Override
    public String toString() {
        return "TxProof[index=" + index + ", treeSize=" + treeSize + ", height=" + commit.height() + "]";
    }
}
