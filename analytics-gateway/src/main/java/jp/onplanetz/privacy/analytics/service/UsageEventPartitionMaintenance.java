package jp.onplanetz.privacy.analytics.service;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jp.onplanetz.privacy.analytics.config.AnalyticsConfig;
import jp.onplanetz.privacy.analytics.repository.UsageEventPartitions;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Keeps usage_event's day partitions: every day an event may still arrive for has one before it arrives (from the
 * ingest's max-age back to two days ahead, so a maintenance that fails for a day leaves the door nothing to make),
 * and a day all of whose events are past retention is dropped whole, which costs no row deletes and no vacuum.
 * Runs at startup, before the door's first batch, and then periodically on every replica (they take the same
 * lock; the second finds nothing to do). Not transactional: a concurrent detach cannot run inside a transaction.
 */
@ApplicationScoped
public class UsageEventPartitionMaintenance {

    /** How far ahead days are made: more than a day, so one failed run does not leave tomorrow missing. */
    static final int DAYS_AHEAD = 2;

    private final UsageEventPartitions partitions;
    private final AnalyticsConfig config;

    public UsageEventPartitionMaintenance(UsageEventPartitions partitions, AnalyticsConfig config) {
        this.partitions = partitions;
        this.config = config;
    }

    void atStartup(@Observes StartupEvent started) throws SQLException {
        requireRetentionCovers(config.usageEvents().retention(), config.releases().maxWindow(),
                config.releases().releaseDelay(), config.ingest().maxAge());
        maintain(Instant.now());
    }

    /**
     * Refuses a retention that would drop events before every window they fall in is released, or while events of
     * their day are still accepted.
     */
    static void requireRetentionCovers(Duration retention, Duration maxWindow, Duration releaseDelay, Duration maxAge) {
        Duration released = maxWindow.plus(releaseDelay);
        if (retention.compareTo(released) < 0 || retention.compareTo(maxAge) < 0) {
            throw new IllegalStateException("privacyops.analytics.usage-events.retention " + retention
                    + " is shorter than the longest release window plus the release delay (" + released
                    + ") or the ingest max-age (" + maxAge + "): events would be dropped before their windows are"
                    + " released or while they are still accepted");
        }
    }

    @Scheduled(every = "${privacyops.analytics.usage-events.maintenance-every}",
            delayed = "${privacyops.analytics.usage-events.maintenance-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodically() throws SQLException {
        maintain(Instant.now());
    }

    /** What a run made and dropped. */
    public record Outcome(List<LocalDate> made, List<LocalDate> dropped) {
    }

    /** Makes the days from {@code now} minus the ingest's max-age to two days ahead; drops the days past retention. */
    public Outcome maintain(Instant now) throws SQLException {
        LocalDate first = day(now.minus(config.ingest().maxAge()));
        LocalDate last = day(now).plusDays(DAYS_AHEAD);
        List<LocalDate> made = partitions.ensure(first.datesUntil(last.plusDays(1)).toList());
        // the day holding the cutoff still has events inside retention: only the days before it are dropped
        List<LocalDate> dropped = partitions.dropBefore(day(now.minus(config.usageEvents().retention())));
        if (!made.isEmpty() || !dropped.isEmpty()) {
            Log.infof("usage events: made day partitions %s, dropped %s (past retention)", made, dropped);
        }
        return new Outcome(made, dropped);
    }

    private static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }
}
