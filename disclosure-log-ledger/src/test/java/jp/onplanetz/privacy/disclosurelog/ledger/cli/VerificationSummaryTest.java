package jp.onplanetz.privacy.disclosurelog.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jp.onplanetz.privacy.disclosurelog.ledger.LogAudit;
import jp.onplanetz.privacy.disclosurelog.ledger.cli.VerificationSummary.LogOutcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class VerificationSummaryTest {

    private static final String KEY = "onplanetz.jp/privacy-ops/disclosure-log+cb56dac4+AddamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea";
    private static final Instant START = Instant.parse("2026-11-25T01:00:00Z");
    private static final UUID RECORD = UUID.fromString("0b6c8f0e-4a52-4a8e-9d57-0f1f7b2d6a11");

    private final ObjectMapper json = new ObjectMapper();

    private static LogOutcome intact(String logId, long entries, int checkpoints) {
        return new LogOutcome("onplanetz.jp/privacy-ops/disclosure-log/" + logId,
                new LogAudit.Result(logId, entries, checkpoints, Optional.empty()), List.of(), 0);
    }

    private static VerificationSummary summary(List<LogOutcome> logs, List<Finding> findings) {
        return new VerificationSummary(Options.CheckpointSource.KAFKA, "the topic t at h:9092 (3 records)", KEY,
                "pinned with --key", logs,
                findings, START, Duration.ofMillis(2_500));
    }

    @Test
    void everyLogIntactExitsZeroWithCountsAndSpeed() throws Exception {
        VerificationSummary s = summary(List.of(intact("shard-00", 4_000, 3), intact("shard-01", 6_000, 2)), List.of());

        assertThat(s.intact()).isTrue();
        assertThat(s.exitCode()).isZero();
        assertThat(s.entries()).isEqualTo(10_000);
        assertThat(s.checkpointsVerified()).isEqualTo(5);
        assertThat(s.entriesPerSecond()).isEqualTo(4_000);
        assertThat(s.human())
                .contains("checkpoints from the topic t at h:9092", "checkpoint key " + KEY + ", pinned with --key")
                .contains("shard-00   intact 4,000 entries, 3 checkpoints verified")
                .endsWith("INTACT: 2 logs; 10,000 entries and 5 checkpoints verified in 2.50 s (4,000 entries/s)\n");

        JsonNode j = json.readTree(json.writeValueAsString(s.json(json)));
        assertThat(j.path("intact").asBoolean()).isTrue();
        assertThat(j.path("checkpointSource").asText()).isEqualTo("kafka");
        assertThat(j.path("verifierKey").asText()).isEqualTo(KEY);
        assertThat(j.path("keyFrom").asText()).isEqualTo("pinned with --key");
        assertThat(j.path("entries").asLong()).isEqualTo(10_000);
        assertThat(j.path("elapsedMillis").asLong()).isEqualTo(2_500);
        assertThat(j.path("entriesPerSecond").asLong()).isEqualTo(4_000);
        assertThat(j.path("startedAt").asText()).isEqualTo("2026-11-25T01:00:00Z");
        assertThat(j.path("logs")).hasSize(2);
        assertThat(j.path("logs").get(0).path("firstBreak").isNull()).isTrue();
        assertThat(j.path("findings")).isEmpty();
    }

    @Test
    void aBrokenLogExitsOneAndNamesTheRecord() throws Exception {
        LogOutcome broken = new LogOutcome("onplanetz.jp/privacy-ops/disclosure-log/shard-03",
                new LogAudit.Result("shard-03", 17, 1, Optional.of(new LogAudit.Break(17, RECORD, "record-changed",
                        "the record's bytes no longer match the hash its leaf covers"))), List.of(), 0);
        VerificationSummary s = summary(List.of(intact("shard-00", 10, 1), broken), List.of());

        assertThat(s.intact()).isFalse();
        assertThat(s.exitCode()).isEqualTo(1);
        assertThat(s.human()).contains("shard-03   BROKEN", "at index 17, record " + RECORD + ": record-changed: the record's bytes")
                .contains("BROKEN: 1 of 2 logs");

        JsonNode log = json.readTree(json.writeValueAsString(s.json(json))).path("logs").get(1);
        assertThat(log.path("intact").asBoolean()).isFalse();
        assertThat(log.path("firstBreak").path("recordId").asText()).isEqualTo(RECORD.toString());
        assertThat(log.path("firstBreak").path("reason").asText()).isEqualTo("record-changed");
        assertThat(log.path("firstBreak").path("seq").asLong()).isEqualTo(17);
    }

    @Test
    void aCheckpointMissingFromTheDatabaseBreaksAnOtherwiseIntactLog() throws Exception {
        Finding missing = new Finding("shard-03", 8, Finding.MISSING_FROM_DATABASE,
                "the checkpoint of size 8 is on the topic (partition 0, offset 5) but not in ledger_checkpoint");
        LogOutcome log = new LogOutcome("o", new LogAudit.Result("shard-03", 9, 2, Optional.empty()), List.of(missing), 1);
        VerificationSummary s = summary(List.of(log), List.of());

        assertThat(log.intact()).isFalse();
        assertThat(s.exitCode()).isEqualTo(1);
        assertThat(s.human()).contains("(1 in the database only, not on the topic yet)")
                .contains("checkpoint-missing-from-database: the checkpoint of size 8");
        JsonNode f = json.readTree(json.writeValueAsString(s.json(json))).path("logs").get(0).path("findings").get(0);
        assertThat(f.path("problem").asText()).isEqualTo(Finding.MISSING_FROM_DATABASE);
        assertThat(f.path("treeSize").asLong()).isEqualTo(8);
    }

    @Test
    void aFindingAboutNoStoredLogBreaksTheLedgerToo() throws Exception {
        Finding unreadable = new Finding(null, -1, Finding.TOPIC_RECORD_UNREADABLE, "the record at partition 0, offset 3 ...");
        VerificationSummary s = summary(List.of(intact("shard-00", 1, 1)), List.of(unreadable));

        assertThat(s.exitCode()).isEqualTo(1);
        assertThat(s.human()).contains("topic-record-unreadable: the record at partition 0, offset 3")
                .contains("BROKEN: 0 of 1 logs, 1 other findings");
        JsonNode f = json.readTree(json.writeValueAsString(s.json(json))).path("findings").get(0);
        assertThat(f.has("treeSize")).isFalse();
        assertThat(f.path("logId").isNull()).isTrue();
    }

    @Test
    void anEmptyLedgerIsIntactAndARunTooShortToTimeHasNoSpeed() {
        VerificationSummary s = new VerificationSummary(Options.CheckpointSource.DB, "the table", KEY, "pinned", List.of(), List.of(),
                START, Duration.ZERO);

        assertThat(s.exitCode()).isZero();
        assertThat(s.entriesPerSecond()).isZero();
    }
}
