package jp.onplanetz.privacy.disclosurelog.ledger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MerkleFrontierTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void theEmptyFrontierHasTheRootOfTheEmptyTree() {
        MerkleFrontier frontier = new MerkleFrontier();

        assertThat(frontier.size()).isZero();
        // SHA-256 of nothing, RFC 9162's MTH({}), spelled out rather than taken from MerkleTree.
        assertThat(HEX.formatHex(frontier.root()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(frontier.root()).isEqualTo(MerkleTree.emptyRoot());
    }

    @Test
    void theRootAfterEachAppendIsTheRootOfEveryPrefixUpTo300() {
        // Every size up to 300 passes every shape of the right edge below 256 and both sides of 128 and 256.
        // Two references: MerkleTree (iterative over a whole list) and the RFC's recursive MTH over the entries'
        // data, which shares no code with either.
        List<byte[]> entries = RfcMerkleDefinition.entries(300);
        List<byte[]> leafHashes = RfcMerkleDefinition.leafHashes(entries);
        LeafHashes log = LeafHashes.of(leafHashes);
        MerkleFrontier frontier = new MerkleFrontier();

        for (int n = 0; n <= entries.size(); n++) {
            if (n > 0) {
                frontier.append(leafHashes.get(n - 1));
            }

            assertThat(frontier.size()).isEqualTo(n);
            assertThat(frontier.root()).as("root of %d leaves against MerkleTree", n)
                    .isEqualTo(MerkleTree.rootHash(log, n));
            assertThat(frontier.root()).as("root of %d leaves against the RFC's definition", n)
                    .isEqualTo(RfcMerkleDefinition.mth(entries.subList(0, n)));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {511, 512, 513, 1023, 1024, 1025, 1500, 2047, 2048, 2049})
    void theRootAroundLargerPowersOfTwoIsTheRfcRoot(int size) {
        // Around 2^k the frontier goes from k+1 perfect subtrees (all bits set) to one, and back to two: every
        // carry propagates through every level.
        List<byte[]> entries = RfcMerkleDefinition.entries(size);
        List<byte[]> leafHashes = RfcMerkleDefinition.leafHashes(entries);

        MerkleFrontier frontier = frontierOf(leafHashes);

        assertThat(frontier.size()).isEqualTo(size);
        assertThat(frontier.root()).isEqualTo(RfcMerkleDefinition.mth(entries));
        assertThat(frontier.root()).isEqualTo(MerkleTree.rootHash(LeafHashes.of(leafHashes)));
    }

    @Test
    void theRootsOfTheCertificateTransparencyReferenceTreeAreTheKnownAnswers() {
        MerkleFrontier frontier = new MerkleFrontier();

        for (int n = 1; n <= 8; n++) {
            frontier.append(HEX.parseHex(CertificateTransparencyVectors.LEAF_HASHES.get(n - 1)));

            assertThat(HEX.formatHex(frontier.root())).as("root of the first %d entries", n)
                    .isEqualTo(CertificateTransparencyVectors.ROOTS.get(n - 1));
        }
    }

    @Test
    void theRootOfAMillionLeavesIsPythonsRoot() {
        // The same log and the same Python-computed root as MerkleTreeTest.theRootOfAMillionLeavesIsComputedInOnePass:
        // leaf i is SHA-256(0x00 || i as 8 bytes big-endian). Deep enough (20 levels, 1_000_000 has 7 bits set)
        // that a mistake in the order of the fold over the subtrees could not hide.
        MerkleFrontier frontier = new MerkleFrontier();
        for (long i = 0; i < 1_000_000; i++) {
            frontier.append(MerkleTree.leafHash(ByteBuffer.allocate(Long.BYTES).putLong(i).array()));
        }

        assertThat(frontier.size()).isEqualTo(1_000_000);
        assertThat(HEX.formatHex(frontier.root()))
                .isEqualTo("8ed0805dba1b06ac61a0a2fd76302bbdff69af7305fe8dd16e1dd05ce3ea3295");
    }

    @Test
    void readingTheRootDoesNotDisturbLaterAppends() {
        // The audit reads the root at every checkpoint size on the way: doing so must leave the frontier as it
        // was, and the root handed out must not be the frontier's own array.
        List<byte[]> leafHashes = RfcMerkleDefinition.leafHashes(RfcMerkleDefinition.entries(100));
        MerkleFrontier readOften = new MerkleFrontier();
        for (byte[] leaf : leafHashes) {
            readOften.append(leaf);
            byte[] root = readOften.root();
            byte[] again = readOften.root();
            assertThat(again).isEqualTo(root);
            root[0] ^= 1;
            again[31] ^= 1;
        }

        assertThat(readOften.root()).isEqualTo(frontierOf(leafHashes).root());
        assertThat(readOften.root()).isEqualTo(MerkleTree.rootHash(LeafHashes.of(leafHashes)));
    }

    @Test
    void aCopyGrowsApartFromItsOriginal() {
        // The disclosure log keeps a frontier per log and extends a copy inside a transaction that may roll back:
        // whatever is appended to either must not reach the other, at every shape of the right edge up to 40.
        List<byte[]> leafHashes = RfcMerkleDefinition.leafHashes(RfcMerkleDefinition.entries(80));
        for (int kept = 0; kept <= 40; kept++) {
            MerkleFrontier original = frontierOf(leafHashes.subList(0, kept));
            MerkleFrontier copy = original.copy();
            for (byte[] leaf : leafHashes.subList(kept, 80)) {
                copy.append(leaf);
            }
            // The original goes on with other leaves (the reversed tail) and must not see the copy's.
            List<byte[]> otherTail = new ArrayList<>(leafHashes.subList(kept, kept + 3));
            Collections.reverse(otherTail);
            for (byte[] leaf : otherTail) {
                original.append(leaf);
            }
            List<byte[]> originalLeaves = new ArrayList<>(leafHashes.subList(0, kept));
            originalLeaves.addAll(otherTail);

            assertThat(copy.size()).isEqualTo(80);
            assertThat(copy.root()).as("copy taken at %d", kept).isEqualTo(RfcMerkleDefinition.mth(
                    RfcMerkleDefinition.entries(80)));
            assertThat(original.size()).isEqualTo(kept + 3);
            assertThat(original.root()).as("original kept at %d", kept)
                    .isEqualTo(MerkleTree.rootHash(LeafHashes.of(originalLeaves)));
        }
    }

    @Test
    void aRootHandedOutForOneLeafIsACopy() {
        // At size 1 (and every power of two) the root is one stored subtree, not a fresh hash: the one case
        // where handing out the stored array itself would let the caller corrupt the frontier.
        byte[] leaf = MerkleTree.leafHash(new byte[] {1});
        MerkleFrontier frontier = new MerkleFrontier();
        frontier.append(leaf);

        frontier.root()[0] ^= 1;

        assertThat(frontier.root()).isEqualTo(MerkleTree.leafHash(new byte[] {1}));
    }

    @Test
    void aLeafArrayChangedByTheCallerAfterAppendingDoesNotChangeTheTree() {
        // A reader streaming leaf hashes from the database may reuse one buffer: the frontier must keep the
        // value it was given, not the caller's array.
        List<byte[]> leafHashes = RfcMerkleDefinition.leafHashes(RfcMerkleDefinition.entries(7));
        MerkleFrontier frontier = new MerkleFrontier();
        byte[] buffer = new byte[MerkleTree.HASH_LENGTH];
        for (byte[] leaf : leafHashes) {
            System.arraycopy(leaf, 0, buffer, 0, buffer.length);
            frontier.append(buffer);
        }
        buffer[0] ^= 1;

        assertThat(frontier.root()).isEqualTo(MerkleTree.rootHash(LeafHashes.of(leafHashes)));
    }

    @Test
    void aLeafThatIsNotA32ByteHashIsRefusedAndLeavesTheFrontierAsItWas() {
        List<byte[]> leafHashes = RfcMerkleDefinition.leafHashes(RfcMerkleDefinition.entries(5));
        MerkleFrontier frontier = frontierOf(leafHashes);
        byte[] rootBefore = frontier.root();

        assertThatThrownBy(() -> frontier.append(null)).isInstanceOf(NullPointerException.class);
        for (int length : new int[] {0, 1, 31, 33, 64}) {
            assertThatThrownBy(() -> frontier.append(new byte[length])).as("%d bytes", length)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
        }

        assertThat(frontier.size()).isEqualTo(5);
        assertThat(frontier.root()).isEqualTo(rootBefore);
    }

    @Test
    void theOrderOfLeavesMatters() {
        List<byte[]> leafHashes = RfcMerkleDefinition.leafHashes(RfcMerkleDefinition.entries(3));

        assertThat(frontierOf(List.of(leafHashes.get(0), leafHashes.get(1), leafHashes.get(2))).root())
                .isNotEqualTo(frontierOf(List.of(leafHashes.get(1), leafHashes.get(0), leafHashes.get(2))).root())
                .isNotEqualTo(frontierOf(List.of(leafHashes.get(0), leafHashes.get(2), leafHashes.get(1))).root());
    }

    private static MerkleFrontier frontierOf(List<byte[]> leafHashes) {
        MerkleFrontier frontier = new MerkleFrontier();
        leafHashes.forEach(frontier::append);
        return frontier;
    }
}
