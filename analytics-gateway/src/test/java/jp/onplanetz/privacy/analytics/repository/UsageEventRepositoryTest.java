package jp.onplanetz.privacy.analytics.repository;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jp.onplanetz.privacy.analytics.UsageEvent;
import jp.onplanetz.privacy.analytics.UsageTesting;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Kafka door's insert of a whole poll by binary COPY: every column as given, an exact count of new rows, a
 * redelivered id skipped, a day without its partition made on the way.
 */
@QuarkusTest
class UsageEventRepositoryTest {

    @Inject
    UsageEventRepository events;
    @Inject
    UsageEventPartitions partitions;

    @Test
    void insertsEveryColumnAsGivenAndCountsOnlyTheNewRows() {
        String type = "repository-test." + UUID.randomUUID().toString().substring(0, 8);
        UsageEvent full = event(type);
        full.subjectPseudonym = "p1:AAAAAAAAAAAAAAAAAAAAAA";
        full.cookiePseudonym = "p1:BBBBBBBBBBBBBBBBBBBBBB";
        full.terminalPseudonym = "p1:CCCCCCCCCCCCCCCCCCCCCC";
        full.ipPrefix = "192.0.2.0/24";
        full.page = "/pricing";
        UsageEvent sparse = event(type);
        sparse.anonymousPseudonym = "p1:DDDDDDDDDDDDDDDDDDDDDD";

        assertThat(QuarkusTransaction.requiringNew().call(() -> events.insertNew(List.of(full, sparse)))).isEqualTo(2);
        // a redelivery: both again, one of them twice, and one new event
        UsageEvent later = event(type);
        later.subjectPseudonym = full.subjectPseudonym;
        assertThat(QuarkusTransaction.requiringNew().call(() -> events.insertNew(List.of(sparse, full, later, full))))
                .isEqualTo(1);

        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS, "select count(*) from usage_event where event_type = ?",
                type)).isEqualTo(3);
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS, "select count(*) from usage_event where id = ?::uuid"
                + " and subject_pseudonym = ? and anonymous_pseudonym is null and cookie_pseudonym = ?"
                + " and terminal_pseudonym = ? and key_version = 1 and ip_prefix = ? and occurred_at = ?"
                + " and page = ? and gender = 'female' and age_band = '30-39' and prefecture = 'tokyo'"
                + " and region = 'kanto' and job_class = 'engineer' and company_size = '10-99'"
                + " and company_sector = 'manufacturing' and consented_for_analytics and ingested_at = ?",
                full.id.toString(), full.subjectPseudonym, full.cookiePseudonym, full.terminalPseudonym, full.ipPrefix,
                full.occurredAt, full.page, full.ingestedAt)).isEqualTo(1);
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS, "select count(*) from usage_event where id = ?::uuid"
                + " and subject_pseudonym is null and anonymous_pseudonym = ? and cookie_pseudonym is null"
                + " and terminal_pseudonym is null and ip_prefix is null and page is null",
                sparse.id.toString(), sparse.anonymousPseudonym)).isEqualTo(1);
    }

    @Test
    void aBatchWhoseDayHasNoPartitionMakesTheDayAndIsStored() throws Exception {
        String type = "repository-test." + UUID.randomUUID().toString().substring(0, 8);
        LocalDate day = LocalDate.of(2003, 5, 17);
        assertThat(partitions.days()).doesNotContain(day);
        UsageEvent onMissingDay = event(type);
        onMissingDay.occurredAt = day.atTime(23, 59, 59, 999_999_000).atOffset(ZoneOffset.UTC);
        UsageEvent onKnownDay = event(type);

        assertThat(QuarkusTransaction.requiringNew().call(() -> events.insertNew(List.of(onKnownDay, onMissingDay))))
                .isEqualTo(2);
        assertThat(partitions.days()).contains(day);
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS, "select count(*) from usage_event_p20030517"
                + " where id = ?::uuid", onMissingDay.id.toString())).isEqualTo(1);
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS, "select count(*) from usage_event where event_type = ?",
                type)).isEqualTo(2);
    }

    @Test
    void aRowTheChecksRefuseIsNotTakenForAMissingDayAndStoresNothingOfItsBatch() {
        String type = "repository-test." + UUID.randomUUID().toString().substring(0, 8);
        UsageEvent good = event(type);
        UsageEvent rawIdentifier = event(type);
        rawIdentifier.cookiePseudonym = "a-raw-cookie-id";
        rawIdentifier.occurredAt = OffsetDateTime.of(2004, 2, 29, 12, 0, 0, 0, ZoneOffset.UTC);

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().call(() -> events.insertNew(List.of(good,
                rawIdentifier)))).hasRootCauseInstanceOf(java.sql.SQLException.class)
                .rootCause().hasMessageContaining("cookie_pseudonym");
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS, "select count(*) from usage_event where event_type = ?",
                type)).isZero();
    }

    @Test
    void aStoredIdMixedIntoANewBatchIsSkippedAndTheRestStored() {
        String type = "repository-test." + UUID.randomUUID().toString().substring(0, 8);
        List<UsageEvent> first = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            first.add(event(type));
        }
        assertThat(QuarkusTransaction.requiringNew().call(() -> events.insertNew(first))).isEqualTo(300);
        List<UsageEvent> second = new ArrayList<>(first.subList(100, 200));
        for (int i = 0; i < 50; i++) {
            second.add(event(type));
        }
        assertThat(QuarkusTransaction.requiringNew().call(() -> events.insertNew(second))).isEqualTo(50);
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS, "select count(*) from usage_event where event_type = ?",
                type)).isEqualTo(350);
    }

    @Test
    void aRedeliveryOfAnEventTimedBelowAMicrosecondIsStillRecognisedAsStored() {
        String type = "repository-test." + UUID.randomUUID().toString().substring(0, 8);
        UsageEvent fine = event(type);
        // rounded to the nearest microsecond this would be .123457, cut it is .123456
        fine.occurredAt = OffsetDateTime.of(2026, 11, 3, 9, 15, 30, 123_456_789, ZoneOffset.UTC);
        UsageEvent other = event(type);
        assertThat(QuarkusTransaction.requiringNew().call(() -> events.insertNew(List.of(fine)))).isEqualTo(1);
        // the COPY meets the stored id and the batch goes through the insert that skips stored ids
        assertThat(QuarkusTransaction.requiringNew().call(() -> events.insertNew(List.of(fine, other))))
                .isEqualTo(1);
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS, "select count(*) from usage_event where event_type = ?",
                type)).isEqualTo(2);
    }

    private static UsageEvent event(String type) {
        // microseconds: what timestamptz keeps, so that the stored value compares equal
        UsageEvent e = UsageTesting.storedEvent(type, OffsetDateTime.of(2026, 11, 3, 9, 15, 30, 123_456_000,
                ZoneOffset.UTC));
        e.ingestedAt = OffsetDateTime.of(2026, 11, 3, 9, 15, 31, 654_321_000, ZoneOffset.UTC);
        return e;
    }
}
