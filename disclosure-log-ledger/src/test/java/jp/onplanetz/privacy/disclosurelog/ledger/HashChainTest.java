package jp.onplanetz.privacy.disclosurelog.ledger;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class HashChainTest {

    private static final int RECORDS = 20;

    private final List<byte[]> leafHashes = RfcMerkleDefinition.leafHashes(RfcMerkleDefinition.entries(RECORDS));
    private final List<byte[]> chain = HashChain.chainOf(LeafHashes.of(leafHashes));

    @Test
    void theGenesisIsTheSha256OfTheFixedPhrase() {
        // python3 -c 'import hashlib; print(hashlib.sha256(b"privacy-ops disclosure log genesis").hexdigest())'
        assertThat(HexFormat.of().formatHex(HashChain.genesis()))
                .isEqualTo("ab21b0fff535f7f2e68e43f8ff7e1a8cd2539154b4e025fcf3c237f5e4851b80");
    }

    @Test
    void eachLinkIsTheSha256OfThePreviousLinkAndTheLeafHash() {
        byte[] previous = HashChain.genesis();
        for (int i = 0; i < RECORDS; i++) {
            byte[] expected = RfcMerkleDefinition.sha256(concat(previous, leafHashes.get(i)));

            assertThat(chain.get(i)).as("link %d", i).isEqualTo(expected);
            assertThat(HashChain.link(previous, leafHashes.get(i))).isEqualTo(expected);
            previous = expected;
        }
    }

    @Test
    void anIntactChainHasNoBrokenLink() {
        assertThat(HashChain.verify(LeafHashes.of(leafHashes), chain)).isEmpty();
        assertThat(HashChain.verify(LeafHashes.of(List.of()), List.of())).isEmpty();
    }

    @Test
    void aChangedLeafIsReportedAtItsIndex() {
        for (int k = 0; k < RECORDS; k++) {
            List<byte[]> altered = new ArrayList<>(leafHashes);
            altered.set(k, MerkleTree.leafHash(new byte[] {42}));

            assertThat(HashChain.verify(LeafHashes.of(altered), chain)).as("leaf %d changed", k).hasValue(k);
        }
    }

    @Test
    void aChangedLinkIsReportedAtItsIndex() {
        for (int k = 0; k < RECORDS; k++) {
            List<byte[]> altered = new ArrayList<>(chain);
            altered.set(k, MerkleInclusionProofTest.flipped(chain.get(k), 3));

            assertThat(HashChain.verify(LeafHashes.of(leafHashes), altered)).as("link %d changed", k).hasValue(k);
        }
    }

    @Test
    void aDeletedRecordIsReportedAtItsPosition() {
        // The last record is the exception: see aLogCutShortOrRewrittenFromSomeRecordOnPassesTheChainButNotTheRoot.
        for (int k = 0; k < RECORDS - 1; k++) {
            List<byte[]> leavesLeft = new ArrayList<>(leafHashes);
            List<byte[]> linksLeft = new ArrayList<>(chain);
            leavesLeft.remove(k);
            linksLeft.remove(k);

            assertThat(HashChain.verify(LeafHashes.of(leavesLeft), linksLeft)).as("record %d deleted", k).hasValue(k);
        }
    }

    @Test
    void aLeafDeletedWithoutItsLinkIsReportedAtItsPosition() {
        for (int k = 0; k < RECORDS; k++) {
            List<byte[]> leavesLeft = new ArrayList<>(leafHashes);
            leavesLeft.remove(k);

            assertThat(HashChain.verify(LeafHashes.of(leavesLeft), chain)).as("leaf %d deleted", k).hasValue(k);
        }
    }

    @Test
    void aRecordInsertedWithAFittingLinkIsReportedAtTheRecordItDisplaced() {
        // The inserted record's own link is right, so the first link that does not follow is the next one.
        for (int k = 0; k <= RECORDS; k++) {
            List<byte[]> leaves = new ArrayList<>(leafHashes);
            List<byte[]> links = new ArrayList<>(chain);
            byte[] inserted = MerkleTree.leafHash(new byte[] {42});
            leaves.add(k, inserted);
            links.add(k, HashChain.link(k == 0 ? HashChain.genesis() : chain.get(k - 1), inserted));

            assertThat(HashChain.verify(LeafHashes.of(leaves), links)).as("record inserted at %d", k)
                    .isEqualTo(k == RECORDS ? OptionalLong.empty() : OptionalLong.of(k + 1));
        }
    }

    @Test
    void aLeafWithoutALinkIsReportedAfterTheLastLink() {
        List<byte[]> leaves = new ArrayList<>(leafHashes);
        leaves.add(MerkleTree.leafHash(new byte[] {42}));

        assertThat(HashChain.verify(LeafHashes.of(leaves), chain)).hasValue(RECORDS);
        assertThat(HashChain.verify(LeafHashes.of(leafHashes), chain.subList(0, RECORDS - 2))).hasValue(RECORDS - 2);
    }

    @Test
    void aLogCutShortOrRewrittenFromSomeRecordOnPassesTheChainButNotTheRoot() {
        // What the chain cannot see, by design: whoever can write the rows can recompute every link after a
        // change. The root the log signed for its size is what catches it.
        byte[] signedRoot = MerkleTree.rootHash(LeafHashes.of(leafHashes));
        List<byte[]> cutShort = leafHashes.subList(0, RECORDS - 1);
        List<byte[]> rewritten = new ArrayList<>(leafHashes);
        rewritten.set(7, MerkleTree.leafHash(new byte[] {42}));

        assertThat(HashChain.verify(LeafHashes.of(cutShort), chain.subList(0, RECORDS - 1))).isEmpty();
        assertThat(MerkleTree.rootHash(LeafHashes.of(leafHashes), RECORDS - 1)).isNotEqualTo(signedRoot);
        assertThat(HashChain.verify(LeafHashes.of(rewritten), HashChain.chainOf(LeafHashes.of(rewritten)))).isEmpty();
        assertThat(MerkleTree.rootHash(LeafHashes.of(rewritten))).isNotEqualTo(signedRoot);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
