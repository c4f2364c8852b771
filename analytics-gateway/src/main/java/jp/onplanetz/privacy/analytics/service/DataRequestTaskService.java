package jp.onplanetz.privacy.analytics.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.analytics.UsageEvent;
import jp.onplanetz.privacy.analytics.anonymisation.IdentifierKind;
import jp.onplanetz.privacy.analytics.config.AnalyticsConfig;
import jp.onplanetz.privacy.analytics.repository.UsageEventRepository;
import jp.onplanetz.privacy.runtime.datarequest.DataRequestAnswers;
import jp.onplanetz.privacy.runtime.datarequest.DataRequestAnswers.Outcome;
import jp.onplanetz.privacy.runtime.datarequest.DataRequestTask;
import jp.onplanetz.privacy.runtime.datarequest.DisclosureBudget;
import jp.onplanetz.privacy.runtime.time.StoredTime;

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
 * events are deleted (under every key of the ring, signed in or as the anonymous visitor), and the statistics'
 * feed retracts what they contributed (reason consent-withdrawn for a withdrawal, erased otherwise). The block is
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
public class DataRequestTaskService {

    static final Outcome COMPLETED = Outcome.COMPLETED;
    static final Outcome NOTHING_HELD = Outcome.NOTHING_HELD;
    static final Outcome NOT_APPLICABLE = Outcome.NOT_APPLICABLE;

    /** Why the statistics stop counting the person: ContributionFeed's reasons. */
    static final String RETRACTED_ERASED = "erased";
    static final String RETRACTED_CONSENT_WITHDRAWN = "consent-withdrawn";

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

    private final UsageEventRepository events;
    private final ErasureBlockService erasures;
    private final ContributionFeed feed;
    private final PseudonymisationKeys keys;
    private final DataRequestAnswers answers;
    private final AnalyticsConfig.Ingest ingest;
    private final AnalyticsConfig.DataRequests limits;
    private final ObjectMapper json;

    public DataRequestTaskService(UsageEventRepository events, ErasureBlockService erasures, ContributionFeed feed,
            PseudonymisationKeys keys, DataRequestAnswers answers, AnalyticsConfig config, ObjectMapper json) {
        this.events = events;
        this.erasures = erasures;
        this.feed = feed;
        this.keys = keys;
        this.answers = answers;
        this.ingest = config.ingest();
        this.limits = config.dataRequests();
        this.json = json;
    }

    /**
     * Carries out the task and publishes the answer.
     *
     * @throws IllegalArgumentException for a request type the schema does not know, or a subject id that cannot
     *                                  be pseudonymised (the consumer dead-letters the task)
     */
    public void carryOut(DataRequestTask task) {
        String outcome = switch (task.requestType()) {
            case "deletion" -> erase(task, RETRACTED_ERASED);
            case "cessation-of-use" -> concernsStatistics(task) ? erase(task, RETRACTED_ERASED)
                    : notApplicable(task, otherPurposes());
            case "consent-withdrawal" -> concernsStatistics(task) ? erase(task, RETRACTED_CONSENT_WITHDRAWN)
                    : notApplicable(task, otherPurposes());
            case "disclosure" -> disclose(task);
            case "provision-record-disclosure" -> notApplicable(task, "The analytics gateway provides no personal data"
                    + " to third parties, so it keeps no records of provision: recipients receive only anonymised"
                    + " statistics.");
            case "cessation-of-provision" -> notApplicable(task, "The analytics gateway provides no personal data to"
                    + " third parties, so there is no provision to stop: recipients receive only anonymised statistics,"
                    + " which are not personal data.");
            case "correction" -> notApplicable(task, "The analytics gateway keeps only attributes generalised when each"
                    + " event arrived (such as an age band or a prefecture), which statistics count as they were and"
                    + " which are not corrected one by one; a correction made where you use the service applies to"
                    + " later events, and a deletion request erases the stored ones.");
            default -> throw new IllegalArgumentException("unknown request type " + task.requestType());
        };
        // the request id is enough to trace it; the subject's id stays out of the logs
        Log.infof("data request %s (%s): answered %s", task.requestId(), task.requestType(), outcome);
    }

    private boolean concernsStatistics(DataRequestTask task) {
        return task.purposes() == null || task.purposes().isEmpty() || task.purposes().contains(ingest.purpose());
    }

    private String otherPurposes() {
        return "The analytics gateway uses your data only for anonymised statistics (purpose " + ingest.purpose()
                + "), which this request does not concern.";
    }

    /** Block first (it waits for events at the door to commit), then delete: the delete then sees all of them. */
    private String erase(DataRequestTask task, String retraction) {
        erasures.block(task.subjectId(), task.requestId(), task.requestType());
        int erased = Math.toIntExact(events.deleteOfPerson(pseudonymsOf(task.subjectId())));
        // also when no event was held: whether the feed still counts anything of the person is for the feed to know
        feed.retract(task.subjectId(), retraction);
        if (erased == 0) {
            return answer(task, NOTHING_HELD, "The analytics gateway held no usage events about you."
                    + KEPT_UNTIL_CONSENT, 0, null);
        }
        return answer(task, COMPLETED, (erased == 1 ? "1 pseudonymous usage event about you was"
                : erased + " pseudonymous usage events about you were") + " erased from the analytics gateway and no"
                + " longer count in statistics not yet released (statistics already released are anonymised and stay"
                + " as they are)." + KEPT_UNTIL_CONSENT, erased, null);
    }

    private String disclose(DataRequestTask task) {
        List<String> pseudonyms = pseudonymsOf(task.subjectId());
        long held = events.countOfPerson(pseudonyms);
        if (held == 0) {
            return answer(task, NOTHING_HELD, "The analytics gateway holds no usage events about you.", 0, null);
        }
        Disclosure disclosure = disclosure(events.latestOfPerson(pseudonyms, limits.disclosureMaxEvents()), held,
                limits.disclosureMaxBytes(), json);
        String detail = "The analytics gateway holds " + (held == 1 ? "1 usage event" : held + " usage events")
                + " about you, kept for anonymised statistics under a pseudonym with generalised attributes; "
                + (disclosure.listed() == held ? (held == 1 ? "it is" : "they are") + " listed in the data."
                : "the data lists the " + disclosure.listed() + " most recent, as one answer can carry no more; the"
                        + " older ones are of the same kind.");
        return answer(task, COMPLETED, detail, Math.toIntExact(held), disclosure.data());
    }

    private String notApplicable(DataRequestTask task, String reason) {
        return answer(task, NOT_APPLICABLE, reason, null, null);
    }

    /** The answer, through the outbox in this transaction (DataRequestAnswers); the outcome's code, for the log. */
    private String answer(DataRequestTask task, Outcome outcome, String detail, Integer affected,
            Map<String, Object> data) {
        answers.publish(task, outcome, detail, affected, data);
        return outcome.code();
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
        DisclosureBudget budget = new DisclosureBudget(json, maxBytes);
        for (UsageEvent e : newestFirst) {
            Map<String, Object> item = disclosed(e);
            if (!budget.take(item)) {
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
        item.put("occurredAt", StoredTime.rfc3339(e.occurredAt));
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
        item.put("storedAt", StoredTime.rfc3339(e.ingestedAt));
        return item;
    }


}
