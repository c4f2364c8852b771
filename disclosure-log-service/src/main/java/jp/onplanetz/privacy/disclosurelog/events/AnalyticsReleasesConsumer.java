package jp.onplanetz.privacy.disclosurelog.events;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.disclosurelog.StatisticsRelease;
import jp.onplanetz.privacy.disclosurelog.service.registers.StatisticsReleaseService;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.runtime.inbox.EventIntake;
import jp.onplanetz.privacy.runtime.inbox.RetryTransientFailures;
import jp.onplanetz.privacy.runtime.time.DatabaseClock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the register of statistics releases from analytics-gateway's events: each release, and each release the
 * gateway refused, becomes an entry, so an auditor sees every attempt. The inbox row and the entry commit together:
 * a redelivered event changes nothing. The payload has passed its schema before it gets here; what still cannot be
 * recorded (a window that ends before it starts, a release id already recorded from another event) rolls back and
 * goes to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class AnalyticsReleasesConsumer {

    static final String CONSUMER = "disclosure-log-service.statistics-releases";

    private final EventIntake intake;
    private final StatisticsReleaseService releases;
    private final EventIntake.Handlers handlers;

    public AnalyticsReleasesConsumer(EventIntake intake, StatisticsReleaseService releases) {
        this.intake = intake;
        this.releases = releases;
        this.handlers = EventIntake.handlers()
                .on(EventCatalogue.ANALYTICS_STATISTICS_RELEASED, (released, event) ->
                        record(StatisticsRelease.released(event.id(), released, DatabaseClock.now().toInstant())))
                .on(EventCatalogue.ANALYTICS_RELEASE_REFUSED, (refused, event) ->
                        record(StatisticsRelease.refused(event.id(), refused, DatabaseClock.now().toInstant())));
    }

    @Incoming("analytics-releases")
    @Blocking
    @RetryTransientFailures
    @Transactional
    public void apply(ConsumerRecord<String, String> record) {
        intake.receive(record, CONSUMER, handlers);
    }

    private void record(StatisticsRelease entry) {
        if (!entry.windowEnd().isAfter(entry.windowStart())) {
            throw new IllegalArgumentException("windowEnd is not after windowStart");
        }
        if (!releases.record(entry)) {
            throw new IllegalArgumentException("release " + entry.releaseId() + " is in the register already, from"
                    + " another event");
        }
    }
}
