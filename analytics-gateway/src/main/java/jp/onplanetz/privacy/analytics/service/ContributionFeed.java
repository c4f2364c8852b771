package jp.onplanetz.privacy.analytics.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.analytics.UsageEvent;
import jp.onplanetz.privacy.analytics.anonymisation.IdentifierKind;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.events.payload.AnalyticsContributionRecorded;
import jp.onplanetz.privacy.events.payload.AnalyticsContributionsRetracted;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.runtime.outbox.CloudEventRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import jp.onplanetz.privacy.runtime.outbox.Outbox;
import jp.onplanetz.privacy.runtime.time.DatabaseClock;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What the statistics topology counts: every stored event's contribution, and the retraction of a person's
 * contributions. Retractions and the HTTP door's contributions go through the outbox, in the transaction that
 * stores (or erases) the events, so the counts never miss an event the database holds. The Kafka door, which
 * carries nearly all the volume, sends its contributions itself after its transaction and before acknowledging
 * its input ({@link #record}): a redelivery sends them again, which changes no count (a person counts once per
 * cell), and costs neither an outbox row nor a relay round per event. A contribution overtaken by a retraction is
 * harmless too: the topology ignores a retracted person's contributions that occurred before the retraction.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ContributionFeed {

    public static final String CONSENT_WITHDRAWN = "consent-withdrawn";
    public static final String ERASED = "erased";

    private final Outbox outbox;
    private final PseudonymisationKeys keys;
    private final ObjectMapper json;

    public ContributionFeed(Outbox outbox, PseudonymisationKeys keys, ObjectMapper json) {
        this.outbox = outbox;
        this.keys = keys;
        this.json = json;
    }

    /** A stored event counts for the person it is about (signed-in subject or anonymous visitor). */
    public void contributed(UsageEvent e) {
        outbox.publish(EventCatalogue.ANALYTICS_CONTRIBUTION_RECORDED, person(e), payload(e));
    }

    /**
     * The same contribution as a record to send without the outbox, for the Kafka door (see UsageDoor):
     * its id follows from the event's, so a resend after a redelivery is recognisably the same event.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ProducerRecord<String, String> record(UsageEvent e) {
        EventType<AnalyticsContributionRecorded> type = EventCatalogue.ANALYTICS_CONTRIBUTION_RECORDED;
        String person = person(e);
        String id = UUID.nameUUIDFromBytes(("contribution " + e.id).getBytes(StandardCharsets.UTF_8)).toString();
        try {
            return CloudEventRecords.of(type.topic(), person, id, Services.source(Services.ANALYTICS), type.type(),
                    person, e.ingestedAt.toInstant(), type.dataSchema(), json.writeValueAsString(payload(e)));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String person(UsageEvent e) {
        return e.subjectPseudonym != null ? e.subjectPseudonym : e.anonymousPseudonym;
    }

    private static AnalyticsContributionRecorded payload(UsageEvent e) {
        return new AnalyticsContributionRecorded(e.id, person(e), e.occurredAt, new AnalyticsContributionRecorded.Attributes(
                e.eventType, e.page, e.gender, e.ageBand, e.prefecture, e.region, e.jobClass, e.companySize,
                e.companySector));
    }

    /**
     * Everything the person contributed up to now stops counting, under every key of the ring (their events may
     * have been pseudonymised before a rotation).
     *
     * @param consentSubject the subject id, or an anonymous visitor's id
     * @param reason         {@link #CONSENT_WITHDRAWN} or {@link #ERASED}
     */
    public void retract(String consentSubject, String reason) {
        OffsetDateTime until = DatabaseClock.now();
        Set<String> pseudonyms = new TreeSet<>(keys.pseudonymiser()
                .pseudonymsUnderEveryKey(IdentifierKind.SUBJECT, consentSubject).values());
        for (String person : pseudonyms) {
            outbox.publish(EventCatalogue.ANALYTICS_CONTRIBUTIONS_RETRACTED, person,
                    new AnalyticsContributionsRetracted(person, until, reason));
        }
    }
}
