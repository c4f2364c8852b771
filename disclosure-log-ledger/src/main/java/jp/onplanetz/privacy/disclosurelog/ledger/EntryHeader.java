package jp.onplanetz.privacy.disclosurelog.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * What one ledger entry's leaf hash covers: where it stands (log, index), which record, its kind, when it was
 * recorded, until when it must be kept, and the SHA-256 of the record's bytes. Not the record itself: retention removes the record's bytes
 * after some years, and the tree and chain must stay verifiable without them. Nothing here identifies a person.
 * <p>
 * The leaf data is this UTF-8 text, every line ending in a newline (one spelling per header, so the hash can be
 * recomputed from stored columns):
 * <pre>
 * privacy-ops/disclosure-log/entry/v1
 * &lt;logId&gt;
 * &lt;seq, decimal&gt;
 * &lt;recordId, lower-case UUID&gt;
 * &lt;kind&gt;
 * &lt;recordedAt, uuuu-MM-ddTHH:mm:ss.SSSSSSZ&gt;
 * &lt;retainUntil, uuuu-MM-dd&gt;
 * &lt;payload SHA-256, 64 lower-case hex digits&gt;
 * </pre>
 * Putting the log and index inside the leaf stops a valid entry from being replayed at another place. Putting the
 * end of retention inside it stops someone from shortening a record's retention in the database so that the
 * nightly redaction removes it early: the verifier then checks every redaction against the signed date.
 */
public record EntryHeader(String logId, long seq, UUID recordId, String kind, Instant recordedAt, LocalDate retainUntil,
        byte[] payloadSha256) {

    static final String VERSION_LINE = "privacy-ops/disclosure-log/entry/v1";
    private static final DateTimeFormatter TIME_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    public EntryHeader {
        Objects.requireNonNull(logId, "logId");
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(kind, "kind");
        // Microseconds: what PostgreSQL keeps, so the header rebuilt from its row hashes as it was appended.
        recordedAt = Objects.requireNonNull(recordedAt, "recordedAt").truncatedTo(ChronoUnit.MICROS);
        Objects.requireNonNull(retainUntil, "retainUntil");
        // One line each: a line break inside a field could make two different headers the same text.
        if (logId.indexOf('\n') >= 0 || kind.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("A log id or kind cannot contain a line break");
        }
        if (Objects.requireNonNull(payloadSha256, "payloadSha256").length != MerkleTree.HASH_LENGTH) {
            throw new IllegalArgumentException("A payload hash is " + MerkleTree.HASH_LENGTH + " bytes");
        }
        payloadSha256 = payloadSha256.clone();
        if (seq < 0) {
            throw new IllegalArgumentException("seq cannot be negative: " + seq);
        }
    }

    /** The SHA-256 of a record's bytes as stored (its UTF-8 text). */
    public static byte[] payloadSha256(String payload) {
        return MerkleTree.sha256().digest(payload.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] leafData() {
        return (VERSION_LINE + "\n" + logId + "\n" + seq + "\n" + recordId + "\n" + kind + "\n"
                + TIME_FORMAT.format(recordedAt) + "\n" + retainUntil + "\n" + HexFormat.of().formatHex(payloadSha256)
                + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** {@link MerkleTree#leafHash} of {@link #leafData()}: the entry's leaf in the tree and the chain. */
    public byte[] leafHash() {
        return MerkleTree.leafHash(leafData());
    }

    @Override
    public byte[] payloadSha256() {
        return payloadSha256.clone();
    }
}
