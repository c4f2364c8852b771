package jp.onplanetz.privacy.disclosurelog.ledger;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.EdECKey;
import java.security.spec.NamedParameterSpec;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs checkpoints with the log's Ed25519 key (the JDK's own implementation, RFC 8032 PureEdDSA), as C2SP
 * signed notes: see {@link SignedCheckpoint} and, for the signed text, {@link Checkpoint}.
 * <p>
 * Ed25519 signatures are deterministic: the same key and checkpoint always give the same signature.
 */
public final class CheckpointSigner {

    private final PrivateKey privateKey;
    private final CheckpointVerifier verifier;

    /**
     * @param keyName the name signatures carry (non-empty, no spaces, no '+'); conventionally the log id
     * @param keyPair an Ed25519 key pair
     * @throws IllegalArgumentException if the keys are not Ed25519 or not halves of one pair
     */
    public CheckpointSigner(String keyName, KeyPair keyPair) {
        Objects.requireNonNull(keyPair, "keyPair");
        if (!(keyPair.getPrivate() instanceof EdECKey edKey)
                || !NamedParameterSpec.ED25519.getName().equals(edKey.getParams().getName())) {
            throw new IllegalArgumentException("Not an Ed25519 private key: " + keyPair.getPrivate());
        }
        this.privateKey = keyPair.getPrivate();
        this.verifier = CheckpointVerifier.ofPublicKey(keyName, keyPair.getPublic());
        // A private key stored apart from the public key it came with would sign checkpoints that nobody
        // holding the published key can verify; better to refuse to start than to publish those.
        byte[] probe = "checkpoint key pair probe".getBytes(StandardCharsets.UTF_8);
        if (!verifies(keyPair, probe, signBytes(probe))) {
            throw new IllegalArgumentException("The private and public keys are not one key pair");
        }
    }

    /** A signer with a freshly generated key, for a new log and for tests. */
    public static CheckpointSigner generate(String keyName) {
        try {
            return new CheckpointSigner(keyName, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 17 platform", e);
        }
    }

    /** Signs the checkpoint's {@link Checkpoint#noteBody()}. */
    public SignedCheckpoint sign(Checkpoint checkpoint) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        byte[] signature = signBytes(checkpoint.noteBody().getBytes(StandardCharsets.UTF_8));
        return new SignedCheckpoint(checkpoint, verifier.keyName(), verifier.keyHash(),
                Base64.getEncoder().encodeToString(signature));
    }

    /**
     * The public half, to publish: {@link CheckpointVerifier#rawPublicKeyBase64()},
     * {@link CheckpointVerifier#jwk()}, {@link CheckpointVerifier#verifierKey()}.
     */
    public CheckpointVerifier verifier() {
        return verifier;
    }

    private byte[] signBytes(byte[] message) {
        try {
            // Signature objects are not thread-safe; one per signature keeps the signer shareable.
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(privateKey);
            ed25519.update(message);
            return ed25519.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign with the checkpoint key", e);
        }
    }

    private static boolean verifies(KeyPair keyPair, byte[] message, byte[] signature) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(keyPair.getPublic());
            ed25519.update(message);
            return ed25519.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
