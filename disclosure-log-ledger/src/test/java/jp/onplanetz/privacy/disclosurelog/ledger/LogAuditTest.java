package jp.onplanetz.privacy.disclosurelog.ledger;

import jp.onplanetz.privacy.disclosurelog.ledger.LogAudit.Break;
import jp.onplanetz.privacy.disclosurelog.ledger.LogAudit.Result;
import jp.onplanetz.privacy.disclosurelog.ledger.LogAudit.StoredEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit against logs built here the way the service appends them (header, payload, leaf, chain link, signed
 * checkpoints), then tampered with the way someone who can write the rows could. Each tampering must be named
 * by its first break: the reason, the index, and the record when there is one.
 */
class LogAuditTest {

    private static final String LOG_ID = "shard-03";
    private static final String ORIGIN = "onplanetz.jp/privacy-ops/disclosure-log/shard-03";
    /** One key for the whole class: generating Ed25519 keys per test would only cost time. */
    private static final CheckpointSigner SIGNER = CheckpointSigner.generate(ORIGIN);
    private static final Instant START = Instant.parse("2025-04-01T09:00:00.123456Z");
    /** When the records' retention ends, and a moment after it, when a redaction is due. */
    private static final LocalDate RETAINED_UNTIL = LocalDate.parse("2028-03-31");
    private static final Instant AFTER_RETENTION = Instant.parse("2028-04-01T03:15:00Z");

    private static final int N = 40;
    /** Checkpoints as the service might have signed them: not at powers of two only, and not at the end. */
    private static final long[] CHECKPOINT_SIZES = {1, 8, 13, 16, 24, 32};

    private final List<StoredEntry> log = store(LOG_ID, drafts(N));
    private final List<SignedCheckpoint> checkpoints = signedCheckpoints(log, CHECKPOINT_SIZES);

    // ---- intact logs ------------------------------------------------------------------------------------

    @Test
    void theLogBuiltHereIsTheOneTheLedgerClassesDescribe() {
        // The helper below hashes by hand; it must agree with HashChain and the payload hash it stands for.
        assertThat(log).map(StoredEntry::chainLink).containsExactlyElementsOf(HashChain.chainOf(leaves(log)));
        assertThat(log).allSatisfy(e -> assertThat(e.payloadSha256()).isEqualTo(EntryHeader.payloadSha256(e.payload())));
        assertThat(log).map(StoredEntry::seq).containsExactlyElementsOf(LongStream.range(0, N).boxed().toList());
    }

    @Test
    void anIntactLogPassesWithEveryCheckpointVerified() {
        LogAudit audit = new LogAudit(LOG_ID, ORIGIN, checkpoints, SIGNER.verifier());

        for (StoredEntry e : log) {
            assertThat(audit.accept(e)).as("entry %d", e.seq()).isTrue();
        }
        Result result = audit.finish(N);

        assertThat(result.intact()).isTrue();
        assertThat(result.firstBreak()).isEmpty();
        assertThat(result.logId()).isEqualTo(LOG_ID);
        assertThat(result.entries()).isEqualTo(N);
        assertThat(result.checkpointsVerified()).isEqualTo(CHECKPOINT_SIZES.length);
    }

    @Test
    void checkpointsMayComeInAnyOrder() {
        List<SignedCheckpoint> shuffled = new ArrayList<>(checkpoints);
        Collections.shuffle(shuffled, new Random(7));
        Collections.reverse(shuffled.subList(0, 3));

        Result result = audit(log, shuffled, N);

        assertThat(result.intact()).isTrue();
        assertThat(result.checkpointsVerified()).isEqualTo(CHECKPOINT_SIZES.length);
    }

    @Test
    void aCheckpointAtEverySizeIsVerifiedAtItsSize() {
        // Each of the 301 roots is read from the frontier at exactly its size: a root read one entry early or
        // late would not match, so this also pins where in the pass each checkpoint is checked.
        List<StoredEntry> longer = store(LOG_ID, drafts(300));
        List<SignedCheckpoint> everySize = signedCheckpoints(longer, LongStream.rangeClosed(0, 300).toArray());

        Result result = audit(longer, everySize, 300);

        assertThat(result.intact()).isTrue();
        assertThat(result.entries()).isEqualTo(300);
        assertThat(result.checkpointsVerified()).isEqualTo(301);
    }

