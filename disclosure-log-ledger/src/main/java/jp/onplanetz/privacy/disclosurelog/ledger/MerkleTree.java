package jp.onplanetz.privacy.disclosurelog.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The Merkle tree of RFC 9162 (Certificate Transparency 2.0), section 2.1, with SHA-256: tree hashes, inclusion
 * and consistency proofs, and the verification of both.
 * <p>
 * Definitions (section 2.1.1): the hash of a leaf is {@code SHA-256(0x00 || data)}, of an interior node
 * {@code SHA-256(0x01 || left || right)}; the tree of {@code n > 1} leaves splits at {@code k}, the largest
 * power of two smaller than {@code n}, into the trees of the first {@code k} and of the remaining {@code n - k}
 * leaves; the hash of the empty tree is {@code SHA-256()} of nothing. The two prefixes keep a leaf from being
 * passed off as an interior node (second-preimage resistance).
 * <p>
 * Generation reads the leaf hashes through {@link LeafHashes} and hashes each leaf it needs once: the root of
 * {@code n} leaves costs {@code n - 1} node hashes, a proof at most as many (its nodes are roots of disjoint
 * subtrees), with memory logarithmic in {@code n}. Verification needs no leaves at all: it is what a reader of
 * the log runs against a signed checkpoint, and it never throws on a wrong proof, it answers {@code false}.
 */
public final class MerkleTree {

    /** Bytes in every hash here: leaf, node, root and proof node alike. */
    public static final int HASH_LENGTH = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private MerkleTree() {
    }

    /** {@code SHA-256(0x00 || data)}: the hash of one log entry's bytes as a leaf of the tree. */
    public static byte[] leafHash(byte[] data) {
        Objects.requireNonNull(data, "data");
        MessageDigest sha256 = sha256();
        sha256.update(LEAF_PREFIX);
        return sha256.digest(data);
    }

    /** {@code SHA-256(0x01 || left || right)}: the hash of an interior node from its two children. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        return nodeHash(sha256(), requireHash(left, "left"), requireHash(right, "right"));
    }

    /** The root of the tree of no leaves: SHA-256 of the empty string. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /** The root hash of the tree of all of {@code leaves}: MTH(D[0:n]). */
    public static byte[] rootHash(LeafHashes leaves) {
        return rootHash(leaves, leaves.size());
    }

    /**
     * The root hash of the tree as it was at {@code treeSize} leaves: MTH(D[0:treeSize]). A log only grows, so
     * this is the root a checkpoint of that size signed.
     */
    public static byte[] rootHash(LeafHashes leaves, long treeSize) {
        requireTreeSize(leaves, treeSize);
        return subtreeRoot(leaves, 0, treeSize, sha256());
    }

