package io.khata.core.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.crypto.Hash;
import io.khata.core.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Audit paths at their edges: a path exists for leaves 0 to n - 1 of n and for no other index,
 * and a path verifies only with exactly the length its index and tree size imply (RFC 9162
 * section 2.1.3.2): the siblings of a deeper leaf, offered for a shallower position whose
 * subtree they complete, must not verify.
 */
class AuditPathBoundsTest {
    private static List<Hash> leaves(int count) {
        List<Hash> leaves = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            leaves.add(MerkleTree.leafHash(Sha256.hash(("leaf " + i).getBytes(StandardCharsets.UTF_8))));
        }
        return leaves;
    }

    @Test
    void aPathExistsForEveryLeafAndForNoIndexOutsideTheTree() {
        List<Hash> leaves = leaves(5);
        Hash root = MerkleTree.rootOfLeafHashes(leaves);
        for (int index = 0; index < 5; index++) {
            assertTrue(MerkleTree.auditPath(leaves, index).verify(leaves.get(index), root), "leaf " + index);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> MerkleTree.auditPath(leaves, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> MerkleTree.auditPath(leaves, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> MerkleTree.auditPath(List.of(), 0));
    }

    @Test
    void aPathLongerThanItsPositionImpliesDoesNotVerify() {
        List<Hash> leaves = leaves(4);
        Hash root = MerkleTree.rootOfLeafHashes(leaves);
        List<Hash> ofLeafThree = MerkleTree.auditPath(leaves, 3).siblings();
        assertEquals(2, ofLeafThree.size());
        assertTrue(new AuditPath(3, 4, ofLeafThree).verify(leaves.get(3), root));

        // Leaf 1 of 2 needs one sibling; with leaf 3's two, the second would lead to the same root.
        assertFalse(new AuditPath(1, 2, ofLeafThree).verify(leaves.get(3), root));
        // The only leaf of a tree of one needs none.
        List<Hash> two = leaves(2);
        Hash rootOfTwo = MerkleTree.rootOfLeafHashes(two);
        assertFalse(new AuditPath(0, 1, List.of(two.get(0))).verify(two.get(1), rootOfTwo));
        assertTrue(new AuditPath(1, 2, List.of(two.get(0))).verify(two.get(1), rootOfTwo));
    }
}
