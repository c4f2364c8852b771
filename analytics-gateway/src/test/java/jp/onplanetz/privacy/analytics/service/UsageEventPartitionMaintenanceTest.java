package jp.onplanetz.privacy.analytics.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jp.onplanetz.privacy.analytics.UsageEvent;
import jp.onplanetz.privacy.analytics.UsageTesting;
import jp.onplanetz.privacy.analytics.repository.UsageEventPartitions;
import jp.onplanetz.privacy.analytics.repository.UsageEventRepository;
import jp.onplanetz.privacy.testinfra.ServiceDatabases;
import jp.onplanetz.privacy.testinfra.ServiceDb;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The day partitions' upkeep, run at a "now" far in the past so that it cannot touch the days other tests store in:
 * the days an event may still arrive for are made, and only the days entirely past retention are dropped.
 */
@QuarkusTest
class UsageEventPartitionMaintenanceTest {

    @Inject
    UsageEventPartitionMaintenance maintenance;
    @Inject
    UsageEventPartitions partitions;
    @Inject
    UsageEventRepository events;

    @Test
    void at_startup_every_day_from_the_ingest_max_age_to_two_days_ahead_has_its_partition() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // P30D max-age in the test profile as in production
        assertThat(partitions.days()).containsAll(today.minusDays(30).datesUntil(today.plusDays(3)).toList());
    }

    @Test
    void a_retention_shorter_than_a_release_window_and_its_delay_or_the_ingest_max_age_is_refused() {
        Duration window = Duration.ofDays(30);
        Duration delay = Duration.ofMinutes(5);
        Duration maxAge = Duration.ofDays(30);
        UsageEventPartitionMaintenance.requireRetentionCovers(Duration.ofDays(31), window, delay, maxAge);
        UsageEventPartitionMaintenance.requireRetentionCovers(window.plus(delay), window, delay, maxAge);
        assertThatThrownBy(() -> UsageEventPartitionMaintenance.requireRetentionCovers(
                window.plus(delay).minusNanos(1), window, delay, maxAge)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> UsageEventPartitionMaintenance.requireRetentionCovers(
                Duration.ofDays(40), window, delay, Duration.ofDays(41))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void only_whole_days_past_retention_are_dropped_with_their_events() throws Exception {
        // retention P31D: at 2001-01-10T06:00Z the cutoff is 2000-12-10T06:00Z, inside the day 2000-12-10
        Instant now = Instant.parse("2001-01-10T06:00:00Z");
        String type = "maintenance-test." + UUID.randomUUID().toString().substring(0, 8);
        UsageEvent lastDayPast = UsageTesting.storedEvent(type, OffsetDateTime.parse("2000-12-09T23:59:59.999999Z"));
        UsageEvent beforeCutoffOnKeptDay = UsageTesting.storedEvent(type, OffsetDateTime.parse("2000-12-10T00:00:00Z"));
        UsageEvent afterCutoff = UsageTesting.storedEvent(type, OffsetDateTime.parse("2000-12-10T06:00:01Z"));
        UsageEvent longPast = UsageTesting.storedEvent(type, OffsetDateTime.parse("2000-11-01T12:00:00Z"));
        QuarkusTransaction.requiringNew().call(() -> events.insertNew(
                List.of(lastDayPast, beforeCutoffOnKeptDay, afterCutoff, longPast)));

        UsageEventPartitionMaintenance.Outcome outcome = maintenance.maintain(now);

        assertThat(outcome.dropped()).containsExactly(LocalDate.parse("2000-11-01"), LocalDate.parse("2000-12-09"));
        // max-age P30D back from 2001-01-10 is 2000-12-11, two days ahead is 2001-01-12
        assertThat(outcome.made()).containsExactlyElementsOf(
                LocalDate.parse("2000-12-11").datesUntil(LocalDate.parse("2001-01-13")).toList());
        assertThat(partitions.days()).doesNotContain(LocalDate.parse("2000-11-01"), LocalDate.parse("2000-12-09"))
                .contains(LocalDate.parse("2000-12-10"), LocalDate.now(ZoneOffset.UTC));
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS, "select count(*) from usage_event where event_type = ?",
                type)).isEqualTo(2);
        assertThat(ServiceDb.count(ServiceDatabases.ANALYTICS, "select count(*) from pg_class where relname in"
                + " ('usage_event_p20001101', 'usage_event_p20001209')")).as("dropped, not only detached").isZero();

        UsageEventPartitionMaintenance.Outcome again = maintenance.maintain(now);
        assertThat(again.made()).isEmpty();
        assertThat(again.dropped()).isEmpty();
    }
}
