package jp.onplanetz.privacy.disclosurelog.ledger;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MerkleTreeTest {

    private static final HexFormat HEX = HexFormat.of();

    /**
     * Roots of the trees whose entry j is the first j letters of the alphabet ("", "a", "ab", ...), for 0 to
     * 17 entries, computed by Python's hashlib, not by anything in this repository:
     * <pre>
     * import hashlib
     * def mth(d):
     *     if len(d) == 0: return hashlib.sha256(b"").digest()
     *     if len(d) == 1: return hashlib.sha256(b"\x00" + d[0]).digest()
     *     k = 1
     *     while k * 2 &lt; len(d): k *= 2
     *     return hashlib.sha256(b"\x01" + mth(d[:k]) + mth(d[k:])).digest()
     * alphabet = b"abcdefghijklmnopq"
     * for n in range(0, 18):
     *     print(n, mth([alphabet[:j] for j in range(n)]).hex())
     * </pre>
     */
    private static final List<String> ALPHABET_PREFIX_ROOTS = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "688dc6244b041199e7ab4990df6340ce3dc14caa5cd5a0e1131addaa1209e1a6",
            "383e04b3c7a704f3c74bf0bdd1e1bc1b645cc4cd3a65623f3bd7ae331aea6a31",
            "8f81aec6982163362cc8ce0c08da70bfbaa97b5b6e54817a88c7f632089f0784",
            "eed92cb74de86bbba60dd0be941565d235d373ee576bc9033f0b0846d91b663b",
            "a0299ce82edbced9da18bc1a17d23fc3c2cf2875418cd28055f3d03436b48082",
            "064e85ca5dfb6c2571523dc2f66965d4f259726eea488d00975eec3ae155cbc0",
            "c73c83f393c6b07b1f589d42afc6e706b80f93b7abfe8ebfbbb7c17f414b2f7e",
            "00478de74de95bb18f261546f440b8ca2d0904f22d3bc5fed1ff536383039242",
            "0fd0f257d487ad09c5563e6f9be4a2a318f426a74ccce03e802763d57885e9dc",
            "f197e480ee22928b40005f823bbd92c3f172ad1393ec569d3a0f4ce372f86289",
            "fd780a881ba583ab0d7cf4e38077c0f4af268af784adce09455c49680fb7730d",
            "47b5e1c1fc7d10ae59a833bd6051d0429595bd286a8984631cbf2b13a87e981a",
            "75a330d68747831708260a8d48f1baaee560c23c25b6207d0c127469e1f78ad6",
            "2cabc25ce7a89a85bea1fb7783d6d1eed7f8d62501afa5c21299f20f77cc3b65",
            "bd6009ace040db7b337e61ed7912ea98be61788e8f122c1ddc6f0c77813cb112",
            "3cb0cfae1e431667eec70d251575ddfb7f56c5e8cea417a44a527f9b1af948a2");

    @Test
    void theEmptyTreeHashesToTheSha256OfNothing() {
        assertThat(HEX.formatHex(MerkleTree.emptyRoot()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(MerkleTree.rootHash(LeafHashes.of(List.of()))).isEqualTo(MerkleTree.emptyRoot());
    }

    @Test
    void leafAndNodeHashesCarryTheirDomainPrefixes() {
        // python3 -c 'import hashlib; a = hashlib.sha256(b"\x00a").digest(); b = hashlib.sha256(b"\x00b").digest();
        //             print(a.hex(), hashlib.sha256(b"\x01" + a + b).hexdigest())'
        byte[] a = MerkleTree.leafHash(bytes("a"));
        byte[] b = MerkleTree.leafHash(bytes("b"));

        assertThat(HEX.formatHex(a)).isEqualTo("022a6979e6dab7aa5ae4c3e5e45f7e977112a7e63593820dbec1ec738a24f93c");
        assertThat(HEX.formatHex(MerkleTree.nodeHash(a, b)))
                .isEqualTo("b137985ff484fb600db93107c77b0365c80d78f5b429ded0fd97361d077999eb");
        assertThat(MerkleTree.nodeHash(b, a)).as("order matters").isNotEqualTo(MerkleTree.nodeHash(a, b));
    }

    @Test
    void rootsAgreeWithPythonHashlib() {
        String alphabet = "abcdefghijklmnopq";
        for (int n = 0; n < ALPHABET_PREFIX_ROOTS.size(); n++) {
            List<byte[]> leafHashes = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                leafHashes.add(MerkleTree.leafHash(bytes(alphabet.substring(0, j))));
            }

            assertThat(HEX.formatHex(MerkleTree.rootHash(LeafHashes.of(leafHashes))))
                    .as("root of %d entries", n).isEqualTo(ALPHABET_PREFIX_ROOTS.get(n));
        }
    }

    @Test
    void rootsOfTheCertificateTransparencyReferenceTreeAreTheKnownAnswers() {
        List<byte[]> leafHashes = CertificateTransparencyVectors.entries().stream().map(MerkleTree::leafHash).toList();

        assertThat(leafHashes).map(HEX::formatHex)
                .containsExactlyElementsOf(CertificateTransparencyVectors.LEAF_HASHES);
        for (int n = 1; n <= 8; n++) {
            assertThat(HEX.formatHex(MerkleTree.rootHash(LeafHashes.of(leafHashes), n)))
                    .as("root of the first %d entries", n).isEqualTo(CertificateTransparencyVectors.ROOTS.get(n - 1));
        }
    }

    @Test
    void theRootOfEveryPrefixOfALogIsTheRootTheRfcDefines() {
        // Up to 257: every shape of the last subtree below 256, and the sizes on either side of 128 and 256.
        List<byte[]> entries = RfcMerkleDefinition.entries(257);
        LeafHashes log = LeafHashes.of(RfcMerkleDefinition.leafHashes(entries));

        for (int n = 0; n <= entries.size(); n++) {
            assertThat(MerkleTree.rootHash(log, n)).as("root of %d leaves", n)
                    .isEqualTo(RfcMerkleDefinition.mth(entries.subList(0, n)));
        }
        assertThat(MerkleTree.rootHash(log)).isEqualTo(MerkleTree.rootHash(log, 257));
    }

    @Test
    void aLeafHashOfAnotherLengthIsRefusedNamingItsIndex() {
        List<byte[]> leafHashes = new ArrayList<>(RfcMerkleDefinition.leafHashes(RfcMerkleDefinition.entries(5)));
        leafHashes.set(3, new byte[31]);

        assertThatThrownBy(() -> MerkleTree.rootHash(LeafHashes.of(leafHashes)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("index 3");
    }

    @Test
    void aTreeSizeOutsideTheLogIsRefused() {
        LeafHashes log = LeafHashes.of(RfcMerkleDefinition.leafHashes(RfcMerkleDefinition.entries(5)));

        assertThatThrownBy(() -> MerkleTree.rootHash(log, 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.rootHash(log, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.nodeHash(new byte[32], new byte[33]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRootOfAMillionLeavesIsComputedInOnePass() {
        // Leaf i is the 8-byte big-endian i, hashed on demand as a database-backed log would read it, so
        // the million leaf hashes are never all in memory. The expected root is Python's:
        //   def mth(lo, hi):
        //       if hi - lo == 1: return hashlib.sha256(b"\x00" + lo.to_bytes(8, "big")).digest()
        //       k = 1
        //       while k * 2 < hi - lo: k *= 2
        //       return hashlib.sha256(b"\x01" + mth(lo, lo + k) + mth(lo + k, hi)).digest()
        //   print(mth(0, 1_000_000).hex())
        LeafHashes millionLeaves = new LeafHashes() {
            @Override
            public long size() {
                return 1_000_000;
            }

            @Override
            public byte[] get(long index) {
                return MerkleTree.leafHash(ByteBuffer.allocate(Long.BYTES).putLong(index).array());
            }
        };

        assertThat(HEX.formatHex(MerkleTree.rootHash(millionLeaves)))
                .isEqualTo("8ed0805dba1b06ac61a0a2fd76302bbdff69af7305fe8dd16e1dd05ce3ea3295");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
