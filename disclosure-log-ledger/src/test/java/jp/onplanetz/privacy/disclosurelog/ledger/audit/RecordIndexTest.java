package jp.onplanetz.privacy.disclosurelog.ledger.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class RecordIndexTest {

    private static final String PROVISION = """
            {"recordId": "r1", "kind": "provision", "subject": {"id": "s-1"},
             "recipient": {"code": "acme-ads", "name": "Acme Ads K.K."},
             "period": {"firstDay": "2026-11-01", "lastDay": "2026-11-03"}}""";
    private static final String RECEIVING = """
            {"recordId": "r2", "kind": "receiving", "subject": {"id": "s-2"},
             "provider": {"name": "Facebook (Meta Platforms, Inc.)"},
             "period": {"firstDay": "2026-11-01", "lastDay": "2026-11-01"}}""";

    private static RecordIndex.Columns provisionColumns() {
        return new RecordIndex.Columns("provision", "s-1", "acme-ads", LocalDate.parse("2026-11-01"),
                LocalDate.parse("2026-11-03"), "shard-03", 7);
    }

    @Test
    void columnsThatSayWhatTheBytesSayPass() {
        assertThat(RecordIndex.mismatch(PROVISION, provisionColumns(), "shard-03", 7)).isNull();
        assertThat(RecordIndex.mismatch(RECEIVING, new RecordIndex.Columns("receiving", "s-2",
                "Facebook (Meta Platforms, Inc.)", LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-01"),
                "shard-00", 0), "shard-00", 0)).isNull();
    }

    @Test
    void eachColumnThatDiffersIsNamed() {
        RecordIndex.Columns c = provisionColumns();
        assertThat(RecordIndex.mismatch(PROVISION, new RecordIndex.Columns("receiving", c.subjectId(), c.counterparty(),
                c.firstDay(), c.lastDay(), c.logId(), c.seq()), "shard-03", 7)).contains("[kind]");
        assertThat(RecordIndex.mismatch(PROVISION, new RecordIndex.Columns(c.kind(), "someone-else", c.counterparty(),
                c.firstDay(), c.lastDay(), c.logId(), c.seq()), "shard-03", 7)).contains("[subject_id]");
        assertThat(RecordIndex.mismatch(PROVISION, new RecordIndex.Columns(c.kind(), c.subjectId(), "Acme Ads K.K.",
                c.firstDay(), c.lastDay(), c.logId(), c.seq()), "shard-03", 7)).contains("[counterparty]");
        assertThat(RecordIndex.mismatch(PROVISION, new RecordIndex.Columns(c.kind(), c.subjectId(), c.counterparty(),
                c.firstDay().minusDays(1), c.lastDay().plusDays(1), c.logId(), c.seq()), "shard-03", 7))
                .contains("[first_day, last_day]");
        assertThat(RecordIndex.mismatch(PROVISION, c, "shard-03", 8)).contains("[log_id/seq]");
        assertThat(RecordIndex.mismatch(PROVISION, c, "shard-04", 7)).contains("[log_id/seq]")
                .endsWith("no longer say what its bytes say");
    }

    @Test
    void bytesThatAreNotJsonAreSaidToBe() {
        assertThat(RecordIndex.mismatch("{\"kind\": ", provisionColumns(), "shard-03", 7))
                .isEqualTo("the record's bytes are not JSON");
    }

    @Test
    void theCounterpartyIsTheRecipientsCodeOrTheProvidersName() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(RecordIndex.counterparty(json.readTree(PROVISION))).isEqualTo("acme-ads");
        assertThat(RecordIndex.counterparty(json.readTree(RECEIVING))).isEqualTo("Facebook (Meta Platforms, Inc.)");
    }
}
