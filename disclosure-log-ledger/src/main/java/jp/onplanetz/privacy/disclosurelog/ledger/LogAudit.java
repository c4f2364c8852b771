package jp.onplanetz.privacy.disclosurelog.ledger;

import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Checks one log as stored, entry by entry in index order, in a single pass: every entry's leaf against its
 * header, the chain from the genesis, each record's bytes against the hash its leaf covers, and the Merkle root at
 * every signed checkpoint against the signed root. Stops at the first break and says where it is.
 * <p>
 * What each check catches. A changed record: its payload hash. A changed header column (time, kind, id): its
 * leaf. A removed entry: the gap in the indexes. A changed leaf or link: the chain. Someone who rewrote the rows
 * from some entry on and recomputed every hash and link after it passes all of those; only the signed roots,
 * whose key is not in the database, catch that, and then only as "somewhere after the last good checkpoint".
 * Entries cut off at the end: the newest checkpoint's size.
 */
public final class LogAudit {

    /**
     * One entry as read from the database: {@code payload} null when retention removed it, and then
     * {@code redactedAt} says when (null when no redaction is recorded).
     */
    public record StoredEntry(long seq, UUID recordId, String kind, Instant recordedAt, LocalDate retainUntil,
            byte[] payloadSha256, byte[] leafHash, byte[] chainLink, String payload, Instant redactedAt,
            String indexMismatch) {

        public boolean redacted() {
            return redactedAt != null;
        }
    }

    /** Where the log first fails, and why; {@code recordId} null when no record can be named (a gap). */
    public record Break(long seq, UUID recordId, String reason, String detail) {
    }

    public record Result(String logId, long entries, int checkpointsVerified, Optional<Break> firstBreak) {
        public boolean intact() {
            return firstBreak.isEmpty();
        }
    }

    private final String logId;
    private final String origin;
    private final List<SignedCheckpoint> checkpoints;
    private final CheckpointVerifier verifier;
    private final MerkleFrontier frontier = new MerkleFrontier();
    private final MessageDigest sha256 = MerkleTree.sha256();
    private byte[] previousLink = HashChain.genesis();
    private long expectedSeq;
    private int nextCheckpoint;
    private long lastGoodCheckpointSize;
    private Break broken;

    /**
     * @param origin      the origin the log's checkpoints must name
     * @param checkpoints the log's signed checkpoints, any order
     */
    public LogAudit(String logId, String origin, List<SignedCheckpoint> checkpoints, CheckpointVerifier verifier) {
        this.logId = Objects.requireNonNull(logId, "logId");
        this.origin = Objects.requireNonNull(origin, "origin");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.checkpoints = new ArrayList<>(checkpoints);
        this.checkpoints.sort(Comparator.comparingLong(c -> c.checkpoint().treeSize()));
        for (SignedCheckpoint c : this.checkpoints) {
            if (!verifier.verify(c) || !c.checkpoint().logId().equals(origin)) {
                broken = new Break(c.checkpoint().treeSize(), null, "checkpoint-signature-invalid",
                        "the checkpoint of size " + c.checkpoint().treeSize() + " is not signed by the log's key for "
                                + origin);
                return;
            }
        }
        checkEmptyCheckpoints();
    }

    /** Feeds the next entry; returns false once the log is broken (further entries are ignored). */
    public boolean accept(StoredEntry e) {
        if (broken != null) {
            return false;
        }
        if (e.seq() != expectedSeq) {
            return fail(new Break(expectedSeq, null, "entry-missing",
                    "index " + expectedSeq + " is missing (the next stored entry has index " + e.seq() + ")"));
        }
        byte[] leaf = new EntryHeader(logId, e.seq(), e.recordId(), e.kind(), e.recordedAt(), e.retainUntil(),
                e.payloadSha256()).leafHash();
        if (!MessageDigest.isEqual(leaf, e.leafHash())) {
            return fail(new Break(e.seq(), e.recordId(), "entry-changed",
                    "the entry's columns no longer hash to its stored leaf hash"));
        }
        sha256.update(previousLink);
        byte[] link = sha256.digest(e.leafHash());
        if (!MessageDigest.isEqual(link, e.chainLink())) {
            return fail(new Break(e.seq(), e.recordId(), "chain-broken",
                    "the stored chain link does not follow from the previous link and this leaf"));
        }
        if (e.payload() != null) {
            if (!MessageDigest.isEqual(EntryHeader.payloadSha256(e.payload()), e.payloadSha256())) {
                return fail(new Break(e.seq(), e.recordId(), "record-changed",
                        "the record's bytes no longer match the hash its leaf covers"));
            }
            if (e.indexMismatch() != null) {
                return fail(new Break(e.seq(), e.recordId(), "index-changed", e.indexMismatch()));
            }
        } else if (!e.redacted()) {
            return fail(new Break(e.seq(), e.recordId(), "record-missing",
                    "the record's bytes are gone and no redaction at the end of its retention is recorded"));
        } else if (LocalDate.ofInstant(e.redactedAt(), ZoneOffset.UTC).isBefore(e.retainUntil())) {
            // The end of retention is in the leaf, so it cannot have been moved to make this look due. A day of
            // slack for the calendar the database counted in.
            return fail(new Break(e.seq(), e.recordId(), "redacted-early", "the record's bytes were removed on "
                    + e.redactedAt() + ", before the end of its retention on " + e.retainUntil()));
        }
        previousLink = link;
        frontier.append(e.leafHash());
        expectedSeq++;
        return checkCheckpointsAt(frontier.size());
    }

    /**
     * @param headNextSeq the log head's next index, as stored
     */
    public Result finish(long headNextSeq) {
        if (broken == null && nextCheckpoint < checkpoints.size()) {
            SignedCheckpoint c = checkpoints.get(nextCheckpoint);
            fail(new Break(expectedSeq, null, "log-truncated", "the log has " + expectedSeq
                    + " entries but a signed checkpoint commits to " + c.checkpoint().treeSize()));
        }
        if (broken == null && headNextSeq != expectedSeq) {
            fail(new Break(Math.min(headNextSeq, expectedSeq), null, "entry-missing", "the log's head says "
                    + headNextSeq + " entries, " + expectedSeq + " are stored"));
        }
        return new Result(logId, expectedSeq, nextCheckpoint, Optional.ofNullable(broken));
    }

    private void checkEmptyCheckpoints() {
        checkCheckpointsAt(0);
    }

    private boolean checkCheckpointsAt(long size) {
        while (nextCheckpoint < checkpoints.size() && checkpoints.get(nextCheckpoint).checkpoint().treeSize() == size) {
            Checkpoint c = checkpoints.get(nextCheckpoint).checkpoint();
            if (!MessageDigest.isEqual(frontier.root(), c.rootHashBytes())) {
                return fail(new Break(lastGoodCheckpointSize, null, "checkpoint-mismatch",
                        "the entries from index " + lastGoodCheckpointSize + " to " + (size - 1)
                                + " are not the ones the checkpoint of size " + size + " signed"));
            }
            lastGoodCheckpointSize = size;
            nextCheckpoint++;
        }
        return true;
    }

    private boolean fail(Break b) {
        broken = b;
        return false;
    }
}
