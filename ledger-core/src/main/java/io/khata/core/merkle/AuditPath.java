package io.khata.core.merkle;

import io.khata.core.crypto.Hash;
import java.util.List;

/**
 * An RFC 6962 inclusion proof: the sibling hashes from leaf {@code index} up to the root of a
 * tree of {@code treeSize} leaves. Verification follows RFC 9162 section 2.1.3.2, which checks
 * that the path has exactly the length the index and size imply, so a proof for one index
 * never verifies for another.
 */
public record AuditPath(long index, long treeSize, List<Hash> siblings) {
    public AuditPath {
        siblings = List.copyOf(siblings);
    }

    /** True if the leaf whose hash is {@code leafHash} is at {@code index} of the tree with {@code root}. */
    public boolean verify(Hash leafHash, Hash root) {
        if (index < 0 || index >= treeSize) {
            return false;
        }
        long fn = index;
        long sn = treeSize - 1;
        Hash r = leafHash;
        for (Hash p : siblings) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleTree.nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = MerkleTree.nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.equals(root);
    }

    /** Verifies for a leaf whose data is {@code leafData} (for a block: a tx hash). */
    public boolean verifyData(Hash leafData, Hash root) {
        return verify(MerkleTree.leafHash(leafData), root);
    }
}
