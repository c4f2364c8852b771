package jp.onplanetz.privacy.runtime.outbox;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jp.onplanetz.privacy.events.CloudEventHeaders;
import jp.onplanetz.privacy.runtime.testapp.Db;
import jp.onplanetz.privacy.runtime.testapp.LedgerService;
import jp.onplanetz.privacy.runtime.testapp.TestEvents;
import jp.onplanetz.privacy.testinfra.KafkaBroker;
import jp.onplanetz.privacy.testinfra.SuiteInfrastructure;
import jp.onplanetz.privacy.testinfra.TopicReader;
import jp.onplanetz.privacy.testinfra.TopicRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * No event lost, none applied twice: proven against the real broker and database, with the broker
 * killed and the relay's database session killed mid-batch.
 */
@QuarkusTest
class OutboxDeliveryTest {

    @Inject
    LedgerService ledger;

    private final KafkaBroker broker = SuiteInfrastructure.get().kafka();

    @AfterEach
    void brokerBackUp() {
        broker.start();
    }

    @Test
    void aBrokerOutageDelaysEventsAndLosesNone() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> subjects = List.of(run + "-a", run + "-b", run + "-c", run + "-d");

        broker.stop();
        for (int i = 0; i < 1000; i++) {
            ledger.record(subjects.get(i % subjects.size()), i, 1 + i % 7);
        }
        // Committed while the broker is down: every change is there, every event waits in the outbox.
        assertThat(Db.count("select count(*) from test_ledger_entry where subject like '" + run + "%'")).isEqualTo(1000);
        assertThat(Db.count("select count(*) from outbox_event where published_at is null and record_key like '" + run
                + "%'")).isEqualTo(1000);
        assertThat(applied(run)).isZero();

        broker.start();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> Db.count("select count(distinct event_id) from test_applied_event where subject like '"
                        + run + "%'") == 1000);
        await().atMost(Duration.ofSeconds(30)).until(() -> Db.count(
                "select count(*) from outbox_event where published_at is null and record_key like '" + run + "%'") == 0);
        // Each applied exactly once: one row per event (the projection table has no unique constraint).
        assertThat(applied(run)).isEqualTo(1000);
        assertPerSubjectOrder(run);

        List<TopicRecord> onTopic = records(run);
        Set<String> ids = onTopic.stream().map(r -> r.header(CloudEventHeaders.ID)).collect(Collectors.toSet());
        assertThat(ids).hasSize(1000);
        assertThat(onTopic).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(r.header(CloudEventHeaders.SUBJECT));
            assertThat(r.header(CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
            assertThat(r.header(CloudEventHeaders.TYPE)).isEqualTo(TestEvents.CHANGED.type());
            assertThat(r.header(CloudEventHeaders.SOURCE)).isEqualTo("/privacy-ops/platform-test");
            assertThat(r.header(CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
        });
    }

    @Test
    void aRelayKilledBetweenSendingAndMarkingResendsAndTheInboxAppliesOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        broker.stop();
        for (int i = 0; i < 200; i++) {
            ledger.record(run + "-" + (i % 3), i, 1);
        }
        try (Connection blocker = Db.connect()) {
            // Hold the rows so that the relay can send them but not mark them published.
            blocker.setAutoCommit(false);
            try (Statement st = blocker.createStatement()) {
                st.executeQuery("select seq from outbox_event where record_key like '" + run + "%' for update").close();
            }
            broker.start();
            // The relay sends a batch, gets the broker's acknowledgement, then waits on the lock to mark
            // it published. Kill its database session there: sent, but never marked.
            await().atMost(Duration.ofSeconds(90)).until(() -> terminateRelayWaitingToMark() > 0);
            blocker.rollback();
        }
        // The relay's transaction died: nothing of that batch was marked, so it is sent again.
        await().atMost(Duration.ofSeconds(90)).until(() -> Db.count(
                "select count(*) from outbox_event where published_at is null and record_key like '" + run + "%'") == 0);
        await().atMost(Duration.ofSeconds(60)).until(() -> applied(run) >= 200);
        List<TopicRecord> onTopic = records(run);
        Map<String, Long> copies = onTopic.stream().collect(Collectors.groupingBy(
                r -> r.header(CloudEventHeaders.ID), Collectors.counting()));
        assertThat(copies).hasSize(200);
        assertThat(copies.values()).as("the killed batch was sent again").anyMatch(n -> n >= 2);
        // The redelivered copies changed nothing: wait for the consumer to have read them all, then count.
        Thread.sleep(3000);
        assertThat(applied(run)).isEqualTo(200);
        assertPerSubjectOrder(run);
    }

    @Test
    void aChangeWhoseEventBreaksItsSchemaIsRolledBackWithIt() {
        String subject = "invalid-" + UUID.randomUUID();
        assertThatThrownBy(() -> ledger.recordWithInvalidEvent(subject)).hasMessageContaining("breaks its schema");
        assertThat(Db.count("select count(*) from test_ledger_entry where subject = '" + subject + "'")).isZero();
        assertThat(Db.count("select count(*) from outbox_event where record_key = '" + subject + "'")).isZero();
    }

    private static long applied(String run) {
        return Db.count("select count(*) from test_applied_event where subject like '" + run + "%'");
    }

    /** Per subject, events were applied in the order their changes were committed. */
    private static void assertPerSubjectOrder(String run) {
        Map<String, List<Integer>> bySubject = new HashMap<>();
        try (Connection c = Db.connect(); PreparedStatement ps = c.prepareStatement(
                "select subject, n from test_applied_event where subject like ? order by applied_seq")) {
            ps.setString(1, run + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    bySubject.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getInt(2));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertThat(bySubject).isNotEmpty();
        bySubject.forEach((subject, ns) -> assertThat(ns).as("order for %s", subject).isSorted());
    }

    private static List<TopicRecord> records(String run) {
        return TopicReader.readAll(TestEvents.TOPIC).stream().filter(r -> r.key().startsWith(run)).toList();
    }

    private static int terminateRelayWaitingToMark() throws Exception {
        try (Connection c = Db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                select count(pg_terminate_backend(pid)) from pg_stat_activity
                where query like 'update outbox_event set published_at%' and wait_event_type = 'Lock'""")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