    @Test
    void theSameCheckpointStoredTwiceIsVerifiedTwice() {
        List<SignedCheckpoint> twice = new ArrayList<>(checkpoints);
        twice.add(checkpoints.get(2));

        Result result = audit(log, twice, N);

        assertThat(result.intact()).isTrue();
        assertThat(result.checkpointsVerified()).isEqualTo(CHECKPOINT_SIZES.length + 1);
    }

    @Test
    void anEmptyLogWithoutCheckpointsIsIntact() {
        Result result = audit(List.of(), List.of(), 0);

        assertThat(result.intact()).isTrue();
        assertThat(result.entries()).isZero();
        assertThat(result.checkpointsVerified()).isZero();
    }

    @Test
    void anEmptyLogWithACheckpointOfSizeZeroIsIntact() {
        // A log signs its empty tree when created: the root is SHA-256 of nothing, checked before any entry.
        Result result = audit(List.of(), signedCheckpoints(List.of(), 0), 0);

        assertThat(result.intact()).isTrue();
        assertThat(result.checkpointsVerified()).isEqualTo(1);
    }

    @Test
    void aLogWithoutAnyCheckpointIsCheckedByItsChainAlone() {
        assertThat(audit(log, List.of(), N).intact()).isTrue();
        assertThat(audit(changed(log, 5, row -> row.payload = row.payload + " "), List.of(), N).firstBreak())
                .map(Break::reason).hasValue("record-changed");
    }

    // ---- a changed record or entry ----------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 20, N - 1})
    void aChangedRecordIsRecordChangedAtItsEntry(int k) {
        List<StoredEntry> tampered = changed(log, k, row -> row.payload = row.payload.replace("s-", "t-"));

        assertBreak(audit(tampered, checkpoints, N), "record-changed", k, log.get(k).recordId());
    }

    @Test
    void aRecordChangedOnlyInItsSpellingIsChangedToo() {
        // The bytes are what is hashed, not the JSON they parse to: reordered keys or added spaces are a
        // change (which is why the payload column is text, not jsonb).
        String spaced = log.get(3).payload().replace(",", ", ");

        assertBreak(audit(changed(log, 3, row -> row.payload = spaced), checkpoints, N), "record-changed", 3,
                log.get(3).recordId());
    }

