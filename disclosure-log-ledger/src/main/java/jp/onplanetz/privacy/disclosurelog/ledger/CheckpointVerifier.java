package jp.onplanetz.privacy.disclosurelog.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The public half of the log's checkpoint key: verifies {@link SignedCheckpoint}s and exports the key in the
 * forms readers need. A reader builds one from the published key alone ({@link #ofRawPublicKey},
 * {@link #ofJwk}); nothing here needs the service.
 */
public final class CheckpointVerifier {

    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw 32-byte key follows it. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final int RAW_KEY_LENGTH = 32;
    /** The signed-note signature type of Ed25519 (C2SP signed-note), hashed into the key hash. */
    private static final byte SIGNED_NOTE_ED25519 = 0x01;

    private final String keyName;
    private final PublicKey publicKey;
    private final byte[] rawPublicKey;
    private final int keyHash;

    private CheckpointVerifier(String keyName, PublicKey publicKey, byte[] rawPublicKey) {
        this.keyName = requireKeyName(keyName);
        this.publicKey = publicKey;
        this.rawPublicKey = rawPublicKey;
        this.keyHash = keyHash(keyName, rawPublicKey);
    }

    /** From a JDK Ed25519 public key, such as {@code KeyPair.getPublic()}. */
    public static CheckpointVerifier ofPublicKey(String keyName, PublicKey publicKey) {
        Objects.requireNonNull(publicKey, "publicKey");
        if (!(publicKey instanceof EdECKey edKey)
                || !NamedParameterSpec.ED25519.getName().equals(edKey.getParams().getName())) {
            throw new IllegalArgumentException("Not an Ed25519 public key: " + publicKey.getAlgorithm());
        }
        byte[] spki = publicKey.getEncoded();
        if (spki.length != SPKI_PREFIX.length + RAW_KEY_LENGTH
                || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new IllegalArgumentException("Unexpected encoding of an Ed25519 public key");
        }
        return new CheckpointVerifier(keyName, publicKey, Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length));
    }

    /** From the key as {@link #rawPublicKeyBase64()} exports it: the 32 bytes of RFC 8032, standard base64. */
    public static CheckpointVerifier ofRawPublicKey(String keyName, String rawPublicKeyBase64) {
        Objects.requireNonNull(rawPublicKeyBase64, "rawPublicKeyBase64");
        return ofRawPublicKey(keyName, Base64.getDecoder().decode(rawPublicKeyBase64));
    }

    /** From the key as {@link #jwk()} exports it: an OKP JWK on Ed25519 (RFC 8037); other members are ignored. */
    public static CheckpointVerifier ofJwk(String keyName, Map<String, ?> jwk) {
        Objects.requireNonNull(jwk, "jwk");
        if (!"OKP".equals(jwk.get("kty")) || !"Ed25519".equals(jwk.get("crv"))
                || !(jwk.get("x") instanceof String x)) {
            throw new IllegalArgumentException("Not an Ed25519 JWK: needs kty OKP, crv Ed25519 and x");
        }
        return ofRawPublicKey(keyName, Base64.getUrlDecoder().decode(x));
    }

    /**
     * From the key as {@link #verifierKey()} exports it, {@code <name>+<key hash>+<base64(0x01 || key)>}: the one
     * string an auditor pins, since it carries the name and the key and checks itself by its hash.
     *
     * @throws IllegalArgumentException unless it is an Ed25519 verifier key whose hash matches its name and key
     */
    public static CheckpointVerifier ofVerifierKey(String verifierKey) {
        Objects.requireNonNull(verifierKey, "verifierKey");
        // A name has no '+', the hash is hex: the first two '+' are separators, any later one is base64.
        String[] parts = verifierKey.split("\\+", 3);
        if (parts.length != 3 || !parts[1].matches("[0-9a-f]{8}")) {
            throw new IllegalArgumentException("A verifier key is <name>+<8 hex digits>+<base64 key>");
        }
        byte[] typedKey;
        try {
            typedKey = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The key of a verifier key is base64", e);
        }
        if (typedKey.length != 1 + RAW_KEY_LENGTH || typedKey[0] != SIGNED_NOTE_ED25519) {
            throw new IllegalArgumentException("Not an Ed25519 verifier key (type 0x01 and 32 bytes)");
        }
        CheckpointVerifier verifier = ofRawPublicKey(parts[0], Arrays.copyOfRange(typedKey, 1, typedKey.length));
        if (verifier.keyHash() != Integer.parseUnsignedInt(parts[1], 16)) {
            throw new IllegalArgumentException("The verifier key's hash does not match its name and key");
        }
        return verifier;
    }

    private static CheckpointVerifier ofRawPublicKey(String keyName, byte[] rawPublicKey) {
        if (rawPublicKey.length != RAW_KEY_LENGTH) {
            throw new IllegalArgumentException("An Ed25519 public key is " + RAW_KEY_LENGTH + " bytes");
        }
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + RAW_KEY_LENGTH);
        System.arraycopy(rawPublicKey, 0, spki, SPKI_PREFIX.length, RAW_KEY_LENGTH);
        try {
            PublicKey publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
            return new CheckpointVerifier(keyName, publicKey, rawPublicKey.clone());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not an Ed25519 public key", e);
        }
    }

    /**
     * Whether this key signed exactly this checkpoint. A note naming another key, or this key's name with
     * another key hash (a rotated key), is not this key's.
     */
    public boolean verify(SignedCheckpoint signed) {
        Objects.requireNonNull(signed, "signed");
        if (!keyName.equals(signed.keyName()) || keyHash != signed.keyHash()) {
            return false;
        }
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(publicKey);
            ed25519.update(signed.checkpoint().noteBody().getBytes(StandardCharsets.UTF_8));
            return ed25519.verify(signed.signatureBytes());
        } catch (SignatureException | InvalidKeyException e) {
            // A malformed signature is a signature that does not verify.
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 17 platform", e);
        }
    }

    /** The name signatures carry: in this log, conventionally the checkpoint origin (the log id). */
    public String keyName() {
        return keyName;
    }

    /**
     * The first four bytes, big-endian, of {@code SHA-256(keyName || 0x0A || 0x01 || rawPublicKey)}: the
     * C2SP signed-note key ID of an Ed25519 key.
     */
    public int keyHash() {
        return keyHash;
    }

    /** The 32-byte public key of RFC 8032, standard base64 with padding. */
    public String rawPublicKeyBase64() {
        return Base64.getEncoder().encodeToString(rawPublicKey);
    }

    /**
     * The key as a JWK (RFC 7517, RFC 8037): {@code kty} OKP, {@code crv} Ed25519, {@code x} the raw key in
     * base64url without padding, {@code use} sig, {@code alg} EdDSA, and {@code kid} the key's RFC 7638
     * thumbprint, as the consent receipts' keys have.
     */
    public Map<String, String> jwk() {
        String x = Base64.getUrlEncoder().withoutPadding().encodeToString(rawPublicKey);
        // RFC 7638, 3.2: the required members of an OKP key, in lexicographic order, no whitespace.
        String thumbprintInput = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + x + "\"}";
        String kid = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MerkleTree.sha256().digest(thumbprintInput.getBytes(StandardCharsets.UTF_8)));
        Map<String, String> jwk = new LinkedHashMap<>();
        jwk.put("kty", "OKP");
        jwk.put("crv", "Ed25519");
        jwk.put("x", x);
        jwk.put("use", "sig");
        jwk.put("alg", "EdDSA");
        jwk.put("kid", kid);
        return Collections.unmodifiableMap(jwk);
    }

    /**
     * The key as a C2SP signed-note verifier key, {@code <name>+<key hash, 8 hex digits>+<base64(0x01 || key)>},
     * the form checkpoint tooling (for example Go's {@code golang.org/x/mod/sumdb/note}) reads.
     */
    public String verifierKey() {
        byte[] typedKey = ByteBuffer.allocate(1 + RAW_KEY_LENGTH).put(SIGNED_NOTE_ED25519).put(rawPublicKey).array();
        return keyName + "+" + String.format("%08x", keyHash) + "+" + Base64.getEncoder().encodeToString(typedKey);
    }

    static String requireKeyName(String keyName) {
        Objects.requireNonNull(keyName, "keyName");
        // C2SP signed-note: a key name is non-empty and has no Unicode spaces and no plus sign (the plus
        // separates the fields of a verifier key). Control characters would break the line format too.
        if (keyName.isEmpty() || keyName.codePoints().anyMatch(c -> c == '+' || Character.isWhitespace(c)
                || Character.isSpaceChar(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException(
                    "A key name is not empty and has no spaces, controls or '+': '" + keyName + "'");
        }
        return keyName;
    }

    private static int keyHash(String keyName, byte[] rawPublicKey) {
        MessageDigest sha256 = MerkleTree.sha256();
        sha256.update(keyName.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) '\n');
        sha256.update(SIGNED_NOTE_ED25519);
        sha256.update(rawPublicKey);
        return ByteBuffer.wrap(sha256.digest()).getInt();
    }
}
