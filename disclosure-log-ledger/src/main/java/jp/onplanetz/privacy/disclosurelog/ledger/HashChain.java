package jp.onplanetz.privacy.disclosurelog.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The hash chain over the log's leaves: {@code chain[i] = SHA-256(chain[i-1] || leafHash[i])}, where
 * {@code chain[-1]} is the fixed {@link #genesis()}.
 * <p>
 * The Merkle tree already makes the log tamper-evident against a signed checkpoint; the chain is what lets the
 * service's verifier name the first record that is wrong, walking the rows once, without a checkpoint. On its
 * own it does not stop someone who can rewrite rows: they can recompute every link after the record they
 * changed. Only the signed root catches that, so the two go together.
 */
public final class HashChain {

    private static final byte[] GENESIS = MerkleTree.sha256()
            .digest("privacy-ops disclosure log genesis".getBytes(StandardCharsets.UTF_8));

    private HashChain() {
    }

    /** {@code SHA-256("privacy-ops disclosure log genesis")}: the link before the first record. */
    public static byte[] genesis() {
        return GENESIS.clone();
    }

    /** {@code SHA-256(previous || leafHash)}: the link of a record, given the link of the record before it. */
    public static byte[] link(byte[] previous, byte[] leafHash) {
        return link(MerkleTree.sha256(), previous, leafHash);
    }

    /** The links of every leaf, in log order: {@code chain[i]} for {@code 0 <= i < leaves.size()}. */
    public static List<byte[]> chainOf(LeafHashes leaves) {
        Objects.requireNonNull(leaves, "leaves");
        MessageDigest sha256 = MerkleTree.sha256();
        List<byte[]> chain = new ArrayList<>(Math.toIntExact(leaves.size()));
        byte[] previous = GENESIS;
        for (long index = 0; index < leaves.size(); index++) {
            previous = link(sha256, previous, leaves.get(index));
            chain.add(previous);
        }
        return chain;
    }

    /**
     * Recomputes every link from the genesis and compares it with the stored one.
     *
     * @param leaves the leaf hashes as stored
     * @param chain  the links as stored, {@code chain.get(i)} being the link of leaf {@code i}
     * @return the index of the first record whose link does not follow from the genesis and the leaves up to
     *         and including its own: where a leaf or a link was changed or a record removed (a record inserted
     *         with a link that fits is caught at the record it displaced); or, when one list is longer, the
     *         first index only the longer one has; empty when the chain is intact. A log cut short at its
     *         end, leaves and links alike, is intact as a chain: that is for the signed checkpoint's tree size
     *         to catch.
     */
    public static OptionalLong verify(LeafHashes leaves, List<byte[]> chain) {
        Objects.requireNonNull(leaves, "leaves");
        Objects.requireNonNull(chain, "chain");
        MessageDigest sha256 = MerkleTree.sha256();
        long common = Math.min(leaves.size(), chain.size());
        byte[] previous = GENESIS;
        for (long index = 0; index < common; index++) {
            byte[] stored = chain.get(Math.toIntExact(index));
            byte[] leafHash = leaves.get(index);
            if (stored == null || leafHash == null
                    || !MessageDigest.isEqual(link(sha256, previous, leafHash), stored)) {
                return OptionalLong.of(index);
            }
            previous = stored;
        }
        return leaves.size() == chain.size() ? OptionalLong.empty() : OptionalLong.of(common);
    }

    private static byte[] link(MessageDigest sha256, byte[] previous, byte[] leafHash) {
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(leafHash, "leafHash");
        sha256.update(previous);
        return sha256.digest(leafHash);
    }
}
