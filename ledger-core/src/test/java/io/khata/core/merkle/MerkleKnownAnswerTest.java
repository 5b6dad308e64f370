package io.khata.core.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.crypto.Hash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6962 known answers. A tree that only agrees with itself proves nothing to an auditor
 * running another implementation, so the expected values come from outside this project:
 *
 * <ul>
 *   <li>leaves and roots: google/certificate-transparency {@code cpp/merkletree/merkle_tree_test.cc}
 *       ({@code kInputs}, {@code kSHA256Roots}, {@code kSHA256EmptyTreeHash}), repeated in
 *       transparency-dev/merkle {@code testonly/constants.go} ({@code LeafInputs},
 *       {@code RootHashes});</li>
 *   <li>audit paths: the same C++ file, {@code kSHA256Paths}. Its leaf numbers are 1-based;
 *       {@link AuditPath} is 0-based, so "leaf 1 of 8" there is index 0 here.</li>
 * </ul>
 */
class MerkleKnownAnswerTest {

    private static final String[] LEAF_INPUTS_HEX = {
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    };

    /** {@code ROOTS_HEX[n - 1]} is the root of the first n leaves. */
    private static final String[] ROOTS_HEX = {
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    };

    private static final String EMPTY_ROOT_HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static List<byte[]> leafInputs(int count) {
        List<byte[]> inputs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            inputs.add(HexFormat.of().parseHex(LEAF_INPUTS_HEX[i]));
        }
        return inputs;
    }

    private static List<Hash> leafHashes(int count) {
        List<Hash> hashes = new ArrayList<>(count);
        for (byte[] input : leafInputs(count)) {
            hashes.add(MerkleTree.leafHash(input));
        }
        return hashes;
    }

    private static List<Hash> hashes(String... hex) {
        List<Hash> result = new ArrayList<>(hex.length);
        for (String h : hex) {
            result.add(Hash.fromHex(h));
        }
        return result;
    }

    @Test
    void emptyTreeRootIsSha256OfNothing() {
        assertEquals(EMPTY_ROOT_HEX, MerkleTree.EMPTY_ROOT.toHex());
        assertEquals(EMPTY_ROOT_HEX, MerkleTree.rootOfLeafHashes(List.of()).toHex());
        assertEquals(EMPTY_ROOT_HEX, MerkleTree.rootOfData(List.of()).toHex());
        assertEquals(EMPTY_ROOT_HEX, MerkleTree.rootOfHashes(List.of()).toHex());
    }

    @ParameterizedTest(name = "root of the first {0} reference leaves")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void rootsOfTheReferenceLeaves(int count) {
        assertEquals(ROOTS_HEX[count - 1], MerkleTree.rootOfData(leafInputs(count)).toHex());
        assertEquals(ROOTS_HEX[count - 1], MerkleTree.rootOfLeafHashes(leafHashes(count)).toHex());
    }

    @Test
    void leafAndNodeHashesUseTheRfc6962Prefixes() {
        // The one-leaf root is H(0x00 ‖ ""), the two-leaf root is H(0x01 ‖ leaf0 ‖ leaf1).
        List<Hash> leaves = leafHashes(2);
        assertEquals(ROOTS_HEX[0], leaves.get(0).toHex());
        assertEquals(ROOTS_HEX[1], MerkleTree.nodeHash(leaves.get(0), leaves.get(1)).toHex());
    }

    @Test
    void pathForLeafOneOfEight() {
        checkReferencePath(0, 8,
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    }

    @Test
    void pathForLeafSixOfEight() {
        checkReferencePath(5, 8,
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    }

    @Test
    void pathForLeafThreeOfThree() {
        checkReferencePath(2, 3,
                "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
    }

    @Test
    void pathForLeafTwoOfFive() {
        checkReferencePath(1, 5,
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
    }

    @Test
    void pathForTheOnlyLeafIsEmpty() {
        checkReferencePath(0, 1);
    }

    /**
     * The generated path equals the reference one, it verifies against the reference root for
     * the leaf's data, and the CT verifier's own negative cases fail: the neighbouring indices,
     * twice and half the tree size, another leaf, and the empty-tree root.
     */
    private static void checkReferencePath(int index, int treeSize, String... expectedHex) {
        List<Hash> leaves = leafHashes(treeSize);
        Hash root = Hash.fromHex(ROOTS_HEX[treeSize - 1]);
        AuditPath path = MerkleTree.auditPath(leaves, index);

        assertEquals(index, path.index());
        assertEquals(treeSize, path.treeSize());
        assertEquals(hashes(expectedHex), path.siblings());

        Hash leaf = MerkleTree.leafHash(HexFormat.of().parseHex(LEAF_INPUTS_HEX[index]));
        assertTrue(path.verify(leaf, root), "reference path must verify");
        AuditPath reference = new AuditPath(index, treeSize, hashes(expectedHex));
        assertTrue(reference.verify(leaf, root), "the path as published must verify");

        List<Hash> siblings = path.siblings();
        assertFalse(new AuditPath(index - 1, treeSize, siblings).verify(leaf, root));
        assertFalse(new AuditPath(index + 1, treeSize, siblings).verify(leaf, root));
        assertFalse(new AuditPath(index ^ 2, treeSize, siblings).verify(leaf, root));
        assertFalse(new AuditPath(index, treeSize * 2L, siblings).verify(leaf, root));
        assertFalse(new AuditPath(index, treeSize / 2, siblings).verify(leaf, root));
        assertFalse(path.verify(MerkleTree.leafHash("WrongLeaf".getBytes(StandardCharsets.US_ASCII)), root));
        assertFalse(path.verify(leaf, MerkleTree.EMPTY_ROOT));
        for (int i = 0; i < siblings.size(); i++) {
            List<Hash> wrong = new ArrayList<>(siblings);
            wrong.set(i, MerkleTree.EMPTY_ROOT);
            assertFalse(new AuditPath(index, treeSize, wrong).verify(leaf, root), "sibling " + i + " replaced");
        }
        List<Hash> longer = new ArrayList<>(siblings);
        longer.add(root);
        assertFalse(new AuditPath(index, treeSize, longer).verify(leaf, root), "an extra element at the end");
        List<Hash> prefixed = new ArrayList<>();
        prefixed.add(root);
        prefixed.addAll(siblings);
        assertFalse(new AuditPath(index, treeSize, prefixed).verify(leaf, root), "an extra element in front");
        if (!siblings.isEmpty()) {
            assertFalse(new AuditPath(index, treeSize, siblings.subList(0, siblings.size() - 1)).verify(leaf, root),
                    "the last element removed");
        }
    }
}
