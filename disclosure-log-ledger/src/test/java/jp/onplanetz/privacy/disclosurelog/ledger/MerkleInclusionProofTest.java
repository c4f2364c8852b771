package jp.onplanetz.privacy.disclosurelog.ledger;

import jp.onplanetz.privacy.disclosurelog.ledger.CertificateTransparencyVectors.InclusionVector;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MerkleInclusionProofTest {

    private static final int MAX_TREE_SIZE = 64;

    private final List<byte[]> entries = RfcMerkleDefinition.entries(MAX_TREE_SIZE + 1);
    private final List<byte[]> leafHashes = RfcMerkleDefinition.leafHashes(entries);
    private final LeafHashes log = LeafHashes.of(leafHashes);

    /** roots.get(n) is the root of the first n leaves, by the RFC's definition. */
    private final List<byte[]> roots = new ArrayList<>();

    {
        for (int n = 0; n <= MAX_TREE_SIZE + 1; n++) {
            roots.add(RfcMerkleDefinition.mth(entries.subList(0, n)));
        }
    }

    @Test
    void theProofOfEveryLeafOfEveryTreeUpTo64LeavesIsTheRfcPathAndVerifies() {
        for (int n = 1; n <= MAX_TREE_SIZE; n++) {
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = MerkleTree.inclusionProof(log, m, n);

                assertThat(proof).as("PATH(%d, D[%d])", m, n)
                        .containsExactlyElementsOf(RfcMerkleDefinition.path(m, entries.subList(0, n)));
                assertThat(MerkleTree.verifyInclusion(leafHashes.get(m), m, n, proof, roots.get(n)))
                        .as("leaf %d of %d", m, n).isTrue();
            }
        }
    }

    @Test
    void theCertificateTransparencyReferenceProofsAreGeneratedAndVerify() {
        LeafHashes reference = CertificateTransparencyVectors.leafHashes();
        List<byte[]> referenceRoots = CertificateTransparencyVectors.hashes(CertificateTransparencyVectors.ROOTS);
        for (InclusionVector vector : CertificateTransparencyVectors.INCLUSION_PROOFS) {
            List<byte[]> expected = CertificateTransparencyVectors.hashes(vector.path());
            byte[] root = referenceRoots.get(vector.treeSize() - 1);

            assertThat(MerkleTree.inclusionProof(reference, vector.leafIndex(), vector.treeSize()))
                    .as("%s", vector).containsExactlyElementsOf(expected);
            assertThat(MerkleTree.verifyInclusion(reference.get(vector.leafIndex()), vector.leafIndex(),
                    vector.treeSize(), expected, root)).as("%s", vector).isTrue();
        }
    }

    @Test
    void aProofDoesNotVerifyAnyOtherLeaf() {
        for (int n = 1; n <= MAX_TREE_SIZE; n++) {
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = MerkleTree.inclusionProof(log, m, n);
                for (int other = 0; other <= MAX_TREE_SIZE; other++) {
                    if (other != m) {
                        assertThat(MerkleTree.verifyInclusion(leafHashes.get(other), m, n, proof, roots.get(n)))
                                .as("leaf %d's hash with the proof of leaf %d of %d", other, m, n).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void aProofDoesNotVerifyAtAnyOtherIndex() {
        for (int n = 1; n <= MAX_TREE_SIZE; n++) {
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = MerkleTree.inclusionProof(log, m, n);
                for (int index = -1; index <= n; index++) {
                    if (index != m) {
                        assertThat(MerkleTree.verifyInclusion(leafHashes.get(m), index, n, proof, roots.get(n)))
                                .as("leaf %d of %d claimed at index %d", m, n, index).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void aProofDoesNotVerifyForAnyOtherTreeSizeWithThatSizesRoot() {
        // A checkpoint signs a size and a root together: a proof made for one signed tree must fail against
        // every other signed tree, whatever its size.
        for (int n = 1; n <= MAX_TREE_SIZE; n++) {
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = MerkleTree.inclusionProof(log, m, n);
                for (int size = 0; size <= MAX_TREE_SIZE + 1; size++) {
                    if (size != n) {
                        assertThat(MerkleTree.verifyInclusion(leafHashes.get(m), m, size, proof, roots.get(size)))
                                .as("leaf %d of %d claimed in the tree of %d", m, n, size).isFalse();
                    }
                }
                for (long size : List.of(1L << 40, Long.MAX_VALUE)) {
                    assertThat(MerkleTree.verifyInclusion(leafHashes.get(m), m, size, proof, roots.get(n)))
                            .as("leaf %d of %d claimed in a tree of %d", m, n, size).isFalse();
                }
            }
        }
    }

    @Test
    void theTreeSizeIsBoundToTheRootOnlyByTheSignedCheckpoint() {
        // RFC 9162's verifier cannot tell a leaf hash from a node hash in the path, so leaf 0's proof in the
        // tree of 3, [leaf 1, leaf 2], hashes exactly as a proof in a tree of 4 whose right subtree hashes to
        // leaf 2 would. It does pass for size 4 with the root of 3. No log can sign that pair: the root of 4
        // leaves would need leaf 2's hash, SHA-256(0x00 || ...), to equal a node hash, SHA-256(0x01 || ...).
        // Hence a reader must take size and root from one verified checkpoint, never from separate sources.
        List<byte[]> proof = MerkleTree.inclusionProof(log, 0, 3);

        assertThat(MerkleTree.verifyInclusion(leafHashes.get(0), 0, 4, proof, roots.get(3))).isTrue();
        assertThat(MerkleTree.verifyInclusion(leafHashes.get(0), 0, 4, proof, roots.get(4))).isFalse();
    }

    @Test
    void aProofDoesNotVerifyAgainstAnyOtherRoot() {
        for (int n = 1; n <= MAX_TREE_SIZE; n++) {
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = MerkleTree.inclusionProof(log, m, n);
                for (int other = 0; other <= MAX_TREE_SIZE + 1; other++) {
                    if (other != n) {
                        assertThat(MerkleTree.verifyInclusion(leafHashes.get(m), m, n, proof, roots.get(other)))
                                .as("leaf %d of %d against the root of %d", m, n, other).isFalse();
                    }
                }
                assertThat(MerkleTree.verifyInclusion(leafHashes.get(m), m, n, proof, flipped(roots.get(n), 255)))
                        .as("leaf %d of %d against its root with one bit flipped", m, n).isFalse();
            }
        }
    }

    @Test
    void aProofWithANodeChangedMissingOrAddedDoesNotVerify() {
        for (int n = 1; n <= MAX_TREE_SIZE; n++) {
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = MerkleTree.inclusionProof(log, m, n);
                byte[] leaf = leafHashes.get(m);
                byte[] root = roots.get(n);
                String proofOf = "proof of leaf " + m + " of " + n;

                for (int node = 0; node < proof.size(); node++) {
                    for (int bit : new int[] {0, 7, 130, 255}) {
                        List<byte[]> changed = new ArrayList<>(proof);
                        changed.set(node, flipped(proof.get(node), bit));
                        assertThat(MerkleTree.verifyInclusion(leaf, m, n, changed, root))
                                .as("%s, node %d bit %d flipped", proofOf, node, bit).isFalse();
                    }
                }
                if (!proof.isEmpty()) {
                    assertThat(MerkleTree.verifyInclusion(leaf, m, n, proof.subList(0, proof.size() - 1), root))
                            .as("%s without its last node", proofOf).isFalse();
                    assertThat(MerkleTree.verifyInclusion(leaf, m, n, proof.subList(1, proof.size()), root))
                            .as("%s without its first node", proofOf).isFalse();
                }
                for (byte[] extra : List.of(root, leaf, new byte[MerkleTree.HASH_LENGTH])) {
                    List<byte[]> appended = new ArrayList<>(proof);
                    appended.add(extra);
                    assertThat(MerkleTree.verifyInclusion(leaf, m, n, appended, root))
                            .as("%s with a node appended", proofOf).isFalse();
                    List<byte[]> prepended = new ArrayList<>(List.of(extra));
                    prepended.addAll(proof);
                    assertThat(MerkleTree.verifyInclusion(leaf, m, n, prepended, root))
                            .as("%s with a node prepended", proofOf).isFalse();
                }
            }
        }
    }

    @Test
    void malformedInputIsAnsweredFalseNotThrown() {
        List<byte[]> proof = MerkleTree.inclusionProof(log, 3, 8);
        byte[] leaf = leafHashes.get(3);
        byte[] root = roots.get(8);
        List<byte[]> shortNode = new ArrayList<>(proof);
        shortNode.set(1, new byte[31]);

        assertThat(MerkleTree.verifyInclusion(leaf, 3, 8, proof, root)).as("the well-formed proof").isTrue();
        assertThat(MerkleTree.verifyInclusion(leaf, 3, 8, shortNode, root)).isFalse();
        assertThat(MerkleTree.verifyInclusion(new byte[31], 3, 8, proof, root)).isFalse();
        assertThat(MerkleTree.verifyInclusion(leaf, 3, 8, proof, new byte[33])).isFalse();
        assertThat(MerkleTree.verifyInclusion(null, 3, 8, proof, root)).isFalse();
        assertThat(MerkleTree.verifyInclusion(leaf, 3, 8, null, root)).isFalse();
        assertThat(MerkleTree.verifyInclusion(leaf, 3, 0, List.of(), MerkleTree.emptyRoot())).isFalse();
        assertThat(MerkleTree.verifyInclusion(leaf, 3, -8, proof, root)).isFalse();
        assertThat(MerkleTree.verifyInclusion(leaf, Long.MIN_VALUE, 8, proof, root)).isFalse();
    }

    @Test
    void generationRefusesALeafOutsideTheTreeOrATreeBeyondTheLog() {
        assertThatThrownBy(() -> MerkleTree.inclusionProof(log, 8, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.inclusionProof(log, -1, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.inclusionProof(log, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.inclusionProof(log, 0, log.size() + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static byte[] flipped(byte[] hash, int bit) {
        byte[] copy = hash.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }
}
