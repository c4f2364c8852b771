package jp.onplanetz.privacy.disclosurelog.ledger;

import org.junit.jupiter.api.Test;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import static jp.onplanetz.privacy.disclosurelog.ledger.CheckpointTest.LOG_ID;
import static jp.onplanetz.privacy.disclosurelog.ledger.CheckpointTest.ROOT;
import static jp.onplanetz.privacy.disclosurelog.ledger.CheckpointTest.TIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointSignerTest {

    /** RFC 8032, 7.1, TEST 1: the secret key (the seed) and its public key. */
    private static final String RFC8032_SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    private final Checkpoint checkpoint = new Checkpoint(8, ROOT, TIME, LOG_ID);
    private final CheckpointSigner signer = CheckpointSigner.generate(LOG_ID);

    @Test
    void theSignedNoteIsTheOnePythonCryptographyMakesWithTheSameKey() throws Exception {
        // Ed25519 is deterministic, so an independent implementation must produce this note to the byte
        // (Python 3, cryptography 48):
        //   import base64, hashlib
        //   from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        //   from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
        //   key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(RFC8032_SECRET))
        //   pub = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        //   name, root = LOG_ID, bytes.fromhex(ROOT)
        //   body = name + "\n8\n" + base64.b64encode(root).decode() + "\ntime 2025-04-01T09:00:00.000000Z\n"
        //   key_hash = hashlib.sha256(name.encode() + b"\n" + b"\x01" + pub).digest()[:4]
        //   signature = key.sign(body.encode())
        //   print(body + "\n\u2014 " + name + " " + base64.b64encode(key_hash + signature).decode())
        //   print(name + "+" + key_hash.hex() + "+" + base64.b64encode(b"\x01" + pub).decode())
        CheckpointSigner rfc8032Signer = new CheckpointSigner(LOG_ID, rfc8032KeyPair());

        assertThat(rfc8032Signer.sign(checkpoint).note()).isEqualTo("""
                onplanetz.jp/privacy-ops/disclosure-log
                8
                XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=
                time 2025-04-01T09:00:00.000000Z

                \u2014 onplanetz.jp/privacy-ops/disclosure-log \
                y1baxIJg6juBLHXBudn3lGKWHLbs6oeV5YEojPKqGJ/M3KPq61fKsVjS4r+n6hsOXwuHIEbig1VFadvcSuyEIKCdGgY=
                """);
    }

    @Test
    void theExportedKeyIsTheRfc8032PublicKeyInEachForm() throws Exception {
        CheckpointVerifier verifier = new CheckpointSigner(LOG_ID, rfc8032KeyPair()).verifier();

        assertThat(verifier.rawPublicKeyBase64())
                .isEqualTo(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(RFC8032_PUBLIC)));
        // RFC 8037, A.2 and A.3: this key as a JWK, and its RFC 7638 thumbprint.
        assertThat(verifier.jwk()).containsExactly(
                Map.entry("kty", "OKP"),
                Map.entry("crv", "Ed25519"),
                Map.entry("x", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"),
                Map.entry("use", "sig"),
                Map.entry("alg", "EdDSA"),
                Map.entry("kid", "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"));
        // The key hash and verifier key as the Python snippet in the test above prints them.
        assertThat(verifier.keyHash()).isEqualTo(0xcb56dac4);
        assertThat(verifier.verifierKey())
                .isEqualTo(LOG_ID + "+cb56dac4+AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea");
    }

    @Test
    void aCheckpointVerifiesWithTheExportedRawKeyAlone() {
        String published = signer.verifier().rawPublicKeyBase64();
        String note = signer.sign(checkpoint).note();

        CheckpointVerifier reader = CheckpointVerifier.ofRawPublicKey(LOG_ID, published);

        assertThat(reader.verify(SignedCheckpoint.parse(note))).isTrue();
    }

    @Test
    void aCheckpointVerifiesWithTheExportedJwkAlone() {
        Map<String, String> published = Map.copyOf(signer.verifier().jwk());
        SignedCheckpoint signed = signer.sign(checkpoint);

        CheckpointVerifier reader = CheckpointVerifier.ofJwk(LOG_ID, published);

        assertThat(reader.verify(signed)).isTrue();
        assertThat(reader.keyHash()).isEqualTo(signer.verifier().keyHash());
    }

    @Test
    void aCheckpointVerifiesWithTheExportedVerifierKeyAlone() throws Exception {
        SignedCheckpoint signed = signer.sign(checkpoint);

        CheckpointVerifier reader = CheckpointVerifier.ofVerifierKey(signer.verifier().verifierKey());

        assertThat(reader.verify(signed)).isTrue();
        assertThat(reader.keyName()).isEqualTo(LOG_ID);
        // The RFC 8032 key's verifier key has a '+' in its base64: only the first two separate fields.
        String rfcKey = new CheckpointSigner(LOG_ID, rfc8032KeyPair()).verifier().verifierKey();
        assertThat(rfcKey.chars().filter(c -> c == '+').count()).isGreaterThan(2);
        assertThat(CheckpointVerifier.ofVerifierKey(rfcKey).rawPublicKeyBase64())
                .isEqualTo(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(RFC8032_PUBLIC)));
    }

    @Test
    void verifierKeysThatDoNotCheckOutAreRefused() throws Exception {
        // The fixed RFC 8032 key, not a generated one: its key hash (cb56dac4) has letters, so the upper-cased
        // hash below really differs. A generated key's hash can be all digits, and then the "upper-cased" key
        // would be the good key.
        CheckpointVerifier verifier = new CheckpointSigner(LOG_ID, rfc8032KeyPair()).verifier();
        String good = verifier.verifierKey();
        String[] parts = good.split("\\+", 3);
        assertThat(parts[1]).isEqualTo("cb56dac4");
        String otherHash = String.format("%08x", verifier.keyHash() ^ 1);
        byte[] typed = Base64.getDecoder().decode(parts[2]);
        typed[0] = 0x02;
        for (String bad : new String[] {"", parts[0], parts[0] + "+" + parts[1], parts[0] + "+" + otherHash + "+" + parts[2],
                "other-name+" + parts[1] + "+" + parts[2], parts[0] + "+" + parts[1].toUpperCase() + "+" + parts[2],
                parts[0] + "+" + parts[1] + "+" + Base64.getEncoder().encodeToString(typed),
                parts[0] + "+" + parts[1] + "+" + parts[2].substring(4), parts[0] + "+" + parts[1] + "+not base64!"}) {
            assertThatThrownBy(() -> CheckpointVerifier.ofVerifierKey(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theSignedNoteReadsBackAsTheSameSignedCheckpoint() {
        SignedCheckpoint signed = signer.sign(checkpoint);

        assertThat(SignedCheckpoint.parse(signed.note())).isEqualTo(signed);
        assertThat(signed.checkpoint()).isEqualTo(checkpoint);
    }

    @Test
    void aChangedTreeSizeRootOrTimeDoesNotVerify() {
        SignedCheckpoint signed = signer.sign(checkpoint);
        CheckpointVerifier reader = CheckpointVerifier.ofRawPublicKey(LOG_ID, signer.verifier().rawPublicKeyBase64());
        String otherRoot = CertificateTransparencyVectors.ROOTS.get(6);

        assertThat(reader.verify(signed)).as("the signed checkpoint itself").isTrue();
        for (Checkpoint changed : new Checkpoint[] {
                new Checkpoint(9, ROOT, TIME, LOG_ID),
                new Checkpoint(7, ROOT, TIME, LOG_ID),
                new Checkpoint(8, otherRoot, TIME, LOG_ID),
                new Checkpoint(8, ROOT, TIME.plusNanos(1_000), LOG_ID),
                new Checkpoint(8, ROOT, TIME, LOG_ID + "-other")}) {
            SignedCheckpoint tampered = new SignedCheckpoint(changed, signed.keyName(), signed.keyHash(),
                    signed.signature());

            assertThat(reader.verify(tampered)).as("%s", changed).isFalse();
        }
    }

    @Test
    void aChangedSignatureDoesNotVerify() {
        SignedCheckpoint signed = signer.sign(checkpoint);
        byte[] signature = signed.signatureBytes();
        signature[10] ^= 1;

        assertThat(signer.verifier().verify(new SignedCheckpoint(checkpoint, signed.keyName(), signed.keyHash(),
                Base64.getEncoder().encodeToString(signature)))).isFalse();
    }

    @Test
    void anotherKeyDoesNotVerify() {
        SignedCheckpoint signed = signer.sign(checkpoint);
        CheckpointVerifier anotherKey = CheckpointSigner.generate(LOG_ID).verifier();

        assertThat(anotherKey.verify(signed)).as("the note as signed: its key hash is not this key's").isFalse();
        // Relabelled as the other key's: now only the Ed25519 check stands between it and acceptance.
        assertThat(anotherKey.verify(new SignedCheckpoint(checkpoint, LOG_ID, anotherKey.keyHash(),
                signed.signature()))).as("relabelled with the other key's hash").isFalse();
        assertThat(CheckpointVerifier.ofRawPublicKey("another-name", signer.verifier().rawPublicKeyBase64())
                .verify(signed)).as("the same key under another name").isFalse();
    }

    @Test
    void keysThatAreNotOneEd25519PairAreRefused() throws Exception {
        KeyPair first = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair second = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();

        assertThatThrownBy(() -> new CheckpointSigner(LOG_ID, new KeyPair(first.getPublic(), second.getPrivate())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not one key pair");
        assertThatThrownBy(() -> new CheckpointSigner(LOG_ID, ec)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CheckpointSigner(LOG_ID, KeyPairGenerator.getInstance("Ed448").generateKeyPair()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyNamesAndPublishedKeysThatCannotBeUsedAreRefused() {
        for (String name : new String[] {"", "two words", "a+b", "tab\tname"}) {
            assertThatThrownBy(() -> CheckpointSigner.generate(name)).as(name)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        String shortKey = Base64.getEncoder().encodeToString(new byte[31]);
        assertThatThrownBy(() -> CheckpointVerifier.ofRawPublicKey(LOG_ID, shortKey))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CheckpointVerifier.ofJwk(LOG_ID, Map.of("kty", "EC", "crv", "P-256", "x", "AA")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SignedCheckpoint.parse(checkpoint.noteBody()))
                .as("a checkpoint without a signature").isInstanceOf(IllegalArgumentException.class);
    }

    /** The RFC 8032 test key, from its seed (PKCS#8, RFC 8410) and its public key (SubjectPublicKeyInfo). */
    private static KeyPair rfc8032KeyPair() throws Exception {
        KeyFactory ed25519 = KeyFactory.getInstance("Ed25519");
        return new KeyPair(
                ed25519.generatePublic(new X509EncodedKeySpec(
                        HexFormat.of().parseHex("302a300506032b6570032100" + RFC8032_PUBLIC))),
                ed25519.generatePrivate(new PKCS8EncodedKeySpec(
                        HexFormat.of().parseHex("302e020100300506032b657004220420" + RFC8032_SECRET))));
    }
}
