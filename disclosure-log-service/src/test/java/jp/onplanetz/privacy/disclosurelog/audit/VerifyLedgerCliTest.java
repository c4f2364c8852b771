package jp.onplanetz.privacy.disclosurelog.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jp.onplanetz.privacy.disclosurelog.ledger.SignedCheckpoint;
import jp.onplanetz.privacy.disclosurelog.ledger.cli.VerifyLedger;
import jp.onplanetz.privacy.disclosurelog.service.ledger.CheckpointService;
import jp.onplanetz.privacy.disclosurelog.support.AsOwner;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import jp.onplanetz.privacy.testinfra.SuiteInfrastructure;
import jp.onplanetz.privacy.testinfra.TopicReader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static jp.onplanetz.privacy.disclosurelog.support.Records.append;
import static jp.onplanetz.privacy.disclosurelog.support.Records.newSubject;
import static jp.onplanetz.privacy.disclosurelog.support.Records.personRelated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The command-line verifier as an auditor runs it, in this JVM through its entry point: against the real
 * database (as the auditor's read-only role, as the CronJob in Kubernetes runs it), with the key from the running service's endpoint and the
 * checkpoints from the real topic. The attacker is the database's owner, who switches the append-only triggers
 * off; each test puts every row back, since the other tests share the ledger.
 */
@QuarkusTest
class VerifyLedgerCliTest {

    private static final ServiceDatabases.ServiceDatabase DB = ServiceDatabases.DISCLOSURE_LOG;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROVISIONS = "/api/v1/records/provisions";

    @Inject
    CheckpointService checkpoints;

    @TestHTTPResource("/api/v1/ledger/key")
    URL keyUrl;

    record Run(int exitCode, String out, String err) {
    }

    private Run verify(String checkpointSource, String... more) {
        List<String> args = new ArrayList<>(List.of("--jdbc-url", SuiteInfrastructure.get().postgres().jdbcUrl(DB.database()),
                "--user", DB.auditRole(), "--key-url", keyUrl.toString(), "--checkpoints", checkpointSource));
        if (checkpointSource.equals("kafka")) {
            args.addAll(List.of("--bootstrap-servers", SuiteInfrastructure.get().kafka().bootstrapServers()));
        }
        args.addAll(List.of(more));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new VerifyLedger().run(args.toArray(String[]::new), Map.of("PGPASSWORD", DB.auditPassword()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run verify() {
        return verify("kafka");
    }

    /** The verifier's credentials can check the ledger and nothing more: no append, no change, no other table. */
    @Test
    void theAuditRoleReadsTheLedgerAndMayChangeNothing() throws SQLException {
        String subject = newSubject();
        String record = append(PROVISIONS, personRelated(subject));
        try (Connection audit = java.sql.DriverManager.getConnection(
                SuiteInfrastructure.get().postgres().jdbcUrl(DB.database()), DB.auditRole(), DB.auditPassword());
             Statement st = audit.createStatement()) {
            try (ResultSet rs = st.executeQuery("select count(*) from ledger_entry where record_id = '" + record + "'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
            for (String refused : List.of(
                    "insert into ledger_log (log_id, origin) values ('audit-test', 'audit-test')",
                    "delete from ledger_checkpoint",
                    "select count(*) from outbox_event",
                    "select count(*) from entrustment",
                    "create table audit_scratch (x int)")) {
                assertThat(sqlState(st, refused)).as(refused).isEqualTo("42501");
            }
        }
    }

    /** The SQLSTATE a statement fails with, or null when it succeeds. */
    private static String sqlState(Statement st, String sql) {
        try {
            st.execute(sql);
            return null;
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    @Test
    void anIntactLedgerExitsZeroAndAnEditedRecordExitsOneNamingIt() throws Exception {
        String subject = newSubject();
        append(PROVISIONS, personRelated(subject));
        String target = append(PROVISIONS, personRelated(subject));
        append(PROVISIONS, personRelated(subject));
        checkpoints.signAll();

        Run intact = verify();
        assertThat(intact.exitCode()).as(intact.toString()).isZero();
        assertThat(intact.out()).contains("INTACT: 16 logs", "entries/s", "checkpoints from the topic "
                + EventCatalogue.LEDGER_CHECKPOINT_TOPIC, "fetched from " + keyUrl);
        assertThat(intact.err()).isEmpty();
        JsonNode report = JSON.readTree(verify("kafka", "--json").out());
        assertThat(report.path("intact").asBoolean()).isTrue();
        assertThat(report.path("entries").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(report.path("logs")).hasSize(16);

        UUID id = UUID.fromString(target);
        String log = (String) ServiceDb.single(DB, "select log_id from ledger_entry where record_id = ?", id);
        String original = (String) ServiceDb.single(DB, "select payload from ledger_payload where record_id = ?", id);
        asAttacker("ledger_payload", "update ledger_payload set payload = replace(payload, 'Acme Ads K.K.', 'Nobody Ltd.')"
                + " where record_id = '" + target + "'");
        try {
            Run broken = verify();
            assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(1);
            assertThat(broken.out()).contains("record " + target + ": record-changed").contains("BROKEN: 1 of 16 logs");

            JsonNode brokenLog = brokenLog(JSON.readTree(verify("kafka", "--json").out()));
            assertThat(brokenLog.path("logId").asText()).isEqualTo(log);
            assertThat(brokenLog.path("firstBreak").path("recordId").asText()).isEqualTo(target);
            assertThat(brokenLog.path("firstBreak").path("reason").asText()).isEqualTo("record-changed");
            // The table's checkpoints tell the same, without Kafka.
            assertThat(verify("db").exitCode()).isEqualTo(1);
        } finally {
            AsOwner.pastTriggers(DB, "ledger_payload", "update ledger_payload set payload = ? where record_id = ?",
                    original, id);
        }
        Run restored = verify();
        assertThat(restored.exitCode()).as(restored.toString()).isZero();
    }

    @Test
    void aDeletedCheckpointRowIsMissingFromTheDatabaseWhenTheCheckpointsComeFromTheTopic() throws Exception {
        String subject = newSubject();
        String record = append(PROVISIONS, personRelated(subject));
        String log = (String) ServiceDb.single(DB, "select log_id from ledger_entry where record_id = ?", UUID.fromString(record));
        SignedCheckpoint signed = checkpoints.signAll().stream()
                .filter(c -> c.checkpoint().logId().endsWith("/" + log)).findFirst().orElseThrow();
        long size = signed.checkpoint().treeSize();
        // The outbox relays it after the commit: wait until the copy outside the database exists.
        await().atMost(Duration.ofSeconds(30)).until(() -> TopicReader.readAll(EventCatalogue.LEDGER_CHECKPOINT_TOPIC)
                .stream().anyMatch(r -> signed.note().equals(noteOf(r.value()))));
        assertThat(verify().exitCode()).isZero();

        Map<String, Object> row = row("select root_hash, signed_at, note from ledger_checkpoint where log_id = '" + log
                + "' and tree_size = " + size);
        asAttacker("ledger_checkpoint", "delete from ledger_checkpoint where log_id = '" + log + "' and tree_size = " + size);
        try {
            Run fromTopic = verify();
            assertThat(fromTopic.exitCode()).as(fromTopic.toString()).isEqualTo(1);
            assertThat(fromTopic.out()).contains(log + " ", "BROKEN", "checkpoint-missing-from-database: the checkpoint of size "
                    + size + " is on the topic");
            JsonNode finding = brokenLog(JSON.readTree(verify("kafka", "--json").out())).path("findings").get(0);
            assertThat(finding.path("problem").asText()).isEqualTo("checkpoint-missing-from-database");
            assertThat(finding.path("treeSize").asLong()).isEqualTo(size);

            // The table alone cannot tell: it simply has one checkpoint fewer to check.
            Run fromTable = verify("db");
            assertThat(fromTable.exitCode()).as(fromTable.toString()).isZero();
        } finally {
            // Inserting is not refused (the triggers guard UPDATE and DELETE): the row goes back as it was.
            try (Connection c = ServiceDb.connect(DB); PreparedStatement ps = c.prepareStatement(
                    "insert into ledger_checkpoint (log_id, tree_size, root_hash, signed_at, note) values (?, ?, ?, ?, ?)")) {
                ps.setString(1, log);
                ps.setLong(2, size);
                ps.setBytes(3, (byte[]) row.get("root_hash"));
                ps.setTimestamp(4, (Timestamp) row.get("signed_at"));
                ps.setString(5, (String) row.get("note"));
                ps.executeUpdate();
            }
        }
        Run restored = verify();
        assertThat(restored.exitCode()).as(restored.toString()).isZero();
    }

    private static String noteOf(String checkpointEvent) {
        try {
            return JSON.readTree(checkpointEvent).path("note").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode brokenLog(JsonNode report) {
        for (JsonNode log : report.path("logs")) {
            if (!log.path("intact").asBoolean()) {
                return log;
            }
        }
        throw new AssertionError("no broken log in " + report);
    }

    private static Map<String, Object> row(String sql) throws SQLException {
        try (Connection c = ServiceDb.connect(DB); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            Map<String, Object> m = new java.util.HashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                m.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
            }
            return m;
        }
    }

    /** One statement as the database's owner with the table's append-only triggers off: what an attacker does. */
    private static void asAttacker(String table, String sql) throws SQLException {
        AsOwner.pastTriggers(DB, table, sql);
    }
}