    /**
     * The inclusion proof PATH(m, D[0:treeSize]) of RFC 9162, 2.1.3.1: the hashes that, with the leaf's own,
     * rebuild the root; the sibling nearest the leaf first, the root's other child last.
     *
     * @param leafIndex {@code 0 <= leafIndex < treeSize}
     * @param treeSize  {@code treeSize <= leaves.size()}; a past size gives the proof against that tree's root
     */
    public static List<byte[]> inclusionProof(LeafHashes leaves, long leafIndex, long treeSize) {
        requireTreeSize(leaves, treeSize);
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException(
                    "Leaf index " + leafIndex + " is not in a tree of " + treeSize + " leaves");
        }
        MessageDigest sha256 = sha256();
        // Descend from the root to the leaf; at each split the subtree the leaf is not in contributes its root.
        // The RFC's recursion appends that root after the deeper part of the path, hence the final reversal.
        List<byte[]> fromRoot = new ArrayList<>();
        long start = 0;
        long end = treeSize;
        while (end - start > 1) {
            long split = start + largestPowerOfTwoBelow(end - start);
            if (leafIndex < split) {
                fromRoot.add(subtreeRoot(leaves, split, end, sha256));
                end = split;
            } else {
                fromRoot.add(subtreeRoot(leaves, start, split, sha256));
                start = split;
            }
        }
        Collections.reverse(fromRoot);
        return fromRoot;
    }

    /**
     * The consistency proof PROOF(first, D[0:second]) of RFC 9162, 2.1.4.1: the hashes that show the tree of
     * {@code second} leaves is the tree of {@code first} leaves with leaves appended. Empty when the sizes are
     * equal (the two roots must simply be equal) and when {@code first} is 0 (every tree extends the empty one).
     *
     * @param first  {@code 0 <= first <= second}
     * @param second {@code second <= leaves.size()}
     */
    public static List<byte[]> consistencyProof(LeafHashes leaves, long first, long second) {
        requireTreeSize(leaves, second);
        if (first < 0 || first > second) {
            throw new IllegalArgumentException(
                    "No consistency proof from a tree of " + first + " leaves to one of " + second);
        }
        if (first == 0) {
            return List.of();
        }
        MessageDigest sha256 = sha256();
        // SUBPROOF(m, D[start:end], startsAtOldRoot) unrolled: m counts old leaves from start, and
        // startsAtOldRoot stays true while the subtree under consideration begins where the old tree began,
        // in which case its root when m == end - start is the old root itself, which the verifier already has.
        List<byte[]> fromRoot = new ArrayList<>();
        long start = 0;
        long end = second;
        long m = first;
        boolean startsAtOldRoot = true;
        while (m != end - start) {
            long k = largestPowerOfTwoBelow(end - start);
            if (m <= k) {
                fromRoot.add(subtreeRoot(leaves, start + k, end, sha256));
                end = start + k;
            } else {
                fromRoot.add(subtreeRoot(leaves, start, start + k, sha256));
                start += k;
                m -= k;
                startsAtOldRoot = false;
            }
        }
        if (!startsAtOldRoot) {
            fromRoot.add(subtreeRoot(leaves, start, end, sha256));
        }
        Collections.reverse(fromRoot);
        return fromRoot;
    }

    /**
     * Verifies an inclusion proof, RFC 9162, 2.1.3.2, step for step.
     *
     * @return whether {@code leafHash} is the leaf at {@code leafIndex} of the tree of {@code treeSize} leaves
     *         whose root is {@code rootHash}; {@code false} for any malformed input
     */
    public static boolean verifyInclusion(byte[] leafHash, long leafIndex, long treeSize,
            List<byte[]> inclusionPath, byte[] rootHash) {
        if (!isHash(leafHash) || !isHash(rootHash) || !allHashes(inclusionPath) || leafIndex < 0) {
            return false;
        }
        // 1. leaf_index must be smaller than tree_size.
        if (leafIndex >= treeSize) {
            return false;
        }
        // 2. fn is the leaf's index, sn the last index: their bits spell the two paths from the root.
        long fn = leafIndex;
        long sn = treeSize - 1;
        // 3.
        byte[] r = leafHash;
        MessageDigest sha256 = sha256();
        // 4.
        for (byte[] p : inclusionPath) {
            // a. The path is longer than the tree is deep.
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                // b. p is a left sibling. When fn == sn with fn even, the leaf's subtree is the last and
                // has no right sibling at these levels: climb them without hashing.
                r = nodeHash(sha256, p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                // p is a right sibling.
                r = nodeHash(sha256, r, p);
            }
            // c.
            fn >>>= 1;
            sn >>>= 1;
        }
        // 5. A path that stopped short of the root leaves sn above 0.
        return sn == 0 && MessageDigest.isEqual(r, rootHash);
    }

    /**
     * Verifies a consistency proof, RFC 9162, 2.1.4.2, step for step (which is defined for
     * {@code 0 < first < second}); for equal sizes the proof must be empty and the roots equal, and from the
     * empty tree the proof must be empty and {@code firstHash} the empty tree's root.
     *
     * @return whether the tree of {@code second} leaves with root {@code secondHash} is the tree of
     *         {@code first} leaves with root {@code firstHash} with leaves appended; {@code false} for any
     *         malformed input
     */
    public static boolean verifyConsistency(long first, long second, List<byte[]> consistencyPath,
            byte[] firstHash, byte[] secondHash) {
        if (!isHash(firstHash) || !isHash(secondHash) || !allHashes(consistencyPath)
                || first < 0 || first > second) {
            return false;
        }
        if (first == second) {
            return consistencyPath.isEmpty() && MessageDigest.isEqual(firstHash, secondHash);
        }
        if (first == 0) {
            return consistencyPath.isEmpty() && MessageDigest.isEqual(firstHash, emptyRoot());
        }
        // 1.
        if (consistencyPath.isEmpty()) {
            return false;
        }
        // 2. A first tree of a power-of-two size is a complete subtree of the second, and the proof leaves
        // out its root because the verifier holds it.
        List<byte[]> path = consistencyPath;
        if (Long.bitCount(first) == 1) {
            path = new ArrayList<>(consistencyPath.size() + 1);
            path.add(firstHash);
            path.addAll(consistencyPath);
        }
        // 3.
        long fn = first - 1;
        long sn = second - 1;
        // 4. Skip the levels where the first tree's last leaf is a right child: the path starts above them.
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        // 5. fr rebuilds the first root, sr the second, from the same starting node.
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        MessageDigest sha256 = sha256();
        // 6.
        for (byte[] c : path.subList(1, path.size())) {
            // a.
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                // b. c is a left sibling, part of both trees.
                fr = nodeHash(sha256, c, fr);
                sr = nodeHash(sha256, c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                // c is a right sibling: appended after the first tree, in the second only.
                sr = nodeHash(sha256, sr, c);
            }
            // c.
            fn >>>= 1;
            sn >>>= 1;
        }
        // 7.
        return sn == 0 && MessageDigest.isEqual(fr, firstHash) && MessageDigest.isEqual(sr, secondHash);
    }

    /**
     * MTH(D[start:end]) in one pass with a stack of complete subtrees. After each leaf the stack holds the
     * roots of the complete subtrees the leaves so far decompose into, largest first (the binary digits of
     * their count); two equal ones are merged as soon as they meet. At the end the remaining roots are joined
     * from the right, which is the RFC's split at the largest power of two, applied at every level.
     */
    private static byte[] subtreeRoot(LeafHashes leaves, long start, long end, MessageDigest sha256) {
        if (start == end) {
            return sha256.digest();
        }
        byte[][] stack = new byte[Long.SIZE][];
        int height = 0;
        for (long index = start; index < end; index++) {
            stack[height++] = leafHashAt(leaves, index);
            for (long count = index - start + 1; (count & 1) == 0; count >>>= 1) {
                height--;
                stack[height - 1] = nodeHash(sha256, stack[height - 1], stack[height]);
            }
        }
        byte[] root = stack[--height];
        while (height > 0) {
            root = nodeHash(sha256, stack[--height], root);
        }
        return root;
    }

    private static byte[] leafHashAt(LeafHashes leaves, long index) {
        byte[] hash = leaves.get(index);
        if (!isHash(hash)) {
            // A corrupt row must not turn into a valid-looking root.
            throw new IllegalStateException("The leaf hash at index " + index + " is not "
                    + HASH_LENGTH + " bytes long");
        }
        return hash;
    }

    private static byte[] nodeHash(MessageDigest sha256, byte[] left, byte[] right) {
        sha256.update(NODE_PREFIX);
        sha256.update(left);
        sha256.update(right);
        return sha256.digest();
    }

    /** For {@code n >= 2}, the largest power of two strictly smaller than {@code n}: the RFC's split k. */
    private static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static void requireTreeSize(LeafHashes leaves, long treeSize) {
        Objects.requireNonNull(leaves, "leaves");
        if (treeSize < 0 || treeSize > leaves.size()) {
            throw new IllegalArgumentException(
                    "Tree size " + treeSize + " is not between 0 and the log's " + leaves.size() + " leaves");
        }
    }

    private static byte[] requireHash(byte[] hash, String name) {
        if (!isHash(hash)) {
            throw new IllegalArgumentException(name + " is not a " + HASH_LENGTH + "-byte hash");
        }
        return hash;
    }

    private static boolean isHash(byte[] hash) {
        return hash != null && hash.length == HASH_LENGTH;
    }

    private static boolean allHashes(List<byte[]> hashes) {
        return hashes != null && hashes.stream().allMatch(MerkleTree::isHash);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }
}
