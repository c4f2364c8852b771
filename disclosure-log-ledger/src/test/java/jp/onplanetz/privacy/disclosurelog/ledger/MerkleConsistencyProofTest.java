package jp.onplanetz.privacy.disclosurelog.ledger;

import jp.onplanetz.privacy.disclosurelog.ledger.CertificateTransparencyVectors.ConsistencyVector;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static jp.onplanetz.privacy.disclosurelog.ledger.MerkleInclusionProofTest.flipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MerkleConsistencyProofTest {

    private static final int MAX_TREE_SIZE = 64;

    private final List<byte[]> entries = RfcMerkleDefinition.entries(MAX_TREE_SIZE + 1);
    private final LeafHashes log = LeafHashes.of(RfcMerkleDefinition.leafHashes(entries));

    /** roots.get(n) is the root of the first n leaves, by the RFC's definition. */
    private final List<byte[]> roots = new ArrayList<>();

    {
        for (int n = 0; n <= MAX_TREE_SIZE + 1; n++) {
            roots.add(RfcMerkleDefinition.mth(entries.subList(0, n)));
        }
    }

    @Test
    void theProofBetweenEveryPairOfSizesUpTo64IsTheRfcProofAndVerifies() {
        for (int n = 1; n <= MAX_TREE_SIZE; n++) {
            for (int m = 1; m <= n; m++) {
                List<byte[]> proof = MerkleTree.consistencyProof(log, m, n);

                assertThat(proof).as("PROOF(%d, D[%d])", m, n)
                        .containsExactlyElementsOf(RfcMerkleDefinition.proof(m, entries.subList(0, n)));
                assertThat(MerkleTree.verifyConsistency(m, n, proof, roots.get(m), roots.get(n)))
                        .as("from %d to %d", m, n).isTrue();
                if (m == n) {
                    assertThat(proof).as("between equal sizes").isEmpty();
                }
            }
        }
    }

    @Test
    void theCertificateTransparencyReferenceProofsAreGeneratedAndVerify() {
        LeafHashes reference = CertificateTransparencyVectors.leafHashes();
        List<byte[]> referenceRoots = CertificateTransparencyVectors.hashes(CertificateTransparencyVectors.ROOTS);
        for (ConsistencyVector vector : CertificateTransparencyVectors.CONSISTENCY_PROOFS) {
            List<byte[]> expected = CertificateTransparencyVectors.hashes(vector.proof());

            assertThat(MerkleTree.consistencyProof(reference, vector.first(), vector.second()))
                    .as("%s", vector).containsExactlyElementsOf(expected);
            assertThat(MerkleTree.verifyConsistency(vector.first(), vector.second(), expected,
                    referenceRoots.get(vector.first() - 1), referenceRoots.get(vector.second() - 1)))
                    .as("%s", vector).isTrue();
        }
    }

    @Test
    void aProofWithANodeChangedDoesNotVerify() {
        for (int n = 1; n <= MAX_TREE_SIZE; n++) {
            for (int m = 1; m <= n; m++) {
                List<byte[]> proof = MerkleTree.consistencyProof(log, m, n);
                for (int node = 0; node < proof.size(); node++) {
                    for (int bit : new int[] {0, 255}) {
                        List<byte[]> changed = new ArrayList<>(proof);
                        changed.set(node, flipped(proof.get(node), bit));
                        assertThat(MerkleTree.verifyConsistency(m, n, changed, roots.get(m), roots.get(n)))
                                .as("from %d to %d, node %d bit %d flipped", m, n, node, bit).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void swappedRootsDoNotVerify() {
        for (int n = 2; n <= MAX_TREE_SIZE; n++) {
            for (int m = 1; m < n; m++) {
                List<byte[]> proof = MerkleTree.consistencyProof(log, m, n);

                assertThat(MerkleTree.verifyConsistency(m, n, proof, roots.get(n), roots.get(m)))
                        .as("from %d to %d with the roots swapped", m, n).isFalse();
            }
        }
    }

    @Test
    void anyOtherFirstOrSecondRootDoesNotVerify() {
        for (int n = 1; n <= MAX_TREE_SIZE; n++) {
            for (int m = 1; m <= n; m++) {
                List<byte[]> proof = MerkleTree.consistencyProof(log, m, n);
                for (int other = 0; other <= MAX_TREE_SIZE + 1; other++) {
                    if (other != m) {
                        assertThat(MerkleTree.verifyConsistency(m, n, proof, roots.get(other), roots.get(n)))
                                .as("from %d to %d with the root of %d as the first", m, n, other).isFalse();
                    }
                    if (other != n) {
                        assertThat(MerkleTree.verifyConsistency(m, n, proof, roots.get(m), roots.get(other)))
                                .as("from %d to %d with the root of %d as the second", m, n, other).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void aProofDoesNotVerifyForOtherTreeSizesWithThoseSizesRoots() {
        // As for inclusion proofs (MerkleInclusionProofTest.theTreeSizeIsBoundToTheRootOnlyByTheSignedCheckpoint),
        // sizes and roots come in signed pairs: the proof between two signed trees must fail between any other
        // two. (From the empty tree every tree is consistent: everyTreeExtendsTheEmptyTreeWithAnEmptyProof.)
        for (int n = 1; n <= MAX_TREE_SIZE; n++) {
            for (int m = 1; m <= n; m++) {
                List<byte[]> proof = MerkleTree.consistencyProof(log, m, n);
                for (int other = 1; other <= MAX_TREE_SIZE + 1; other++) {
                    if (other != m) {
                        assertThat(MerkleTree.verifyConsistency(other, n, proof, roots.get(other), roots.get(n)))
                                .as("from %d to %d claimed from %d", m, n, other).isFalse();
                    }
                    if (other != n) {
                        assertThat(MerkleTree.verifyConsistency(m, other, proof, roots.get(m), roots.get(other)))
                                .as("from %d to %d claimed to %d", m, n, other).isFalse();
                    }
                }
                assertThat(MerkleTree.verifyConsistency(m, Long.MAX_VALUE, proof, roots.get(m), roots.get(n)))
                        .as("from %d to %d claimed to the largest size", m, n).isFalse();
            }
        }
    }

    @Test
    void theTreeSizesAreBoundToTheRootsOnlyByTheSignedCheckpoints() {
        // The proof from 1 to 3, [leaf 1, leaf 2], hashes as a proof from 1 to a tree of 4 whose right subtree
        // hashes to leaf 2 would, so it passes for size 4 with the root of 3: a pair no log can sign (see the
        // inclusion proof counterpart for why).
        List<byte[]> proof = MerkleTree.consistencyProof(log, 1, 3);

        assertThat(MerkleTree.verifyConsistency(1, 4, proof, roots.get(1), roots.get(3))).isTrue();
        assertThat(MerkleTree.verifyConsistency(1, 4, proof, roots.get(1), roots.get(4))).isFalse();
    }

    @Test
    void aProofWithANodeMissingOrAddedDoesNotVerify() {
        for (int n = 1; n <= MAX_TREE_SIZE; n++) {
            for (int m = 1; m <= n; m++) {
                List<byte[]> proof = MerkleTree.consistencyProof(log, m, n);
                byte[] firstRoot = roots.get(m);
                byte[] secondRoot = roots.get(n);
                String proofOf = "proof from " + m + " to " + n;

                if (!proof.isEmpty()) {
                    assertThat(MerkleTree.verifyConsistency(m, n, List.of(), firstRoot, secondRoot))
                            .as("%s, emptied", proofOf).isFalse();
                    assertThat(MerkleTree.verifyConsistency(m, n, proof.subList(0, proof.size() - 1), firstRoot,
                            secondRoot)).as("%s without its last node", proofOf).isFalse();
                    assertThat(MerkleTree.verifyConsistency(m, n, proof.subList(1, proof.size()), firstRoot,
                            secondRoot)).as("%s without its first node", proofOf).isFalse();
                }
                for (byte[] extra : List.of(firstRoot, secondRoot, new byte[MerkleTree.HASH_LENGTH])) {
                    List<byte[]> appended = new ArrayList<>(proof);
                    appended.add(extra);
                    assertThat(MerkleTree.verifyConsistency(m, n, appended, firstRoot, secondRoot))
                            .as("%s with a node appended", proofOf).isFalse();
                    List<byte[]> prepended = new ArrayList<>(List.of(extra));
                    prepended.addAll(proof);
                    assertThat(MerkleTree.verifyConsistency(m, n, prepended, firstRoot, secondRoot))
                            .as("%s with a node prepended", proofOf).isFalse();
                }
            }
        }
    }

    @Test
    void everyTreeExtendsTheEmptyTreeWithAnEmptyProof() {
        for (int n = 0; n <= MAX_TREE_SIZE; n++) {
            assertThat(MerkleTree.consistencyProof(log, 0, n)).isEmpty();
            assertThat(MerkleTree.verifyConsistency(0, n, List.of(), MerkleTree.emptyRoot(), roots.get(n)))
                    .as("from 0 to %d", n).isTrue();
        }
        assertThat(MerkleTree.verifyConsistency(0, 5, List.of(), roots.get(1), roots.get(5)))
                .as("a first root that is not the empty tree's").isFalse();
        assertThat(MerkleTree.verifyConsistency(0, 5, List.of(roots.get(5)), MerkleTree.emptyRoot(), roots.get(5)))
                .as("a non-empty proof from the empty tree").isFalse();
    }

    @Test
    void malformedInputIsAnsweredFalseNotThrown() {
        List<byte[]> proof = MerkleTree.consistencyProof(log, 3, 8);
        List<byte[]> shortNode = new ArrayList<>(proof);
        shortNode.set(0, new byte[31]);

        assertThat(MerkleTree.verifyConsistency(3, 8, proof, roots.get(3), roots.get(8))).as("well-formed").isTrue();
        assertThat(MerkleTree.verifyConsistency(3, 8, shortNode, roots.get(3), roots.get(8))).isFalse();
        assertThat(MerkleTree.verifyConsistency(3, 8, proof, new byte[31], roots.get(8))).isFalse();
        assertThat(MerkleTree.verifyConsistency(3, 8, proof, roots.get(3), null)).isFalse();
        assertThat(MerkleTree.verifyConsistency(3, 8, null, roots.get(3), roots.get(8))).isFalse();
        assertThat(MerkleTree.verifyConsistency(8, 3, proof, roots.get(8), roots.get(3))).isFalse();
        assertThat(MerkleTree.verifyConsistency(-3, 8, proof, roots.get(3), roots.get(8))).isFalse();
        assertThat(MerkleTree.verifyConsistency(3, 3, List.of(), roots.get(3), roots.get(4)))
                .as("equal sizes, different roots").isFalse();
    }

    @Test
    void generationRefusesSizesOutOfOrderOrBeyondTheLog() {
        assertThatThrownBy(() -> MerkleTree.consistencyProof(log, 5, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.consistencyProof(log, -1, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.consistencyProof(log, 1, log.size() + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
