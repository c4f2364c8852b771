package jp.onplanetz.privacy.disclosurelog.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.disclosurelog.ReleaseStatus;
import jp.onplanetz.privacy.disclosurelog.StatisticsRelease;
import jp.onplanetz.privacy.disclosurelog.service.registers.StatisticsReleaseService;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.runtime.inbox.Inbox;
import jp.onplanetz.privacy.runtime.inbox.PoisonEventException;
import jp.onplanetz.privacy.runtime.inbox.ReceivedEvent;
import jp.onplanetz.privacy.runtime.inbox.RetryTransientFailures;
import jp.onplanetz.privacy.runtime.time.StoredTime;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Keeps the register of statistics releases from analytics-gateway's events: each release, and each release the
 * gateway refused, becomes an entry, so an auditor sees every attempt. The inbox row and the entry commit together:
 * a redelivered event changes nothing. The payload has passed its schema before it gets here (ReceivedEvent);
 * what still cannot be recorded (a window that ends before it starts, a release id already recorded from another
 * event) rolls back and goes to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class AnalyticsReleasesConsumer {

    static final String CONSUMER = "disclosure-log-service.statistics-releases";

    private final Inbox inbox;
    private final StatisticsReleaseService releases;
    private final ObjectMapper json;

    public AnalyticsReleasesConsumer(Inbox inbox, StatisticsReleaseService releases, ObjectMapper json) {
        this.inbox = inbox;
        this.releases = releases;
        this.json = json;
    }

    @Incoming("analytics-releases")
    @Blocking
    @RetryTransientFailures
    @Transactional
    public void apply(ConsumerRecord<String, String> record) throws Exception {
        ReceivedEvent event = ReceivedEvent.of(record);
        if (!inbox.firstDelivery(CONSUMER, event.id(), event.type())) {
            return;
        }
        StatisticsRelease entry;
        if (event.is(EventCatalogue.ANALYTICS_STATISTICS_RELEASED)) {
            entry = released(event.id(), json.readTree(event.payload()));
        } else if (event.is(EventCatalogue.ANALYTICS_RELEASE_REFUSED)) {
            entry = refused(event.id(), json.readTree(event.payload()));
        } else {
            // Other types of the topic (a later version, say) are not ours to apply; the inbox row records that we
            // saw them.
            return;
        }
        if (!entry.windowEnd().isAfter(entry.windowStart())) {
            throw new PoisonEventException("event " + event.id() + ": windowEnd is not after windowStart");
        }
        if (!releases.record(entry)) {
            throw new PoisonEventException("event " + event.id() + ": release " + entry.releaseId()
                    + " is in the register already, from another event");
        }
    }

    private static StatisticsRelease released(String eventId, JsonNode r) {
        UUID releaseId = UUID.fromString(r.path("releaseId").asText());
        List<String> dimensions = new ArrayList<>();
        r.path("dimensions").forEach(d -> dimensions.add(d.asText()));
        // The cells' values stay at the gateway and with the recipient: only how many there were is kept.
        return new StatisticsRelease(releaseId, eventId, ReleaseStatus.RELEASED, releaseId,
                UUID.fromString(r.path("definitionId").asText()), r.path("recipient").asText(), r.path("purpose").asText(),
                instant(eventId, r, "windowStart"), instant(eventId, r, "windowEnd"), dimensions,
                r.path("measure").asText(), new BigDecimal(r.path("epsilon").asText()), r.path("maxCellsPerPerson").asInt(),
                r.path("minimumPeoplePerCell").asInt(), r.path("cells").size(), r.path("suppressedCells").asInt(),
                null, null, null, instant(eventId, r, "releasedAt"), StoredTime.now().toInstant());
    }

    private static StatisticsRelease refused(String eventId, JsonNode r) {
        // A refused release was never made, so it has no release id: its entry gets an id of its own.
        return new StatisticsRelease(UUID.randomUUID(), eventId, ReleaseStatus.REFUSED, null,
                UUID.fromString(r.path("definitionId").asText()), r.path("recipient").asText(), null,
                instant(eventId, r, "windowStart"), instant(eventId, r, "windowEnd"), null, null,
                new BigDecimal(r.path("epsilon").asText()), null, null, null, null, r.path("budgetPeriod").asText(),
                new BigDecimal(r.path("spent").asText()), new BigDecimal(r.path("cap").asText()),
                instant(eventId, r, "refusedAt"), StoredTime.now().toInstant());
    }

    /** An RFC 3339 time of the payload: the schema checked its form, but RFC 3339 allows a few that Java does not read. */
    private static Instant instant(String eventId, JsonNode payload, String field) {
        String text = payload.path(field).asText();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new PoisonEventException("event " + eventId + ": " + field + " '" + text + "' is not a time this"
                    + " service reads (write it as 2026-11-25T00:10:00Z)");
        }
    }
}
