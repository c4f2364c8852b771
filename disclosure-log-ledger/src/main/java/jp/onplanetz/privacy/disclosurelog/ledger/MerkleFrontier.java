package jp.onplanetz.privacy.disclosurelog.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The right edge of an RFC 9162 tree being built leaf by leaf: the roots of its perfect subtrees, one per set bit
 * of the size. Appending costs amortised one node hash, and the root of the tree so far can be read at any size in
 * at most log2(size) hashes, so a verifier walking a log of millions of entries checks every signed checkpoint on
 * the way in a single pass, holding some thirty hashes.
 * <p>
 * The root folds these subtrees from the smallest (rightmost) up, {@code MTH = node(s_big, node(..., s_small))}:
 * RFC 9162's split at the largest power of two below {@code n} makes the left child the biggest perfect subtree,
 * and recursing on the rest gives the others in turn.
 */
public final class MerkleFrontier {

    /** {@code levels.get(h)}: the root of the perfect subtree of 2^h leaves, when bit h of size is set. */
    private final List<byte[]> levels = new ArrayList<>();
    private long size;

    public long size() {
        return size;
    }

    /** An independent frontier at the same size: appending to either leaves the other as it was. */
    public MerkleFrontier copy() {
        MerkleFrontier copy = new MerkleFrontier();
        // The subtree roots are never changed in place (append replaces them), so sharing the arrays is safe.
        copy.levels.addAll(levels);
        copy.size = size;
        return copy;
    }

    public void append(byte[] leafHash) {
        Objects.requireNonNull(leafHash, "leafHash");
        if (leafHash.length != MerkleTree.HASH_LENGTH) {
            throw new IllegalArgumentException("A leaf hash is " + MerkleTree.HASH_LENGTH + " bytes");
        }
        // A copy: at an even size the leaf itself is kept as a subtree root, and a caller reusing its buffer for
        // the next leaf would otherwise change the tree already appended.
        byte[] carry = leafHash.clone();
        int level = 0;
        while (((size >>> level) & 1) == 1) {
            carry = MerkleTree.nodeHash(levels.get(level), carry);
            levels.set(level, null);
            level++;
        }
        while (levels.size() <= level) {
            levels.add(null);
        }
        levels.set(level, carry);
        size++;
    }

    /** MTH of the leaves appended so far (the empty tree's root before the first). */
    public byte[] root() {
        byte[] acc = null;
        for (byte[] subtree : levels) {
            if (subtree != null) {
                acc = acc == null ? subtree : MerkleTree.nodeHash(subtree, acc);
            }
        }
        return acc == null ? MerkleTree.emptyRoot() : acc.clone();
    }
}