    static Stream<Arguments> changedHeaderColumns() {
        return Stream.<Arguments>of(
                Arguments.of("recordedAt, one microsecond", (Consumer<Row>) row ->
                        row.recordedAt = row.recordedAt.plusNanos(1_000)),
                Arguments.of("recordedAt, one day earlier", (Consumer<Row>) row ->
                        row.recordedAt = row.recordedAt.minusSeconds(86_400)),
                Arguments.of("kind", (Consumer<Row>) row ->
                        row.kind = row.kind.equals("provision") ? "receiving" : "provision"),
                Arguments.of("recordId", (Consumer<Row>) row -> row.recordId = new UUID(0x5eed, 99)),
                // The record and its hash column changed together, so the payload check alone passes: the leaf,
                // which covers the hash column, is what catches it.
                Arguments.of("payload and payloadSha256 together", (Consumer<Row>) row -> {
                    row.payload = row.payload.replace("s-", "t-");
                    row.payloadSha256 = EntryHeader.payloadSha256(row.payload);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changedHeaderColumns")
    void aChangedHeaderColumnIsEntryChanged(String column, Consumer<Row> change) {
        int k = 11;
        List<StoredEntry> tampered = changed(log, k, change);

        Result result = audit(tampered, checkpoints, N);

        assertBreak(result, "entry-changed", k, tampered.get(k).recordId());
        assertThat(result.entries()).as("entries verified before the break").isEqualTo(k);
    }

    @Test
    void aReplacedLeafHashIsEntryChangedNotChainBroken() {
        // The leaf is recomputed from the header columns and compared with the stored one before the chain is
        // walked, so a foreign leaf is caught as a leaf that does not match its entry, at that entry, even
        // though its link (computed from the stored leaf) no longer follows either.
        int k = 9;
        byte[] foreign = MerkleTree.leafHash(new byte[] {42});

        assertBreak(audit(changed(log, k, row -> row.leafHash = foreign), checkpoints, N),
                "entry-changed", k, log.get(k).recordId());
    }

    @Test
    void aReplacedLeafWithARecomputedLinkIsStillEntryChanged() {
        // Leaf and link replaced together, the link correctly following from the previous one: the chain is
        // whole at this entry, the header is what tells.
        int k = 9;
        byte[] foreign = MerkleTree.leafHash(new byte[] {42});
        byte[] fittingLink = HashChain.link(log.get(k - 1).chainLink(), foreign);

        assertBreak(audit(changed(log, k, row -> {
            row.leafHash = foreign;
            row.chainLink = fittingLink;
        }), checkpoints, N), "entry-changed", k, log.get(k).recordId());
    }

    @Test
    void aMissingOrMisshapenLeafOrLinkIsReportedNotThrown() {
        // The columns are NOT NULL and 32 bytes by the schema, but the audit is for when the database cannot
        // be trusted: such a row is a break at that entry, not an exception that hides where the log fails.
        int k = 3;
        UUID id = log.get(k).recordId();

        assertBreak(audit(changed(log, k, row -> row.leafHash = null), checkpoints, N), "entry-changed", k, id);
        assertBreak(audit(changed(log, k, row -> row.leafHash = new byte[31]), checkpoints, N), "entry-changed", k, id);
        assertBreak(audit(changed(log, k, row -> row.chainLink = null), checkpoints, N), "chain-broken", k, id);
        assertBreak(audit(changed(log, k, row -> row.chainLink = new byte[33]), checkpoints, N), "chain-broken", k, id);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 9, N - 1})
    void aReplacedChainLinkIsChainBrokenAtItsEntry(int k) {
        List<StoredEntry> tampered = changed(log, k,
                row -> row.chainLink = MerkleInclusionProofTest.flipped(row.chainLink, 77));

        assertBreak(audit(tampered, checkpoints, N), "chain-broken", k, log.get(k).recordId());
    }

    @Test
    void aChainThatDoesNotStartAtTheGenesisIsBrokenAtTheFirstEntry() {
        // A log whose links are all right relative to each other, but chained from another starting point.
        List<StoredEntry> fromElsewhere = new ArrayList<>();
        byte[] previous = MerkleTree.leafHash(new byte[] {1});
        for (StoredEntry e : log) {
            previous = HashChain.link(previous, e.leafHash());
            Row row = new Row(e);
            row.chainLink = previous;
            fromElsewhere.add(row.stored());
        }

        assertBreak(audit(fromElsewhere, checkpoints, N), "chain-broken", 0, log.get(0).recordId());
    }

    @Test
    void anEntryCopiedFromAnotherLogIsEntryChangedEvenWithTheChainRecomputed() {
        // The same index in another log, every column as that log stored it, the chain relinked around it:
        // only the log id inside the leaf tells the entry does not belong here.
        int k = 6;
        List<StoredEntry> otherLog = store("shard-04", otherDrafts(N));
        List<StoredEntry> tampered = new ArrayList<>(log);
        tampered.set(k, otherLog.get(k));
        tampered = relinked(tampered);

        assertBreak(audit(tampered, checkpoints, N), "entry-changed", k, otherLog.get(k).recordId());
    }

    @Test
    void twoEntriesSwappedWithTheirIndexesRewrittenAreEntryChanged() {
        // Rows 4 and 5 exchange places (each given the other's seq) and the chain is relinked: the index is
        // inside the leaf, so neither entry can stand at the other's place.
        List<StoredEntry> tampered = new ArrayList<>(log);
        Row fourth = new Row(log.get(5));
        fourth.seq = 4;
        Row fifth = new Row(log.get(4));
        fifth.seq = 5;
        tampered.set(4, fourth.stored());
        tampered.set(5, fifth.stored());

        assertBreak(audit(relinked(tampered), checkpoints, N), "entry-changed", 4, log.get(5).recordId());
    }

    // ---- missing records and entries ----------------------------------------------------------------------

    @Test
    void aRecordGoneWithoutARedactionIsRecordMissing() {
        int k = 14;

        assertBreak(audit(changed(log, k, row -> row.payload = null), checkpoints, N), "record-missing", k,
                log.get(k).recordId());
    }

    @Test
    void aRecordRedactedAtTheEndOfItsRetentionLeavesTheLogIntact() {
        // Retention removes the bytes; the header, leaf and link stay, so the tree and chain still verify.
        List<StoredEntry> redacted = log;
        for (int k : new int[] {0, 14, 15, N - 1}) {
            redacted = changed(redacted, k, row -> {
                row.payload = null;
                row.redactedAt = AFTER_RETENTION;
            });
        }

        Result result = audit(redacted, checkpoints, N);

        assertThat(result.intact()).isTrue();
        assertThat(result.entries()).isEqualTo(N);
        assertThat(result.checkpointsVerified()).isEqualTo(CHECKPOINT_SIZES.length);
    }

    @Test
    void aRecordRedactedBeforeTheEndOfItsRetentionIsNamed() {
        // Someone who could run the redaction early (a shortened retention in a query column, a clock set
        // forward) still cannot move the date the leaf covers.
        int k = 14;

        assertBreak(audit(changed(log, k, row -> {
            row.payload = null;
            row.redactedAt = Instant.parse("2026-11-25T03:15:00Z");
        }), checkpoints, N), "redacted-early", k, log.get(k).recordId());
    }

    @Test
    void aShortenedRetentionChangesTheLeaf() {
        int k = 14;

        assertBreak(audit(changed(log, k, row -> row.retainUntil = row.retainUntil.minusYears(2)), checkpoints, N),
                "entry-changed", k, log.get(k).recordId());
    }

    @Test
    void aRedactionDoesNotExcuseRecordBytesThatAreStillThereButChanged() {
        int k = 14;

        assertBreak(audit(changed(log, k, row -> {
            row.payload = row.payload + "\n";
            row.redactedAt = AFTER_RETENTION;
        }), checkpoints, N), "record-changed", k, log.get(k).recordId());
    }

    @Test
    void aRedactedEntryWhoseHeaderChangedIsStillEntryChanged() {
        // Without its bytes a record cannot be compared with its hash, but its header still can.
        int k = 14;

        assertBreak(audit(changed(log, k, row -> {
            row.payload = null;
            row.redactedAt = AFTER_RETENTION;
            row.recordedAt = row.recordedAt.plusSeconds(1);
        }), checkpoints, N), "entry-changed", k, log.get(k).recordId());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 12, 20, N - 2})
    void anEntryRemovedFromTheMiddleIsEntryMissingNamingTheMissingIndex(int k) {
        List<StoredEntry> tampered = new ArrayList<>(log);
        tampered.remove(k);

        Result result = audit(tampered, checkpoints, N);

        // No record can be named: the missing entry's row is gone.
        assertBreak(result, "entry-missing", k, null);
        assertThat(result.firstBreak().orElseThrow().detail())
                .contains("index " + k + " is missing").contains("next stored entry has index " + (k + 1));
    }

    @Test
    void anEntryRemovedWithTheLaterOnesRenumberedAndRehashedIsCaughtByTheNextCheckpoint() {
        // Every later row given the index before it, every leaf and link recomputed: no gap, no broken link,
        // only a root that is not the one signed at 13.
        List<Draft> drafts = new ArrayList<>(drafts(N));
        drafts.remove(10);
        List<Draft> renumbered = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            renumbered.add(new Draft(i, d.recordId(), d.kind(), d.recordedAt(), d.payload()));
        }

        Result result = audit(store(LOG_ID, renumbered), checkpoints, N - 1);

        assertBreak(result, "checkpoint-mismatch", 8, null);
        assertThat(result.checkpointsVerified()).isEqualTo(2);
    }

    // ---- a consistent rewrite, a cut, the head ------------------------------------------------------------

    @ParameterizedTest(name = "rewritten from {0}: last good checkpoint {1}, first failing {2}")
    @CsvSource({
            "0, 0, 1",
            "1, 1, 8",
            "7, 1, 8",
            "8, 8, 13",
            "12, 8, 13",
            "13, 13, 16",
            "20, 16, 24",
            "31, 24, 32"})
    void aConsistentRewriteIsCheckpointMismatchNamingTheLastGoodCheckpoint(int k, long lastGood, long failing) {
        // Whoever rewrote entry k and recomputed every leaf and link after it leaves nothing for the entry,
        // chain or payload checks to find; the first signed root after k does not match. The break can only
        // say "after the last good checkpoint", so its index is that checkpoint's size.
        List<StoredEntry> tampered = rewrittenFrom(k);

        Result result = audit(tampered, checkpoints, N);

        assertBreak(result, "checkpoint-mismatch", lastGood, null);
        assertThat(result.firstBreak().orElseThrow().detail())
                .contains("from index " + lastGood + " to " + (failing - 1))
                .contains("checkpoint of size " + failing);
        assertThat(result.checkpointsVerified()).as("checkpoints verified before the mismatch")
                .isEqualTo(LongStream.of(CHECKPOINT_SIZES).filter(size -> size <= lastGood).count());
    }

    @Test
    void aConsistentRewriteAfterTheNewestCheckpointIsNotSeen() {
        // The documented limit: entries 32..39 are covered by no signed root yet, and a rewrite that keeps
        // the chain whole is, until the next checkpoint, indistinguishable from the log as appended.
        Result result = audit(rewrittenFrom(35), checkpoints, N);

        assertThat(result.intact()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {33, 35, 39})
    void entriesCutOffAfterTheNewestCheckpointAreLogTruncated(int kept) {
        // Checkpoint at 40, the whole log; the rows from `kept` on and the head rewound with them.
        List<SignedCheckpoint> upToTheEnd = signedCheckpoints(log, 8, 32, N);

        Result result = audit(log.subList(0, kept), upToTheEnd, kept);

        assertBreak(result, "log-truncated", kept, null);
        assertThat(result.firstBreak().orElseThrow().detail())
                .isEqualTo("the log has " + kept + " entries but a signed checkpoint commits to " + N);
        assertThat(result.entries()).isEqualTo(kept);
        assertThat(result.checkpointsVerified()).isEqualTo(2);
    }

    @Test
    void entriesCutOffBelowSeveralCheckpointsNameTheFirstUnmetOne() {
        Result result = audit(log.subList(0, 10), checkpoints, 10);

        assertBreak(result, "log-truncated", 10, null);
        assertThat(result.firstBreak().orElseThrow().detail()).endsWith("commits to 13");
        assertThat(result.checkpointsVerified()).isEqualTo(2);
    }

    @Test
    void aCutWithTheHeadLeftAsItWasIsReportedAsTheTruncation() {
        // Both the newest checkpoint and the head disagree with the rows: the signed checkpoint is the
        // stronger evidence, and it is reported first.
        assertBreak(audit(log.subList(0, 35), signedCheckpoints(log, 8, N), N), "log-truncated", 35, null);
    }

    @Test
    void aCutBeyondEveryCheckpointIsSeenOnlyByTheHead() {
        // Rows 35..39 gone, the head not rewound: entry-missing at the first missing index.
        Result result = audit(log.subList(0, 35), checkpoints, N);

        assertBreak(result, "entry-missing", 35, null);
        assertThat(result.firstBreak().orElseThrow().detail()).isEqualTo("the log's head says 40 entries, 35 are stored");
        assertThat(result.checkpointsVerified()).isEqualTo(CHECKPOINT_SIZES.length);
    }

    @Test
    void aHeadThatCountsMoreEntriesThanAreStoredIsEntryMissing() {
        assertBreak(audit(log, checkpoints, N + 1), "entry-missing", N, null);
        assertBreak(audit(List.of(), List.of(), 3), "entry-missing", 0, null);
    }

    @Test
    void aHeadThatCountsFewerEntriesThanAreStoredIsEntryMissingAtTheHead() {
        // More rows than the head admits (rows added behind the head's back, or the head rewound): the index
        // reported is the smaller of the two counts, where the two stories part.
        Result result = audit(log, checkpoints, N - 3);

        assertBreak(result, "entry-missing", N - 3, null);
        assertThat(result.firstBreak().orElseThrow().detail()).isEqualTo("the log's head says 37 entries, 40 are stored");
    }

    // ---- index columns ------------------------------------------------------------------------------------

    @Test
    void queryColumnsThatDisagreeWithTheRecordAreIndexChanged() {
        int k = 17;
        String mismatch = "the record's query columns [subject_id] no longer say what its bytes say";

        Result result = audit(changed(log, k, row -> row.indexMismatch = mismatch), checkpoints, N);

        assertBreak(result, "index-changed", k, log.get(k).recordId());
        assertThat(result.firstBreak().orElseThrow().detail()).isEqualTo(mismatch);
    }

    @Test
    void aChangedRecordIsReportedBeforeItsIndexColumns() {
        // When the bytes themselves changed, comparing the columns with them says nothing more.
        int k = 17;

        assertBreak(audit(changed(log, k, row -> {
            row.payload = row.payload + " ";
            row.indexMismatch = "the record's bytes are not JSON";
        }), checkpoints, N), "record-changed", k, log.get(k).recordId());
    }

    // ---- checkpoints that are not the log's -------------------------------------------------------------

    @Test
    void aCheckpointSignedByAnotherKeyIsSignatureInvalid() {
        CheckpointSigner anotherKey = CheckpointSigner.generate(ORIGIN);
        List<SignedCheckpoint> withForged = new ArrayList<>(checkpoints);
        withForged.set(3, anotherKey.sign(checkpoints.get(3).checkpoint()));

        LogAudit audit = new LogAudit(LOG_ID, ORIGIN, withForged, SIGNER.verifier());

        assertThat(audit.accept(log.get(0))).as("nothing is accepted once a checkpoint is not the log's").isFalse();
        Result result = audit.finish(N);
        assertBreak(result, "checkpoint-signature-invalid", CHECKPOINT_SIZES[3], null);
        assertThat(result.firstBreak().orElseThrow().detail()).contains("size 16").contains(ORIGIN);
        assertThat(result.entries()).isZero();
        assertThat(result.checkpointsVerified()).isZero();
    }

    @Test
    void aCheckpointForAnotherOriginIsSignatureInvalidEvenSignedByTheLogsKey() {
        // The key signs every log's checkpoints: a genuine checkpoint of shard-04 with the same size and root
        // must not count as shard-03's.
        Checkpoint genuine = checkpoints.get(1).checkpoint();
        SignedCheckpoint otherOrigin = SIGNER.sign(new Checkpoint(genuine.treeSize(), genuine.rootHash(),
                genuine.time(), "onplanetz.jp/privacy-ops/disclosure-log/shard-04"));
        List<SignedCheckpoint> mixed = new ArrayList<>(checkpoints);
        mixed.set(1, otherOrigin);

        assertThat(SIGNER.verifier().verify(otherOrigin)).as("its signature is good").isTrue();
        assertBreak(audit(log, mixed, N), "checkpoint-signature-invalid", 8, null);
    }

    @Test
    void aCheckpointWhoseRootWasChangedUnderItsSignatureIsSignatureInvalid() {
        // Someone who rewrote the rows and then "fixed" the stored checkpoint's root to match: without the
        // key, the signature no longer verifies.
        List<StoredEntry> tampered = rewrittenFrom(10);
        SignedCheckpoint original = checkpoints.get(2);
        Checkpoint refitted = Checkpoint.of(13, MerkleTree.rootHash(leaves(tampered), 13),
                original.checkpoint().time(), ORIGIN);
        List<SignedCheckpoint> withRefitted = new ArrayList<>(checkpoints);
        withRefitted.set(2, new SignedCheckpoint(refitted, original.keyName(), original.keyHash(),
                original.signature()));

        assertBreak(audit(tampered, withRefitted, N), "checkpoint-signature-invalid", 13, null);
    }

    @Test
    void aCheckpointSignedByTheLogsKeyForAnotherTreeIsCheckpointMismatch() {
        // Signed by the right key for the right origin, but over another log's root: the signature is good,
        // the root is not this log's.
        List<StoredEntry> otherLog = store("shard-04", otherDrafts(N));
        List<SignedCheckpoint> mixed = new ArrayList<>(checkpoints);
        mixed.set(4, signedCheckpoints(otherLog, 24).get(0));

        Result result = audit(log, mixed, N);

        assertBreak(result, "checkpoint-mismatch", 16, null);
        assertThat(result.checkpointsVerified()).isEqualTo(4);
    }

    // ---- the first break stands -------------------------------------------------------------------------

    @Test
    void afterTheFirstBreakEveryEntryIsRefusedAndLaterBreaksAreNotReported() {
        // Record 5 changed, link 9 broken, entry 20 missing, the newest checkpoint cut off, the head wrong:
        // only the first is reported, and nothing after it is even looked at.
        List<StoredEntry> tampered = changed(log, 5, row -> row.payload = row.payload + " ");
        tampered = changed(tampered, 9, row -> row.chainLink = new byte[32]);
        tampered = new ArrayList<>(tampered.subList(0, 30));
        tampered.remove(20);
        LogAudit audit = new LogAudit(LOG_ID, ORIGIN, checkpoints, SIGNER.verifier());

        List<Boolean> accepted = new ArrayList<>();
        for (StoredEntry e : tampered) {
            accepted.add(audit.accept(e));
        }
        // Valid entries fed again after the break are refused too.
        accepted.add(audit.accept(log.get(0)));
        accepted.add(audit.accept(log.get(6)));
        Result result = audit.finish(N + 5);

        assertThat(accepted.subList(0, 5)).containsOnly(true);
        assertThat(accepted.subList(5, accepted.size())).containsOnly(false);
        assertBreak(result, "record-changed", 5, log.get(5).recordId());
        assertThat(result.entries()).isEqualTo(5);
        assertThat(result.checkpointsVerified()).isEqualTo(1);
    }

    @Test
    void theBreakIsReportedOnlyOnceTheStreamStopsAtIt() {
        // The repository stops streaming when accept returns false: the result must be the same as feeding
        // every row.
        List<StoredEntry> tampered = changed(log, 12, row -> row.kind = "receiving-x");

        Result stopped = audit(tampered, checkpoints, N);
        LogAudit everyRow = new LogAudit(LOG_ID, ORIGIN, checkpoints, SIGNER.verifier());
        tampered.forEach(everyRow::accept);

        assertThat(everyRow.finish(N)).isEqualTo(stopped);
    }

    @Test
    void whatTheAuditNeedsIsRequired() {
        assertThatThrownBy(() -> new LogAudit(null, ORIGIN, List.of(), SIGNER.verifier()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new LogAudit(LOG_ID, null, List.of(), SIGNER.verifier()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new LogAudit(LOG_ID, ORIGIN, List.of(), null))
                .isInstanceOf(NullPointerException.class);
    }

    // ---- the log as the service stores it ---------------------------------------------------------------

    /** What the service decides before hashing: everything an entry's columns hold apart from hashes. */
    record Draft(long seq, UUID recordId, String kind, Instant recordedAt, String payload) {
        /** Three years after the provisions in the payloads. */
        LocalDate retainUntil() {
            return RETAINED_UNTIL;
        }
    }

    /**
     * Entries 0..n-1: alternating kinds, a time in microseconds that moves by an uneven step, and a JSON
     * record per entry (some non-ASCII, so that the payload hash is over UTF-8).
     */
    static List<Draft> drafts(int n) {
        List<Draft> drafts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String kind = i % 3 == 0 ? "receiving" : "provision";
            String payload = "{\"kind\":\"" + kind + "\",\"subject\":{\"id\":\"s-" + i + "\"},"
                    + "\"counterparty\":\"" + (i % 2 == 0 ? "株式会社オンプラネッツ" : "recipient-" + i) + "\","
                    + "\"period\":{\"firstDay\":\"2025-03-01\",\"lastDay\":\"2025-03-31\"}}";
            drafts.add(new Draft(i, new UUID(0x0123_4567_89ab_cdefL, i), kind,
                    START.plusSeconds(i).plusNanos(i * 7_000L), payload));
        }
        return drafts;
    }

    /** Another log's records: other ids, other subjects. */
    static List<Draft> otherDrafts(int n) {
        return drafts(n).stream().map(d -> new Draft(d.seq(), new UUID(0x0fed_cba9_8765_4321L, d.seq()), d.kind(),
                d.recordedAt().plusMillis(3), d.payload().replace("s-", "u-"))).toList();
    }

    /**
     * The rows the service would store: payload hash, leaf of the header, chain from the genesis, recomputed
     * here by hand (SHA-256 over the link and the leaf) rather than through the audit's own code.
     */
    static List<StoredEntry> store(String logId, List<Draft> drafts) {
        List<StoredEntry> entries = new ArrayList<>();
        byte[] previous = HashChain.genesis();
        for (Draft d : drafts) {
            byte[] payloadSha256 = sha256(d.payload().getBytes(StandardCharsets.UTF_8));
            byte[] leaf = new EntryHeader(logId, d.seq(), d.recordId(), d.kind(), d.recordedAt(), d.retainUntil(), payloadSha256)
                    .leafHash();
            byte[] link = sha256(concat(previous, leaf));
            entries.add(new StoredEntry(d.seq(), d.recordId(), d.kind(), d.recordedAt(), d.retainUntil(), payloadSha256,
                    leaf, link, d.payload(), null, null));
            previous = link;
        }
        return entries;
    }

    /** The log with entry k's record changed and every leaf and link from there on recomputed to fit. */
    private List<StoredEntry> rewrittenFrom(int k) {
        List<Draft> drafts = new ArrayList<>(drafts(N));
        Draft d = drafts.get(k);
        drafts.set(k, new Draft(d.seq(), d.recordId(), d.kind(), d.recordedAt(), d.payload().replace("s-", "t-")));
        List<StoredEntry> rewritten = store(LOG_ID, drafts);
        // The rows before k are untouched, the rows from k on all differ: a rewrite, not a new log.
        for (int i = 0; i < N; i++) {
            assertThat(MessageDigest.isEqual(rewritten.get(i).chainLink(), log.get(i).chainLink()))
                    .as("link %d unchanged", i).isEqualTo(i < k);
        }
        return rewritten;
    }

    /** The entries with their chain links recomputed from the genesis over the stored leaves. */
    private static List<StoredEntry> relinked(List<StoredEntry> entries) {
        List<StoredEntry> relinked = new ArrayList<>();
        byte[] previous = HashChain.genesis();
        for (StoredEntry e : entries) {
            Row row = new Row(e);
            row.chainLink = previous = HashChain.link(previous, e.leafHash());
            relinked.add(row.stored());
        }
        return relinked;
    }

    private static List<SignedCheckpoint> signedCheckpoints(List<StoredEntry> entries, long... sizes) {
        LeafHashes leaves = leaves(entries);
        List<SignedCheckpoint> signed = new ArrayList<>();
        for (long size : sizes) {
            signed.add(SIGNER.sign(Checkpoint.of(size, MerkleTree.rootHash(leaves, size), START.plusSeconds(size),
                    ORIGIN)));
        }
        return signed;
    }

    private static LeafHashes leaves(List<StoredEntry> entries) {
        return LeafHashes.of(entries.stream().map(StoredEntry::leafHash).toList());
    }

    /** Feeds the rows as the repository does, stopping when the audit refuses one. */
    private static Result audit(List<StoredEntry> entries, List<SignedCheckpoint> checkpoints, long headNextSeq) {
        LogAudit audit = new LogAudit(LOG_ID, ORIGIN, checkpoints, SIGNER.verifier());
        for (StoredEntry e : entries) {
            if (!audit.accept(e)) {
                break;
            }
        }
        return audit.finish(headNextSeq);
    }

    private static void assertBreak(Result result, String reason, long seq, UUID recordId) {
        assertThat(result.intact()).as("intact").isFalse();
        Break b = result.firstBreak().orElseThrow();
        assertThat(b.reason()).as("reason of %s", b).isEqualTo(reason);
        assertThat(b.seq()).as("seq of %s", b).isEqualTo(seq);
        assertThat(b.recordId()).as("recordId of %s", b).isEqualTo(recordId);
        assertThat(b.detail()).as("detail").isNotBlank();
    }

    /** A stored entry's columns, to change one or two of them. */
    static final class Row {
        long seq;
        UUID recordId;
        String kind;
        Instant recordedAt;
        LocalDate retainUntil;
        byte[] payloadSha256;
        byte[] leafHash;
        byte[] chainLink;
        String payload;
        Instant redactedAt;
        String indexMismatch;

        Row(StoredEntry e) {
            seq = e.seq();
            recordId = e.recordId();
            kind = e.kind();
            recordedAt = e.recordedAt();
            retainUntil = e.retainUntil();
            payloadSha256 = e.payloadSha256().clone();
            leafHash = e.leafHash() == null ? null : e.leafHash().clone();
            chainLink = e.chainLink() == null ? null : e.chainLink().clone();
            payload = e.payload();
            redactedAt = e.redactedAt();
            indexMismatch = e.indexMismatch();
        }

        StoredEntry stored() {
            return new StoredEntry(seq, recordId, kind, recordedAt, retainUntil, payloadSha256, leafHash, chainLink,
                    payload, redactedAt, indexMismatch);
        }
    }

    /** A copy of the entries with entry k's columns changed; the others as they were. */
    private static List<StoredEntry> changed(List<StoredEntry> entries, int k, Consumer<Row> change) {
        List<StoredEntry> copy = new ArrayList<>(entries);
        Row row = new Row(entries.get(k));
        change.accept(row);
        copy.set(k, row.stored());
        return copy;
    }

    private static byte[] sha256(byte[] bytes) {
        return RfcMerkleDefinition.sha256(bytes);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
