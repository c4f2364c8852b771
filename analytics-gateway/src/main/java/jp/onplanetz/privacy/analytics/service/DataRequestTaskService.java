package jp.onplanetz.privacy.analytics.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.analytics.UsageEvent;
import jp.onplanetz.privacy.analytics.anonymisation.IdentifierKind;
import jp.onplanetz.privacy.analytics.config.AnalyticsConfig;
import jp.onplanetz.privacy.analytics.repository.UsageEventRepository;
import jp.onplanetz.privacy.events.datarequest.DataRequestTask;
import jp.onplanetz.privacy.events.datarequest.RequestType;
import jp.onplanetz.privacy.runtime.datarequest.DataRequestHandler;
import jp.onplanetz.privacy.runtime.datarequest.DataRequestsConfig;
import jp.onplanetz.privacy.runtime.datarequest.DisclosureSizeLimit;
import jp.onplanetz.privacy.runtime.time.UtcTimes;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's part of a data subject's request: each task from data-request-service is carried out and answered
 * in the caller's transaction (the consumer's, with its inbox row), the answer through the outbox. So an answer
 * is published only for work that was committed, and no committed work goes unanswered.
 * <ul>
 * <li><b>deletion</b>, and <b>cessation-of-use</b> and <b>consent-withdrawal</b> naming the gateway's purpose
 * ({@link AnalyticsConfig.Ingest#purpose()}) or no purpose (all): the person is blocked at the door, their stored
 * events are deleted (under every key of the ring, signed in or as the anonymous visitor), and the statistics stop
 * counting them ({@link ContributionCounter#retract}) from the moment of the block. The block is
 * recorded even when no event was held, since events may be on their way and the request is to stop; the answer
 * says so. The events are deleted, not only flagged as a consent-service withdrawal flags them
 * ({@link IngestService#consentWithdrawn}): the person asked us to stop using what we hold, and the gateway keeps
 * events for nothing else.</li>
 * <li><b>disclosure</b>: the stored events as they are kept, without pseudonyms (see {@link #disclosure}).</li>
 * <li>everything else: not-applicable, with the reason. The gateway provides no personal data to anyone
 * (recipients get anonymised statistics only), so it keeps no records of provision and has no provision to stop;
 * and its attributes are generalised at the door and counted as they were, so they are not corrected one by one.</li>
 * </ul>
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class DataRequestTaskService implements DataRequestHandler {

    private static final String KEPT_UNTIL_CONSENT = " Events about you are no longer taken in unless you consent to"
            + " anonymised statistics again; to recognise them, the gateway keeps your id and the time of this"
            + " request.";

    static final String ABOUT_DISCLOSURE = "Usage events the analytics gateway keeps for anonymised statistics, the"
            + " most recent first, as stored: generalised when they arrived (an age band instead of the year of birth,"
            + " prefecture and region instead of the address, a job class instead of the job title, company size and"
            + " sector classes, the network instead of the IP address). Each was stored under keyed pseudonyms of"
            + " your id and of the cookie and device ids it came with; those are not listed, as they mean nothing"
            + " without the gateway's secret key. countsInStatistics is false once the consent an event was"
            + " collected under was withdrawn.";

    static final String NO_PROVISION_RECORDS = "The analytics gateway provides no personal data to third parties, so"
            + " it keeps no records of provision: recipients receive only anonymised statistics.";

    static final String NO_PROVISION_TO_STOP = "The analytics gateway provides no personal data to third parties, so"
            + " there is no provision to stop: recipients receive only anonymised statistics, which are not personal"
            + " data.";

    static final String ATTRIBUTES_ARE_NOT_CORRECTED = "The analytics gateway keeps only attributes generalised when"
            + " each event arrived (such as an age band or a prefecture), which statistics count as they were and which"
            + " are not corrected one by one; a correction made where you use the service applies to later events, and"
            + " a deletion request erases the stored ones.";

    private final UsageEventRepository events;
    private final ErasureBlockService erasures;
    private final ContributionCounter counter;
    private final PseudonymisationKeys keys;
    private final AnalyticsConfig.Ingest ingest;
    private final AnalyticsConfig.DataRequests limits;
    private final DataRequestsConfig sizeLimit;
    private final ObjectMapper json;

    public DataRequestTaskService(UsageEventRepository events, ErasureBlockService erasures, ContributionCounter counter,
            PseudonymisationKeys keys, AnalyticsConfig config, DataRequestsConfig sizeLimit, ObjectMapper json) {
        this.events = events;
        this.erasures = erasures;
        this.counter = counter;
        this.keys = keys;
        this.ingest = config.ingest();
        this.limits = config.dataRequests();
        this.sizeLimit = sizeLimit;
        this.json = json;
    }

    @Override
    public Map<RequestType, String> notApplicableReasons() {
        return Map.of(RequestType.PROVISION_RECORD_DISCLOSURE, NO_PROVISION_RECORDS,
                RequestType.CESSATION_OF_PROVISION, NO_PROVISION_TO_STOP,
                RequestType.CORRECTION, ATTRIBUTES_ARE_NOT_CORRECTED);
    }

    /**
     * @throws IllegalArgumentException for a subject id that cannot be pseudonymised (the task is dead-lettered)
     */
    @Override
    public Answer deletion(DataRequestTask task, String eventId) {
        return erase(task);
    }

    @Override
    public Answer cessationOfUse(DataRequestTask task, String eventId) {
        return concernsStatistics(task) ? erase(task) : Answer.notApplicable(otherPurposes());
    }

    @Override
    public Answer consentWithdrawal(DataRequestTask task, String eventId) {
        return concernsStatistics(task) ? erase(task)
                : Answer.notApplicable(otherPurposes());
    }

    @Override
    public Answer disclosure(DataRequestTask task, String eventId) {
        List<String> pseudonyms = pseudonymsOf(task.subjectId());
        long held = events.countOfPerson(pseudonyms);
        if (held == 0) {
            return Answer.nothingHeld("The analytics gateway holds no usage events about you.");
        }
        Disclosure disclosure = disclosure(events.latestOfPerson(pseudonyms, limits.disclosureMaxEvents()), held,
                sizeLimit.disclosureMaxBytes(), json);
        String detail = "The analytics gateway holds " + (held == 1 ? "1 usage event" : held + " usage events")
                + " about you, kept for anonymised statistics under a pseudonym with generalised attributes; "
                + (disclosure.listed() == held ? (held == 1 ? "it is" : "they are") + " listed in the data."
                : "the data lists the " + disclosure.listed() + " most recent, as one answer can carry no more; the"
                        + " older ones are of the same kind.");
        return Answer.disclosed(detail, Math.toIntExact(held), disclosure.data());
    }

    private boolean concernsStatistics(DataRequestTask task) {
        return task.purposes() == null || task.purposes().isEmpty() || task.purposes().contains(ingest.purpose());
    }

    private String otherPurposes() {
        return "The analytics gateway uses your data only for anonymised statistics (purpose " + ingest.purpose()
                + "), which this request does not concern.";
    }

    /** Block first (it waits for events at the door to commit), then delete: the delete then sees all of them. */
    private Answer erase(DataRequestTask task) {
        OffsetDateTime blockedAt = erasures.block(task.subjectId(), task.requestId(), task.requestType().code());
        int erased = Math.toIntExact(events.deleteOfPerson(pseudonymsOf(task.subjectId())));
        // also when no event was held: whether anything of the person is still counted is for the counter to know
        counter.retract(task.subjectId(), blockedAt.toInstant());
        if (erased == 0) {
            return Answer.nothingHeld("The analytics gateway held no usage events about you." + KEPT_UNTIL_CONSENT);
        }
        return Answer.completed((erased == 1 ? "1 pseudonymous usage event about you was"
                : erased + " pseudonymous usage events about you were") + " erased from the analytics gateway and no"
                + " longer count in statistics not yet released (statistics already released are anonymised and stay"
                + " as they are)." + KEPT_UNTIL_CONSENT, erased);
    }

    private List<String> pseudonymsOf(String subjectId) {
        // under every key: the person's events may have been stored before a rotation
        return List.copyOf(keys.pseudonymiser().pseudonymsUnderEveryKey(IdentifierKind.SUBJECT, subjectId).values());
    }

    /** A disclosure's {@code data} document, and how many events it lists. */
    record Disclosure(Map<String, Object> data, int listed) {
    }

    /**
     * The events as they are kept, the most recent first, as many as fit in {@code maxBytes} of JSON. No
     * pseudonym is listed: it tells the subject nothing, and written next to their id in the request's bundle
     * it would link the person to the pseudonym their contributions are counted under, outside the gateway.
     */
    static Disclosure disclosure(List<UsageEvent> newestFirst, long held, int maxBytes, ObjectMapper json) {
        List<Map<String, Object>> listed = new ArrayList<>();
        DisclosureSizeLimit limit = new DisclosureSizeLimit(json, maxBytes);
        for (UsageEvent e : newestFirst) {
            Map<String, Object> item = disclosed(e);
            if (!limit.take(item)) {
                break;
            }
            listed.add(item);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("about", ABOUT_DISCLOSURE);
        data.put("eventsHeld", held);
        data.put("eventsListed", listed.size());
        data.put("events", listed);
        return new Disclosure(data, listed.size());
    }

    private static Map<String, Object> disclosed(UsageEvent e) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("occurredAt", UtcTimes.rfc3339(e.occurredAt));
        item.put("eventType", e.eventType);
        item.put("page", e.page);
        item.put("recordedAs", e.subjectPseudonym != null ? "signed-in" : "anonymous-visitor");
        item.put("ipNetwork", e.ipPrefix);
        item.put("gender", e.gender);
        item.put("ageBand", e.ageBand);
        item.put("prefecture", e.prefecture);
        item.put("region", e.region);
        item.put("jobClass", e.jobClass);
        item.put("companySize", e.companySize);
        item.put("companySector", e.companySector);
        item.put("countsInStatistics", e.consentedForAnalytics);
        item.put("storedAt", UtcTimes.rfc3339(e.ingestedAt));
        return item;
    }


}
