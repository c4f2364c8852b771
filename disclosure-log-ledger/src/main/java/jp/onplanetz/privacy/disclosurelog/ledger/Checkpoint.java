package jp.onplanetz.privacy.disclosurelog.ledger;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * What the log commits to at a moment: its size, the Merkle root of that many leaves, when, and which log.
 * Signed by {@link CheckpointSigner}; anyone holding the public key can then check any inclusion or consistency
 * proof against it without trusting the service.
 * <p>
 * The signed bytes are the UTF-8 of {@link #noteBody()}, the C2SP checkpoint text format
 * (https://c2sp.org/tlog-checkpoint) with one extension line for the time, every line ending in a newline:
 * <pre>
 * &lt;logId&gt;
 * &lt;treeSize, decimal, no leading zeros&gt;
 * &lt;rootHash, standard base64 with padding&gt;
 * time &lt;time in UTC, uuuu-MM-ddTHH:mm:ss.SSSSSSZ&gt;
 * </pre>
 * for example
 * <pre>
 * onplanetz.jp/privacy-ops/disclosure-log
 * 8
 * XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=
 * time 2025-04-01T09:00:00.000000Z
 * </pre>
 * The first three lines are exactly what generic checkpoint tooling reads; such tooling ignores the extension
 * line, but the signature covers it. Exactly one text encodes each checkpoint ({@link #parse(String)} rejects
 * every other spelling), so a signature can be checked against a checkpoint rebuilt from stored columns.
 *
 * @param treeSize the number of leaves, {@code >= 0}
 * @param rootHash the Merkle root of the first {@code treeSize} leaves, 64 hex digits (kept in lower case)
 * @param time     when the log signed it; kept to the microsecond, PostgreSQL's precision, so the checkpoint
 *                 read back from its row encodes, and verifies, as it was signed
 * @param logId    the checkpoint origin: printable ASCII without spaces, conventionally a schema-less URL
 */
public record Checkpoint(long treeSize, String rootHash, Instant time, String logId) {

    private static final String TIME_LINE_PREFIX = "time ";
    private static final DateTimeFormatter TIME_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    public Checkpoint {
        if (treeSize < 0) {
            throw new IllegalArgumentException("A tree size cannot be negative: " + treeSize);
        }
        Objects.requireNonNull(rootHash, "rootHash");
        if (rootHash.length() != 2 * MerkleTree.HASH_LENGTH) {
            throw new IllegalArgumentException("A root hash is " + 2 * MerkleTree.HASH_LENGTH + " hex digits");
        }
        HexFormat.of().parseHex(rootHash);
        rootHash = rootHash.toLowerCase(Locale.ROOT);
        time = Objects.requireNonNull(time, "time").truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(logId, "logId");
        if (logId.isEmpty() || !logId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("A log id is printable ASCII without spaces: '" + logId + "'");
        }
    }

    /** A checkpoint of a root hash as {@link MerkleTree} computes it. */
    public static Checkpoint of(long treeSize, byte[] rootHash, Instant time, String logId) {
        Objects.requireNonNull(rootHash, "rootHash");
        return new Checkpoint(treeSize, HexFormat.of().formatHex(rootHash), time, logId);
    }

    /** The root hash as the 32 bytes {@link MerkleTree#verifyInclusion} and friends take. */
    public byte[] rootHashBytes() {
        return HexFormat.of().parseHex(rootHash);
    }

    /** The text whose UTF-8 bytes are signed: see the class comment. */
    public String noteBody() {
        return logId + "\n"
                + treeSize + "\n"
                + Base64.getEncoder().encodeToString(rootHashBytes()) + "\n"
                + TIME_LINE_PREFIX + TIME_FORMAT.format(time) + "\n";
    }

    /**
     * Reads a checkpoint from its {@link #noteBody()} text.
     *
     * @throws IllegalArgumentException unless the text is exactly the encoding of some checkpoint
     */
    public static Checkpoint parse(String noteBody) {
        Objects.requireNonNull(noteBody, "noteBody");
        if (!noteBody.endsWith("\n")) {
            throw new IllegalArgumentException("A checkpoint's last line ends in a newline");
        }
        String[] lines = noteBody.substring(0, noteBody.length() - 1).split("\n", -1);
        if (lines.length != 4 || !lines[3].startsWith(TIME_LINE_PREFIX)) {
            throw new IllegalArgumentException(
                    "A checkpoint is four lines: log id, tree size, root hash, time");
        }
        Checkpoint checkpoint;
        try {
            checkpoint = of(Long.parseLong(lines[1]), Base64.getDecoder().decode(lines[2]),
                    Instant.parse(lines[3].substring(TIME_LINE_PREFIX.length())), lines[0]);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("Not a checkpoint: " + e.getMessage(), e);
        }
        // Leading zeros, a sign, base64 without padding, fewer time digits...: each would let two texts stand
        // for one checkpoint, and a signature over one would not verify over the other.
        if (!checkpoint.noteBody().equals(noteBody)) {
            throw new IllegalArgumentException("Not the canonical text of a checkpoint");
        }
        return checkpoint;
    }
}
