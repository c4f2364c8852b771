package jp.onplanetz.privacy.analytics.repository;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jp.onplanetz.privacy.analytics.UsageEvent;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kafka door's insert of a whole poll in one statement: every column as given, and an exact count of new rows. */
@QuarkusTest
class UsageEventRepositoryTest {

    @Inject
    UsageEventRepository events;

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

    private static UsageEvent event(String type) {
        UsageEvent e = new UsageEvent();
        e.id = UUID.randomUUID();
        e.keyVersion = 1;
        // microseconds: what timestamptz keeps, so that the stored value compares equal
        e.occurredAt = OffsetDateTime.of(2026, 11, 3, 9, 15, 30, 123_456_000, ZoneOffset.UTC);
        e.eventType = type;
        e.gender = "female";
        e.ageBand = "30-39";
        e.prefecture = "tokyo";
        e.region = "kanto";
        e.jobClass = "engineer";
        e.companySize = "10-99";
        e.companySector = "manufacturing";
        e.consentedForAnalytics = true;
        e.ingestedAt = OffsetDateTime.of(2026, 11, 3, 9, 15, 31, 654_321_000, ZoneOffset.UTC);
        return e;
    }
}
