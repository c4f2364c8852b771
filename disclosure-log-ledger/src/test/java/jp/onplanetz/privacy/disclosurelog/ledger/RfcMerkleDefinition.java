package jp.onplanetz.privacy.disclosurelog.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The definitions of RFC 9162, 2.1.1 (MTH), 2.1.3.1 (PATH) and 2.1.4.1 (PROOF, SUBPROOF), transcribed as
 * literally as Java allows, over the entries' data rather than their leaf hashes: slow, recursive, and shares
 * nothing with {@link MerkleTree}, so the tests can hold {@link MerkleTree} to it.
 */
final class RfcMerkleDefinition {

    private RfcMerkleDefinition() {
    }

    /** MTH(D[n]). */
    static byte[] mth(List<byte[]> d) {
        int n = d.size();
        if (n == 0) {
            return sha256(new byte[0]);
        }
        if (n == 1) {
            return sha256(concat(new byte[] {0x00}, d.get(0)));
        }
        int k = k(n);
        return sha256(concat(new byte[] {0x01}, mth(d.subList(0, k)), mth(d.subList(k, n))));
    }

    /** PATH(m, D[n]). */
    static List<byte[]> path(int m, List<byte[]> d) {
        int n = d.size();
        if (n == 1) {
            return new ArrayList<>();
        }
        int k = k(n);
        List<byte[]> path;
        if (m < k) {
            path = path(m, d.subList(0, k));
            path.add(mth(d.subList(k, n)));
        } else {
            path = path(m - k, d.subList(k, n));
            path.add(mth(d.subList(0, k)));
        }
        return path;
    }

    /** PROOF(m, D[n]) = SUBPROOF(m, D[n], true). */
    static List<byte[]> proof(int m, List<byte[]> d) {
        return subproof(m, d, true);
    }

    private static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
        int n = d.size();
        if (m == n) {
            List<byte[]> proof = new ArrayList<>();
            if (!b) {
                proof.add(mth(d));
            }
            return proof;
        }
        int k = k(n);
        List<byte[]> proof;
        if (m <= k) {
            proof = subproof(m, d.subList(0, k), b);
            proof.add(mth(d.subList(k, n)));
        } else {
            proof = subproof(m - k, d.subList(k, n), false);
            proof.add(mth(d.subList(0, k)));
        }
        return proof;
    }

    /** The entries the proof tests use: distinct, of varying length (the empty one included). */
    static List<byte[]> entries(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> i == 0 ? new byte[0]
                        : ("disclosure " + "x".repeat(i % 7) + i).getBytes(StandardCharsets.UTF_8))
                .toList();
    }

    /** Leaf hashes of the entries, as the log would store them. */
    static List<byte[]> leafHashes(List<byte[]> entries) {
        return entries.stream().map(e -> sha256(concat(new byte[] {0x00}, e))).toList();
    }

    /** The largest power of two smaller than n, by counting up to it. */
    private static int k(int n) {
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }

    private static byte[] concat(byte[]... parts) {
        byte[] all = new byte[0];
        for (byte[] part : parts) {
            byte[] longer = new byte[all.length + part.length];
            System.arraycopy(all, 0, longer, 0, all.length);
            System.arraycopy(part, 0, longer, all.length, part.length);
            all = longer;
        }
        return all;
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
