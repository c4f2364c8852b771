package jp.onplanetz.privacy.disclosurelog.ledger.cli;

import jp.onplanetz.privacy.disclosurelog.ledger.Checkpoint;
import jp.onplanetz.privacy.disclosurelog.ledger.CheckpointSigner;
import jp.onplanetz.privacy.disclosurelog.ledger.audit.LedgerDatabase.StoredCheckpoint;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The topic's checkpoints against the table's: what a deleted or replaced row looks like. */
class CheckpointCopiesTest {

    private static final String LOG = "shard-03";
    private static final CheckpointSigner SIGNER = CheckpointSigner.generate("onplanetz.jp/privacy-ops/disclosure-log");

    private static String note(long size, int rootByte) {
        byte[] root = new byte[32];
        root[0] = (byte) rootByte;
        return SIGNER.sign(Checkpoint.of(size, root, Instant.parse("2026-11-25T01:02:03.456789Z"),
                "onplanetz.jp/privacy-ops/disclosure-log/" + LOG)).note();
    }

    private static CheckpointTopic.Copy copy(long size, String note, long offset) {
        return new CheckpointTopic.Copy(LOG, size, note, 0, offset);
    }

    @Test
    void aTableHoldingEveryPublishedNoteAsPublishedHasNoFinding() {
        String n3 = note(3, 1);
        String n8 = note(8, 2);
        // The outbox delivers at least once; the newest row is not relayed yet.
        List<CheckpointTopic.Copy> topic = List.of(copy(3, n3, 0), copy(3, n3, 1), copy(8, n8, 2));
        List<StoredCheckpoint> table = List.of(new StoredCheckpoint(3, n3), new StoredCheckpoint(8, n8),
                new StoredCheckpoint(9, note(9, 3)));

        assertThat(CheckpointCopies.compare(LOG, topic, table)).isEmpty();
        assertThat(CheckpointCopies.onlyInTable(topic, table)).isEqualTo(1);
        assertThat(CheckpointCopies.union(topic, table)).extracting(StoredCheckpoint::treeSize).containsExactly(3L, 8L, 9L);
    }

    @Test
    void aDeletedRowIsMissingFromTheDatabaseAndStillChecked() {
        String n3 = note(3, 1);
        String n8 = note(8, 2);
        List<CheckpointTopic.Copy> topic = List.of(copy(3, n3, 0), copy(8, n8, 5));
        List<StoredCheckpoint> table = List.of(new StoredCheckpoint(3, n3));

        assertThat(CheckpointCopies.compare(LOG, topic, table)).singleElement().satisfies(f -> {
            assertThat(f.problem()).isEqualTo(Finding.MISSING_FROM_DATABASE);
            assertThat(f.logId()).isEqualTo(LOG);
            assertThat(f.treeSize()).isEqualTo(8);
            assertThat(f.detail()).contains("size 8", "partition 0, offset 5", "not in ledger_checkpoint");
        });
        assertThat(CheckpointCopies.union(topic, table)).extracting(StoredCheckpoint::note).containsExactly(n3, n8);
    }

    @Test
    void aReplacedRowDiffersInTheDatabaseAndBothNotesGoToTheAudit() {
        String published = note(8, 2);
        String replaced = note(8, 9);
        List<CheckpointTopic.Copy> topic = List.of(copy(8, published, 0));
        List<StoredCheckpoint> table = List.of(new StoredCheckpoint(8, replaced));

        assertThat(CheckpointCopies.compare(LOG, topic, table)).singleElement()
                .satisfies(f -> assertThat(f.problem()).isEqualTo(Finding.DIFFERS_IN_DATABASE));
        assertThat(CheckpointCopies.union(topic, table)).extracting(StoredCheckpoint::note)
                .containsExactly(published, replaced);
        assertThat(CheckpointCopies.onlyInTable(topic, table)).isEqualTo(1);
    }

    @Test
    void aLogOnlyOnTheTopicIsMissingFromTheDatabase() {
        Map<String, List<CheckpointTopic.Copy>> topic = Map.of(LOG, List.of(copy(3, note(3, 1), 0), copy(8, note(8, 2), 1)),
                "shard-00", List.of(new CheckpointTopic.Copy("shard-00", 1, "n", 0, 2)));

        assertThat(CheckpointCopies.logsMissing(topic, Set.of("shard-00"))).singleElement().satisfies(f -> {
            assertThat(f.problem()).isEqualTo(Finding.LOG_MISSING_FROM_DATABASE);
            assertThat(f.logId()).isEqualTo(LOG);
            assertThat(f.treeSize()).isEqualTo(8);
            assertThat(f.detail()).contains("2 checkpoints");
        });
        assertThat(CheckpointCopies.logsMissing(topic, Set.of("shard-00", LOG))).isEmpty();
    }
}
