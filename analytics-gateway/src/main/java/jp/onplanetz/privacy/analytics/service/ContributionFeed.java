package jp.onplanetz.privacy.analytics.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.analytics.UsageEvent;
import jp.onplanetz.privacy.analytics.anonymisation.IdentifierKind;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.runtime.outbox.Outbox;
import jp.onplanetz.privacy.runtime.time.StoredTime;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the statistics topology counts: every stored event's contribution, and the retraction of a person's
 * contributions. Through the outbox, in the transaction that stores (or erases) the events, so the counts can
 * never include an event the database does not hold, nor miss one it does; and one person's contributions and
 * retractions are published in the order they were committed (the person's pseudonym is the key).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ContributionFeed {

    public static final String CONSENT_WITHDRAWN = "consent-withdrawn";
    public static final String ERASED = "erased";

    private final Outbox outbox;
    private final PseudonymisationKeys keys;

    public ContributionFeed(Outbox outbox, PseudonymisationKeys keys) {
        this.outbox = outbox;
        this.keys = keys;
    }

    /** A stored event counts for the person it is about (signed-in subject or anonymous visitor). */
    public void contributed(UsageEvent e) {
        String person = e.subjectPseudonym != null ? e.subjectPseudonym : e.anonymousPseudonym;
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("eventType", e.eventType);
        attributes.put("page", e.page);
        attributes.put("gender", e.gender);
        attributes.put("ageBand", e.ageBand);
        attributes.put("prefecture", e.prefecture);
        attributes.put("region", e.region);
        attributes.put("jobClass", e.jobClass);
        attributes.put("companySize", e.companySize);
        attributes.put("companySector", e.companySector);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("eventId", e.id.toString());
        payload.put("person", person);
        payload.put("occurredAt", e.occurredAt);
        payload.put("attributes", attributes);
        outbox.publish(EventCatalogue.ANALYTICS_CONTRIBUTION_RECORDED, person, payload);
    }

    /**
     * Everything the person contributed up to now stops counting, under every key of the ring (their events may
     * have been pseudonymised before a rotation).
     *
     * @param consentSubject the subject id, or an anonymous visitor's id
     * @param reason         {@link #CONSENT_WITHDRAWN} or {@link #ERASED}
     */
    public void retract(String consentSubject, String reason) {
        OffsetDateTime until = StoredTime.now();
        Set<String> pseudonyms = new TreeSet<>(keys.pseudonymiser()
                .pseudonymsUnderEveryKey(IdentifierKind.SUBJECT, consentSubject).values());
        for (String person : pseudonyms) {
            outbox.publish(EventCatalogue.ANALYTICS_CONTRIBUTIONS_RETRACTED, person,
                    Map.of("person", person, "until", until, "reason", reason));
        }
    }
}
