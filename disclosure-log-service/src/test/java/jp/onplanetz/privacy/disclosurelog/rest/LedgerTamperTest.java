package jp.onplanetz.privacy.disclosurelog.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jp.onplanetz.privacy.disclosurelog.service.ledger.CheckpointService;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.SuiteInfrastructure;
import jp.onplanetz.privacy.testinfra.TestTokens;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static jp.onplanetz.privacy.disclosurelog.rest.RecordResourceTest.PROVISIONS;
import static jp.onplanetz.privacy.disclosurelog.support.Records.append;
import static jp.onplanetz.privacy.disclosurelog.support.Records.newSubject;
import static jp.onplanetz.privacy.disclosurelog.support.Records.personRelated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Someone with database access changes the ledger directly in PostgreSQL, and the verifier names the first broken
 * record. Each test puts the rows back as they were, so the ledger the other tests share verifies again.
 */
@QuarkusTest
class LedgerTamperTest {

    private static final ServiceDatabases.ServiceDatabase DB = ServiceDatabases.DISCLOSURE_LOG;

    @Inject
    CheckpointService checkpoints;

    private static JsonPath verify() {
        return given().auth().oauth2(TestTokens.operator()).when().post("/api/v1/ledger/verifications")
                .then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> brokenLog(JsonPath report) {
        return report.getList("logs", Map.class).stream().filter(l -> l.get("firstBreak") != null)
                .map(l -> (Map<String, Object>) l).findFirst().orElseThrow();
    }

    @Test
    void theServicesOwnRoleCanNeitherUpdateNorDeleteARecord() throws Exception {
        String id = append(PROVISIONS, personRelated(newSubject()));
        try (Connection app = DriverManager.getConnection(SuiteInfrastructure.get().postgres().jdbcUrl(DB.database()),
                DB.appRole(), DB.appPassword()); Statement st = app.createStatement()) {
            for (String sql : new String[] {
                    "update ledger_entry set kind = 'receiving' where record_id = '" + id + "'",
                    "delete from ledger_entry where record_id = '" + id + "'",
                    "update ledger_payload set payload = '{}' where record_id = '" + id + "'",
                    "delete from ledger_payload where record_id = '" + id + "'",
                    "delete from ledger_checkpoint",
                    "truncate ledger_entry cascade",
                    "alter table ledger_entry disable trigger user"}) {
                assertThatThrownBy(() -> st.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                        .message().containsAnyOf("permission denied", "must be owner");
            }
        }
    }

    @Test
    void evenTheOwnerIsRefusedByTheTriggers() {
        String id = append(PROVISIONS, personRelated(newSubject()));
        assertThatThrownBy(() -> ServiceDb.update(DB, "update ledger_entry set kind = 'receiving' where record_id = ?",
                UUID.fromString(id))).hasMessageContaining("append-only");
        assertThatThrownBy(() -> ServiceDb.update(DB, "delete from ledger_payload where record_id = ?", UUID.fromString(id)))
                .hasMessageContaining("only by redaction");
    }

    @Test
    void anEditedRecordIsNamedByTheVerifier() throws Exception {
        String subject = newSubject();
        append(PROVISIONS, personRelated(subject));
        String target = append(PROVISIONS, personRelated(subject));
        append(PROVISIONS, personRelated(subject));
        checkpoints.signAll();
        assertThat(verify().getBoolean("intact")).isTrue();

        String original = (String) ServiceDb.single(DB, "select payload from ledger_payload where record_id = ?", UUID.fromString(target));
        asAttacker("update ledger_payload set payload = replace(payload, 'Acme Ads K.K.', 'Nobody Ltd.') where record_id = '"
                + target + "'");
        try {
            JsonPath report = verify();
            assertThat(report.getBoolean("intact")).isFalse();
            Map<String, Object> log = brokenLog(report);
            Map<String, Object> broken = (Map<String, Object>) log.get("firstBreak");
            assertThat(broken.get("recordId")).isEqualTo(target);
            assertThat(broken.get("reason")).isEqualTo("record-changed");
        } finally {
            asAttacker("update ledger_payload set payload = '" + original.replace("'", "''") + "' where record_id = '" + target + "'");
        }
        assertThat(verify().getBoolean("intact")).isTrue();
    }

    @Test
    void aRecordHiddenFromItsSubjectByChangingTheQueryColumnsIsNamed() throws Exception {
        String subject = newSubject();
        String target = append(PROVISIONS, personRelated(subject));
        asAttacker("update ledger_payload set subject_id = 'someone-else' where record_id = '" + target + "'");
        try {
            Map<String, Object> broken = (Map<String, Object>) brokenLog(verify()).get("firstBreak");
            assertThat(broken.get("recordId")).isEqualTo(target);
            assertThat(broken.get("reason")).isEqualTo("index-changed");
        } finally {
            asAttacker("update ledger_payload set subject_id = '" + subject + "' where record_id = '" + target + "'");
        }
        assertThat(verify().getBoolean("intact")).isTrue();
    }

    @Test
    void aDeletedRecordIsNamedByItsPlaceInTheLog() throws Exception {
        String subject = newSubject();
        append(PROVISIONS, personRelated(subject));
        String target = append(PROVISIONS, personRelated(subject));
        append(PROVISIONS, personRelated(subject));
        checkpoints.signAll();
        UUID id = UUID.fromString(target);
        String log = (String) ServiceDb.single(DB, "select log_id from ledger_entry where record_id = ?", id);
        long seq = ((Number) ServiceDb.single(DB, "select seq from ledger_entry where record_id = ?", id)).longValue();

        try (Connection c = ServiceDb.connect(DB)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("create temp table saved_entry as select * from ledger_entry where record_id = '" + id + "'");
                st.execute("create temp table saved_payload as select * from ledger_payload where record_id = '" + id + "'");
                st.execute("create temp table saved_check as select * from basis_check where record_id = '" + id + "'");
                st.execute("alter table ledger_payload disable trigger user");
                st.execute("alter table ledger_entry disable trigger user");
                st.execute("alter table basis_check disable trigger user");
                st.execute("delete from basis_check where record_id = '" + id + "'");
                st.execute("alter table basis_check enable trigger user");
                st.execute("delete from ledger_payload where record_id = '" + id + "'");
                st.execute("delete from ledger_entry where record_id = '" + id + "'");
                st.execute("alter table ledger_entry enable trigger user");
                st.execute("alter table ledger_payload enable trigger user");
            }
            c.commit();
            try {
                JsonPath report = verify();
                Map<String, Object> broken = (Map<String, Object>) brokenLog(report).get("firstBreak");
                assertThat(brokenLog(report).get("logId")).isEqualTo(log);
                assertThat(((Number) broken.get("seq")).longValue()).isEqualTo(seq);
                assertThat(broken.get("reason")).isEqualTo("entry-missing");
            } finally {
                try (Statement st = c.createStatement()) {
                    st.execute("insert into ledger_entry select * from saved_entry");
                    st.execute("insert into ledger_payload select * from saved_payload");
                    st.execute("insert into basis_check select * from saved_check");
                }
                c.commit();
            }
        }
        assertThat(verify().getBoolean("intact")).isTrue();
    }

    @Test
    void aRewriteThatRecomputesEveryHashIsCaughtByTheSignedCheckpoint() throws Exception {
        String subject = newSubject();
        String target = append(PROVISIONS, personRelated(subject));
        checkpoints.signAll();
        UUID id = UUID.fromString(target);
        String log = (String) ServiceDb.single(DB, "select log_id from ledger_entry where record_id = ?", id);
        long seq = ((Number) ServiceDb.single(DB, "select seq from ledger_entry where record_id = ?", id)).longValue();
        long size = ((Number) ServiceDb.single(DB, "select next_seq from ledger_head where log_id = ?", log)).longValue();
        // The target is this log's newest entry (appended alone, just now): rewriting it with every hash
        // recomputed leaves the chain whole, so only the root signed over it can tell.
        assertThat(seq).isEqualTo(size - 1);
        Map<String, Object> row = row("select recorded_at, retain_until, payload_sha256, leaf_hash, chain_link from ledger_entry where record_id = '"
                + id + "'");
        byte[] previousLink = seq == 0 ? jp.onplanetz.privacy.disclosurelog.ledger.HashChain.genesis()
                : (byte[]) ServiceDb.single(DB, "select chain_link from ledger_entry where log_id = ? and seq = ?", log, seq - 1);
        String original = (String) ServiceDb.single(DB, "select payload from ledger_payload where record_id = ?", id);
        String forged = original.replace("Acme Ads K.K.", "Nobody Ltd.");
        byte[] forgedHash = jp.onplanetz.privacy.disclosurelog.ledger.EntryHeader.payloadSha256(forged);
        byte[] forgedLeaf = new jp.onplanetz.privacy.disclosurelog.ledger.EntryHeader(log, seq, id, "provision",
                ((java.sql.Timestamp) row.get("recorded_at")).toInstant(), ((java.sql.Date) row.get("retain_until")).toLocalDate(), forgedHash).leafHash();
        byte[] forgedLink = jp.onplanetz.privacy.disclosurelog.ledger.HashChain.link(previousLink, forgedLeaf);
        rewrite(id, log, forgedHash, forgedLeaf, forgedLink, forged);
        try {
            Map<String, Object> broken = (Map<String, Object>) brokenLog(verify()).get("firstBreak");
            assertThat(broken.get("reason")).isEqualTo("checkpoint-mismatch");
            assertThat(((Number) broken.get("seq")).longValue()).isLessThanOrEqualTo(seq);
            assertThat((String) broken.get("detail")).contains("to " + seq);
        } finally {
            rewrite(id, log, (byte[]) row.get("payload_sha256"), (byte[]) row.get("leaf_hash"), (byte[]) row.get("chain_link"),
                    original);
        }
        assertThat(verify().getBoolean("intact")).isTrue();
    }

    /**
     * Rewrites the newest entry of a log and its record as an attacker with the owner's password would: triggers
     * off, every hash and the head's link made to fit.
     */
    private static void rewrite(UUID id, String log, byte[] payloadSha256, byte[] leaf, byte[] link, String payload)
            throws SQLException {
        try (Connection c = ServiceDb.connect(DB)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("alter table ledger_payload disable trigger user");
                st.execute("alter table ledger_entry disable trigger user");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "update ledger_entry set payload_sha256 = ?, leaf_hash = ?, chain_link = ? where record_id = ?")) {
                ps.setBytes(1, payloadSha256);
                ps.setBytes(2, leaf);
                ps.setBytes(3, link);
                ps.setObject(4, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("update ledger_payload set payload = ? where record_id = ?")) {
                ps.setString(1, payload);
                ps.setObject(2, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("update ledger_head set last_link = ? where log_id = ?")) {
                ps.setBytes(1, link);
                ps.setString(2, log);
                ps.executeUpdate();
            }
            try (Statement st = c.createStatement()) {
                st.execute("alter table ledger_entry enable trigger user");
                st.execute("alter table ledger_payload enable trigger user");
            }
            c.commit();
        }
    }

    private static Map<String, Object> row(String sql) throws SQLException {
        try (Connection c = ServiceDb.connect(DB); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            Map<String, Object> m = new java.util.HashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                m.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
            }
            return m;
        }
    }

    /** Runs one statement as the database owner with the append-only triggers off: what an attacker with access does. */
    private static void asAttacker(String sql) throws SQLException {
        try (Connection c = ServiceDb.connect(DB)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("alter table ledger_payload disable trigger user");
                st.execute(sql);
                st.execute("alter table ledger_payload enable trigger user");
            }
            c.commit();
        }
    }
}
