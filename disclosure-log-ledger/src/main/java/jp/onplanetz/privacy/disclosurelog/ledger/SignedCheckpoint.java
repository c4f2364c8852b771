package jp.onplanetz.privacy.disclosurelog.ledger;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A checkpoint with the log's Ed25519 signature, as a C2SP signed note (https://c2sp.org/signed-note): the
 * checkpoint text, a blank line, and the signature line
 * <pre>
 * — &lt;keyName&gt; &lt;base64 of (4-byte key hash || 64-byte Ed25519 signature)&gt;
 * </pre>
 * (an em dash, U+2014, and a space first). The key hash tells a reader holding several keys which one signed;
 * it is not a security check, the signature is.
 *
 * @param checkpoint the signed checkpoint; the signature is over the UTF-8 of its {@link Checkpoint#noteBody()}
 * @param keyName    the signing key's name (see {@link CheckpointVerifier#keyName()})
 * @param keyHash    the first four bytes of the key's hash, big-endian (see {@link CheckpointVerifier#keyHash()})
 * @param signature  the 64-byte Ed25519 signature, standard base64
 */
public record SignedCheckpoint(Checkpoint checkpoint, String keyName, int keyHash, String signature) {

    private static final String SIGNATURE_LINE_PREFIX = "\u2014 ";
    private static final int SIGNATURE_LENGTH = 64;

    public SignedCheckpoint {
        Objects.requireNonNull(checkpoint, "checkpoint");
        CheckpointVerifier.requireKeyName(keyName);
        Objects.requireNonNull(signature, "signature");
        if (Base64.getDecoder().decode(signature).length != SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("An Ed25519 signature is " + SIGNATURE_LENGTH + " bytes");
        }
    }

    /** The signature's 64 bytes. */
    public byte[] signatureBytes() {
        return Base64.getDecoder().decode(signature);
    }

    /** The signed note, what the log publishes and a reader keeps. */
    public String note() {
        byte[] keyHashAndSignature = ByteBuffer.allocate(4 + SIGNATURE_LENGTH)
                .putInt(keyHash).put(signatureBytes()).array();
        return checkpoint.noteBody() + "\n"
                + SIGNATURE_LINE_PREFIX + keyName + " " + Base64.getEncoder().encodeToString(keyHashAndSignature)
                + "\n";
    }

    /**
     * Reads a signed note with one signature. Reading does not verify: that is
     * {@link CheckpointVerifier#verify(SignedCheckpoint)}.
     *
     * @throws IllegalArgumentException unless the text is a canonical checkpoint and one signature line
     */
    public static SignedCheckpoint parse(String note) {
        Objects.requireNonNull(note, "note");
        // No checkpoint line is empty, so the first blank line is the one before the signatures.
        int blankLine = note.indexOf("\n\n");
        if (blankLine < 0) {
            throw new IllegalArgumentException("A signed note has a blank line before its signatures");
        }
        Checkpoint checkpoint = Checkpoint.parse(note.substring(0, blankLine + 1));
        String signatureLine = note.substring(blankLine + 2);
        if (!signatureLine.startsWith(SIGNATURE_LINE_PREFIX) || !signatureLine.endsWith("\n")
                || signatureLine.indexOf('\n') != signatureLine.length() - 1) {
            throw new IllegalArgumentException("Expected one signature line, '— <key name> <signature>'");
        }
        String[] nameAndSignature = signatureLine
                .substring(SIGNATURE_LINE_PREFIX.length(), signatureLine.length() - 1).split(" ", -1);
        if (nameAndSignature.length != 2) {
            throw new IllegalArgumentException("Expected one signature line, '— <key name> <signature>'");
        }
        byte[] keyHashAndSignature = Base64.getDecoder().decode(nameAndSignature[1]);
        if (keyHashAndSignature.length != 4 + SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("Not a key hash and an Ed25519 signature");
        }
        return new SignedCheckpoint(checkpoint, nameAndSignature[0], ByteBuffer.wrap(keyHashAndSignature).getInt(),
                Base64.getEncoder().encodeToString(Arrays.copyOfRange(keyHashAndSignature, 4,
                        keyHashAndSignature.length)));
    }
}
