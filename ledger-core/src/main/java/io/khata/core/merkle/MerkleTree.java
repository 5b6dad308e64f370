package io.khata.core.merkle;

import io.khata.core.crypto.Hash;
import io.khata.core.crypto.Sha256;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The RFC 6962 (section 2.1) Merkle tree over a list of leaves: a leaf hashes as
 * {@code SHA-256(0x00 ‖ data)}, an interior node as {@code SHA-256(0x01 ‖ left ‖ right)}, and a
 * list of n leaves splits at the largest power of two below n. Unlike Bitcoin's tree no leaf
 * is ever duplicated, so two different lists never share a root.
 *
 * <p>A block's leaves are its transaction hashes; the root is the header's {@code tx_root}.
 */
public final class MerkleTree {
    static final byte LEAF_PREFIX = 0x00;
    static final byte NODE_PREFIX = 0x01;

    /** The root of the empty tree: SHA-256 of the empty string. */
    public static final Hash EMPTY_ROOT = Sha256.hash(new byte[0]);

    private MerkleTree() {
    }

    public static Hash leafHash(byte[] data) {
        return Sha256.hash(LEAF_PREFIX, data);
    }

    public static Hash leafHash(Hash data) {
        return Sha256.hash(LEAF_PREFIX, data.toByteArray());
    }

    public static Hash nodeHash(Hash left, Hash right) {
        return Sha256.hash(NODE_PREFIX, left, right);
    }

    /**
     * The tree head over leaves whose data are the given hashes (for a block: its tx hashes).
     * Every node's digest is written into one array, a level at a time, and only the root
     * becomes a {@link Hash}: block validation computes this for every block, and a {@code Hash}
     * and its copies per node were a sixth of what validating a block allocated.
     */
    public static Hash rootOfHashes(List<Hash> leafData) {
        int size = leafData.size();
        if (size == 0) {
            return EMPTY_ROOT;
        }
        MessageDigest digest = sha256();
        byte[] level = new byte[Math.multiplyExact(size, Hash.BYTES)];
        byte[] leaf = new byte[1 + Hash.BYTES];
        leaf[0] = LEAF_PREFIX;
        try {
            for (int i = 0; i < size; i++) {
                leafData.get(i).copyTo(leaf, 1);
                digest.update(leaf);
                digest.digest(level, i * Hash.BYTES, Hash.BYTES);
            }
            while (size > 1) {
                int next = 0;
                for (int i = 0; i + 1 < size; i += 2) {
                    // Node `next` overwrites a slot already read: next * 32 <= i * 32.
                    digest.update(NODE_PREFIX);
                    digest.update(level, i * Hash.BYTES, 2 * Hash.BYTES);
                    digest.digest(level, next++ * Hash.BYTES, Hash.BYTES);
                }
                if ((size & 1) == 1) {
                    System.arraycopy(level, (size - 1) * Hash.BYTES, level, next++ * Hash.BYTES, Hash.BYTES);
                }
                size = next;
            }
        } catch (DigestException e) {
            throw new IllegalStateException("a SHA-256 digest is 32 bytes", e);
        }
        return Hash.of(Arrays.copyOf(level, Hash.BYTES));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }

    /** The tree head over leaves whose data are the given byte strings. */
    public static Hash rootOfData(List<byte[]> leafData) {
        List<Hash> level = new ArrayList<>(leafData.size());
        for (byte[] data : leafData) {
            level.add(leafHash(data));
        }
        return rootOfLeafHashes(level);
    }

    /**
     * The tree head given the leaf hashes. Computed bottom-up, pairing neighbours and carrying
     * an odd last node up unchanged; this yields exactly RFC 6962's split-at-the-largest-power-
     * of-two tree, in linear time and without recursion.
     */
    public static Hash rootOfLeafHashes(List<Hash> leafHashes) {
        if (leafHashes.isEmpty()) {
            return EMPTY_ROOT;
        }
        Hash[] level = leafHashes.toArray(new Hash[0]);
        int size = level.length;
        while (size > 1) {
            int next = 0;
            for (int i = 0; i + 1 < size; i += 2) {
                level[next++] = nodeHash(level[i], level[i + 1]);
            }
            if ((size & 1) == 1) {
                level[next++] = level[size - 1];
            }
            size = next;
        }
        return level[0];
    }

    /** The audit path (RFC 6962 section 2.1.1) for leaf {@code index} among the given leaf hashes. */
    public static AuditPath auditPath(List<Hash> leafHashes, int index) {
        if (index < 0 || index >= leafHashes.size()) {
            throw new IndexOutOfBoundsException("leaf " + index + " of a tree of " + leafHashes.size());
        }
        List<Hash> path = new ArrayList<>();
        collectPath(leafHashes, index, 0, leafHashes.size(), path);
        return new AuditPath(index, leafHashes.size(), path);
    }

    /** PATH(m, D[from:to]) of RFC 6962, appending siblings from the leaf up to the root. */
    private static void collectPath(List<Hash> leaves, int index, int from, int to, List<Hash> path) {
        int size = to - from;
        if (size == 1) {
            return;
        }
        int split = largestPowerOfTwoBelow(size);
        if (index - from < split) {
            collectPath(leaves, index, from, from + split, path);
            path.add(rootOfLeafHashes(leaves.subList(from + split, to)));
        } else {
            collectPath(leaves, index, from + split, to, path);
            path.add(rootOfLeafHashes(leaves.subList(from, from + split)));
        }
    }

    /** The largest power of two strictly less than {@code n}, for n >= 2. */
    static int largestPowerOfTwoBelow(int n) {
        return Integer.highestOneBit(n - 1);
    }
}
