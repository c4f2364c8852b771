package jp.onplanetz.privacy.disclosurelog.ledger.audit;

import jp.onplanetz.privacy.disclosurelog.ledger.CheckpointSigner;
import jp.onplanetz.privacy.disclosurelog.ledger.LogAudit;
import jp.onplanetz.privacy.disclosurelog.ledger.audit.LedgerDatabase.StoredCheckpoint;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What needs no database. The reads themselves run against the real PostgreSQL in disclosure-log-service's tests
 * (LedgerTamperTest through the endpoint, VerifyLedgerCliTest through the command-line verifier).
 */
class LedgerDatabaseTest {

    @Test
    void aCheckpointRowThatIsNoSignedNoteIsTheLogsFirstBreak() throws Exception {
        // Decided before any read: no connection is needed to say so.
        LedgerDatabase ledger = new LedgerDatabase(null);

        LogAudit.Result result = ledger.audit("shard-03", "onplanetz.jp/privacy-ops/disclosure-log/shard-03",
                List.of(new StoredCheckpoint(8, "onplanetz.jp/privacy-ops/disclosure-log/shard-03\n8\nnot a root\n")),
                CheckpointSigner.generate("onplanetz.jp/privacy-ops/disclosure-log").verifier());

        assertThat(result.intact()).isFalse();
        LogAudit.Break b = result.firstBreak().orElseThrow();
        assertThat(b.reason()).isEqualTo("checkpoint-unreadable");
        assertThat(b.seq()).isEqualTo(8);
        assertThat(b.recordId()).isNull();
        assertThat(b.detail()).startsWith("the checkpoint of size 8 is not a signed note");
    }
}
