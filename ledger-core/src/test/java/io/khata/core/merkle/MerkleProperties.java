package io.khata.core.merkle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.crypto.Hash;
import io.khata.core.testing.Generator;
import io.khata.core.testing.SeededProperty;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Properties of the RFC 6962 tree over random leaves, checked against an oracle written here
 * from the RFC's definition (recursive MTH and PATH, hashing with a {@link MessageDigest} of
 * its own) rather than against the code under test.
 *
 * <p>Leaves are 32 random bytes drawn from the {@link SplittableRandom} of each case, so a
 * failure replays from the seed {@link SeededProperty} prints. Random leaves are distinct except with
 * probability 2^-128, which the "other index" properties rely on: with two equal leaves a
 * proof for one of them is, correctly, also a proof for the other.
 *
 * <p>Big trees make every check cost thousands of hashes, so for trees over
 * {@value #ALL_INDICES_SIZE_MAX} leaves the indices are sampled: always the first, the last
 * and a random one.
 */
class MerkleProperties {
    private static final int ALL_INDICES_SIZE_MAX = 64;

    // ------------------------------------------------------------------ roots and paths

    @TestFactory
    Stream<DynamicTest> rootEqualsTheRecursiveDefinition() {
        return SeededProperty.cases(200, random -> {
            int size = Generator.integers(0, 2000).next(random);
            List<byte[]> data = randomLeafData(size, random);
            Hash expected = Hash.of(referenceRoot(data, 0, size));
            assertEquals(expected, MerkleTree.rootOfData(data));
            assertEquals(expected, MerkleTree.rootOfLeafHashes(leafHashes(data)));
        });
    }

    @TestFactory
    Stream<DynamicTest> everyAuditPathVerifiesAndEqualsTheReferencePath() {
        return SeededProperty.cases(100, random -> {
            int size = Generator.integers(1, 2000).next(random);
            List<byte[]> data = randomLeafData(size, random);
            List<Hash> leaves = leafHashes(data);
            Hash root = MerkleTree.rootOfLeafHashes(leaves);
            for (int index : sampleIndices(size, random)) {
                AuditPath path = MerkleTree.auditPath(leaves, index);
                assertEquals(referencePath(data, index, 0, size), path.siblings(), "path of leaf " + index);
                assertTrue(path.verify(leaves.get(index), root), "leaf " + index + " of " + size);
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> verifyDataHashesTheLeafFirst() {
        return SeededProperty.cases(100, random -> {
            int size = Generator.integers(1, 300).next(random);
            List<Hash> txHashes = new ArrayList<>(size);
            for (byte[] bytes : randomLeafData(size, random)) {
                txHashes.add(Hash.of(bytes));
            }
            List<Hash> leaves = new ArrayList<>(size);
            for (Hash txHash : txHashes) {
                leaves.add(MerkleTree.leafHash(txHash));
            }
            Hash root = MerkleTree.rootOfHashes(txHashes);
            assertEquals(MerkleTree.rootOfLeafHashes(leaves), root);
            int index = random.nextInt(size);
            AuditPath path = MerkleTree.auditPath(leaves, index);
            assertTrue(path.verifyData(txHashes.get(index), root));
            // The leaf hash passed where the data is expected is hashed again and must not verify.
            assertFalse(path.verifyData(leaves.get(index), root));
        });
    }

    // ------------------------------------------------------------------ tampering

    @TestFactory
    Stream<DynamicTest> flippingAnyBitOfLeafPathOrRootFailsVerification() {
        return SeededProperty.cases(25, random -> {
            int size = Generator.integers(1, 2000).next(random);
            List<Hash> leaves = leafHashes(randomLeafData(size, random));
            Hash root = MerkleTree.rootOfLeafHashes(leaves);
            for (int index : sampleIndicesSparse(size, random)) {
                AuditPath path = MerkleTree.auditPath(leaves, index);
                Hash leaf = leaves.get(index);
                for (int bit = 0; bit < Hash.BYTES * 8; bit++) {
                    assertFalse(path.verify(flipBit(leaf, bit), root), "leaf bit " + bit);
                    assertFalse(path.verify(leaf, flipBit(root, bit)), "root bit " + bit);
                }
                List<Hash> siblings = path.siblings();
                for (int element = 0; element < siblings.size(); element++) {
                    for (int bit = 0; bit < Hash.BYTES * 8; bit++) {
                        List<Hash> tampered = new ArrayList<>(siblings);
                        tampered.set(element, flipBit(siblings.get(element), bit));
                        assertFalse(new AuditPath(index, size, tampered).verify(leaf, root),
                                "bit " + bit + " of path element " + element + " for leaf " + index + " of " + size);
                    }
                }
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> aProofForOneIndexNeverVerifiesForAnother() {
        return SeededProperty.cases(100, random -> {
            int size = Generator.integers(2, 2000).next(random);
            List<Hash> leaves = leafHashes(randomLeafData(size, random));
            Hash root = MerkleTree.rootOfLeafHashes(leaves);
            for (int index : sampleIndices(size, random)) {
                List<Hash> siblings = MerkleTree.auditPath(leaves, index).siblings();
                for (int other : otherIndices(index, size, random)) {
                    AuditPath moved = new AuditPath(other, size, siblings);
                    assertFalse(moved.verify(leaves.get(index), root),
                            "proof of leaf " + index + " claimed for index " + other + " of " + size);
                    assertFalse(moved.verify(leaves.get(other), root),
                            "proof of leaf " + index + " used for leaf " + other + " of " + size);
                }
            }
        });
    }

    /**
     * The verifier is given the tree size but only the root authenticates anything, so a proof
     * verifies for another size exactly when the leaf sits at the same place in both shapes (see
     * {@link #proofsAreBoundToAPositionNotToATreeSize}); every other size fails, in particular
     * twice and half the size, which always change the path length.
     */
    @TestFactory
    Stream<DynamicTest> aProofVerifiesForAnotherTreeSizeOnlyWhereTheLeafHasTheSamePosition() {
        return SeededProperty.cases(100, random -> {
            int size = Generator.integers(1, 2000).next(random);
            List<Hash> leaves = leafHashes(randomLeafData(size, random));
            Hash root = MerkleTree.rootOfLeafHashes(leaves);
            for (int index : sampleIndices(size, random)) {
                List<Hash> siblings = MerkleTree.auditPath(leaves, index).siblings();
                List<Boolean> shape = referenceShape(index, size);
                for (long otherSize : otherSizes(size, random)) {
                    boolean verifies = new AuditPath(index, otherSize, siblings).verify(leaves.get(index), root);
                    boolean samePosition = index < otherSize && shape.equals(referenceShape(index, otherSize));
                    assertEquals(samePosition, verifies,
                            "proof of leaf " + index + " of " + size + " claimed for a tree of " + otherSize);
                }
                assertFalse(new AuditPath(index, 2L * size, siblings).verify(leaves.get(index), root));
                assertFalse(new AuditPath(index, size / 2, siblings).verify(leaves.get(index), root));
            }
        });
    }

    /**
     * Documents a limit of RFC 6962 proofs rather than of this code: a header commits to
     * {@code tx_root}, not to the number of transactions, so the tree size and index carried
     * in a proof are authenticated only as far as they give the same path shape.
     */
    @Test
    void proofsAreBoundToAPositionNotToATreeSize() {
        List<Hash> leaves = leafHashes(randomLeafData(5, new SplittableRandom(5)));
        Hash root = MerkleTree.rootOfLeafHashes(leaves);
        AuditPath first = MerkleTree.auditPath(leaves, 0);
        assertTrue(new AuditPath(0, 6, first.siblings()).verify(leaves.get(0), root),
                "leaf 0 is three left turns down in trees of 5 to 8 leaves alike");
        AuditPath last = MerkleTree.auditPath(leaves, 4);
        assertTrue(new AuditPath(2, 3, last.siblings()).verify(leaves.get(4), root),
                "the right child of the root is leaf 4 of 5 and leaf 2 of 3 alike");
        assertEquals(referenceShape(4, 5), referenceShape(2, 3));
    }

    @Test
    void outOfRangeIndicesNeverVerify() {
        List<Hash> leaves = leafHashes(randomLeafData(4, new SplittableRandom(4)));
        Hash root = MerkleTree.rootOfLeafHashes(leaves);
        List<Hash> siblings = MerkleTree.auditPath(leaves, 3).siblings();
        assertFalse(new AuditPath(-1, 4, siblings).verify(leaves.get(3), root));
        assertFalse(new AuditPath(4, 4, siblings).verify(leaves.get(3), root));
        assertFalse(new AuditPath(0, 0, List.of()).verify(MerkleTree.EMPTY_ROOT, MerkleTree.EMPTY_ROOT));
        assertFalse(new AuditPath(Long.MAX_VALUE, Long.MAX_VALUE, siblings).verify(leaves.get(3), root));
    }

    // ------------------------------------------------------------------ the oracle: RFC 6962 section 2.1

    /** MTH(D[from:to]), hashed with a digest of this test's own. */
    private static byte[] referenceRoot(List<byte[]> data, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return sha256();
        }
        if (n == 1) {
            return sha256(new byte[] {0x00}, data.get(from));
        }
        int k = largestPowerOfTwoBelow(n);
        return sha256(new byte[] {0x01}, referenceRoot(data, from, from + k), referenceRoot(data, from + k, to));
    }

    /** PATH(m, D[from:to]) as a list from the leaf's sibling up to the root's child. */
    private static List<Hash> referencePath(List<byte[]> data, int index, int from, int to) {
        int n = to - from;
        List<Hash> path = new ArrayList<>();
        if (n == 1) {
            return path;
        }
        int k = largestPowerOfTwoBelow(n);
        if (index - from < k) {
            path.addAll(referencePath(data, index, from, from + k));
            path.add(Hash.of(referenceRoot(data, from + k, to)));
        } else {
            path.addAll(referencePath(data, index, from + k, to));
            path.add(Hash.of(referenceRoot(data, from, from + k)));
        }
        return path;
    }

    /** Where leaf {@code index} sits in a tree of {@code size}: from the leaf up, true where it is a right child. */
    private static List<Boolean> referenceShape(long index, long size) {
        List<Boolean> shape = new ArrayList<>();
        if (size == 1) {
            return shape;
        }
        long k = Long.highestOneBit(size - 1);
        if (index < k) {
            shape.addAll(referenceShape(index, k));
            shape.add(false);
        } else {
            shape.addAll(referenceShape(index - k, size - k));
            shape.add(true);
        }
        return shape;
    }

    private static int largestPowerOfTwoBelow(int n) {
        int k = 1;
        while (k << 1 < n) {
            k <<= 1;
        }
        return k;
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static List<byte[]> randomLeafData(int size, SplittableRandom random) {
        List<byte[]> data = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            byte[] bytes = new byte[Hash.BYTES];
            random.nextBytes(bytes);
            data.add(bytes);
        }
        return data;
    }

    private static List<Hash> leafHashes(List<byte[]> data) {
        List<Hash> hashes = new ArrayList<>(data.size());
        for (byte[] bytes : data) {
            hashes.add(MerkleTree.leafHash(bytes));
        }
        return hashes;
    }

    /** Every index of a small tree; first, last and a few random ones of a big tree. */
    private static TreeSet<Integer> sampleIndices(int size, SplittableRandom random) {
        TreeSet<Integer> indices = new TreeSet<>();
        if (size <= ALL_INDICES_SIZE_MAX) {
            for (int i = 0; i < size; i++) {
                indices.add(i);
            }
            return indices;
        }
        indices.add(0);
        indices.add(size - 1);
        for (int i = 0; i < 3; i++) {
            indices.add(random.nextInt(size));
        }
        return indices;
    }

    /** First, last and one random index, for the checks that cost thousands of hashes per index. */
    private static TreeSet<Integer> sampleIndicesSparse(int size, SplittableRandom random) {
        TreeSet<Integer> indices = new TreeSet<>();
        indices.add(0);
        indices.add(size - 1);
        indices.add(random.nextInt(size));
        return indices;
    }

    /** Indices other than {@code index}: all of a small tree; neighbours, bit flips and random ones of a big one. */
    private static TreeSet<Integer> otherIndices(int index, int size, SplittableRandom random) {
        TreeSet<Integer> others = new TreeSet<>();
        if (size <= ALL_INDICES_SIZE_MAX) {
            for (int i = 0; i < size; i++) {
                others.add(i);
            }
        } else {
            others.add(0);
            others.add(size - 1);
            others.add(index - 1);
            others.add(index + 1);
            for (int bit = 1; bit < size; bit <<= 1) {
                others.add(index ^ bit);
            }
            for (int i = 0; i < 8; i++) {
                others.add(random.nextInt(size));
            }
        }
        others.remove(index);
        others.removeIf(i -> i < 0 || i >= size);
        return others;
    }

    /** Sizes other than {@code size}: its neighbours, the powers of two around it and random ones. */
    private static TreeSet<Long> otherSizes(int size, SplittableRandom random) {
        TreeSet<Long> sizes = new TreeSet<>();
        for (long delta = -3; delta <= 3; delta++) {
            sizes.add(size + delta);
        }
        long power = Long.highestOneBit(size);
        sizes.add(power);
        sizes.add(power * 2);
        sizes.add(power * 2 + 1);
        for (int i = 0; i < 8; i++) {
            sizes.add(1L + random.nextInt(2 * size + 1));
        }
        sizes.add(Long.MAX_VALUE);
        sizes.remove((long) size);
        sizes.removeIf(s -> s < 1);
        return sizes;
    }

    private static Hash flipBit(Hash hash, int bit) {
        byte[] bytes = hash.toByteArray();
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        return Hash.of(bytes);
    }
}
