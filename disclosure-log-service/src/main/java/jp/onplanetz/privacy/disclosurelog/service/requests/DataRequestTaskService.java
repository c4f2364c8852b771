package jp.onplanetz.privacy.disclosurelog.service.requests;

import jp.onplanetz.privacy.disclosurelog.service.ledger.RetentionService;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.disclosurelog.SubjectRequestMark;
import jp.onplanetz.privacy.disclosurelog.repository.ledger.LedgerRepository;
import jp.onplanetz.privacy.disclosurelog.repository.ledger.LedgerRepository.StoredRecord;
import jp.onplanetz.privacy.disclosurelog.repository.ledger.LedgerRepository.SubjectHoldings;
import jp.onplanetz.privacy.disclosurelog.repository.requests.SubjectRequestMarkRepository;
import jp.onplanetz.privacy.events.datarequest.DataRequestTask;
import jp.onplanetz.privacy.events.datarequest.RequestType;
import jp.onplanetz.privacy.runtime.datarequest.DataRequestHandler;
import jp.onplanetz.privacy.runtime.datarequest.DataRequestsConfig;
import jp.onplanetz.privacy.runtime.datarequest.DisclosureSizeLimit;
import jp.onplanetz.privacy.runtime.outbox.OutboxConfig;
import jp.onplanetz.privacy.runtime.time.DatabaseClock;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The disclosure log's part of a data subject's request. Each task from data-request-service is carried out and
 * answered in the caller's transaction (the consumer's, with its inbox row), the answer through the outbox: an
 * answer is published only for work that was committed, and no committed work goes unanswered.
 * <ul>
 * <li><b>deletion</b>, <b>cessation-of-use</b>, <b>cessation-of-provision</b>: the records are kept, since the law
 * requires records of provision and of data received for their retention period (APPI Art. 29, 30; see
 * {@link RetentionService}) and the ledger cannot be changed. The subject is marked as subject to the request
 * ({@link SubjectRequestMark}, one mark per request however often its task is sent), every view of a record about
 * them shows the mark, and the answer says how many records there are, why they stay and until when.</li>
 * <li><b>disclosure</b> (Art. 33(1)) and <b>provision-record-disclosure</b> (Art. 33(5)): the records about the
 * subject as stored, the most recent first, as many as one answer can carry, and the marks; each record with its
 * proof is at {@code GET /api/v1/subjects/{subjectId}/records}. Nothing is changed.</li>
 * <li><b>consent-withdrawal</b>, <b>correction</b>: not applicable; the records are what happened.</li>
 * </ul>
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class DataRequestTaskService implements DataRequestHandler {

    /** Where the subject fetches every record with its inclusion proof (RecordResource). */
    static final String RECORDS_PATH = "/api/v1/subjects/%s/records";

    static final String ABOUT_DISCLOSURE = "Records the disclosure log keeps of personal data about you provided to"
            + " third parties (kind provision, APPI Art. 29) and received from third parties (kind receiving, Art."
            + " 30), the most recent first. record is each record as it is stored in the ledger and recordSha256 its"
            + " SHA-256; logId and index are its place in the ledger. withProofs says where each record can be"
            + " fetched with its Merkle inclusion proof against the ledger's signed checkpoint, which shows that it is"
            + " in the ledger unchanged. A record whose retention period has ended is removed (redacted: true) and"
            + " is no longer linked to you. subjectRequests are your requests to delete your data or to stop its use"
            + " or provision, which the records are marked with.";

    static final String NOT_APPLICABLE_CONSENT_WITHDRAWAL = "The disclosure log keeps records of personal data"
            + " provided to third parties and received from them: what was provided, when, to or from whom, and on"
            + " what basis, such as your consent at the time. Withdrawing your consent stops future provisions, which"
            + " consent-service enforces; it does not change the record of past provisions, which must stay as they"
            + " happened and be kept for the period the law requires (APPI Articles 29 and 30).";

    static final String NOT_APPLICABLE_CORRECTION = "The disclosure log's records state what was provided to or"
            + " received from third parties, when, and on what basis, as it happened. The law requires them to be kept"
            + " as they are (APPI Articles 29 and 30), so they cannot be corrected. Your data is corrected where it is"
            + " held and used; the records of past provisions keep what was provided at the time.";

    private final LedgerRepository ledger;
    private final SubjectRequestMarkRepository marks;
    private final String system;
    private final DataRequestsConfig config;
    private final ObjectMapper json;

    public DataRequestTaskService(LedgerRepository ledger, SubjectRequestMarkRepository marks,
            OutboxConfig outboxConfig, DataRequestsConfig config, ObjectMapper json) {
        this.ledger = ledger;
        this.marks = marks;
        // where the disclosed records can be fetched with their proofs: this service, by its own name
        this.system = outboxConfig.service();
        this.config = config;
        this.json = json;
    }

    @Override
    public Map<RequestType, String> notApplicableReasons() {
        return Map.of(RequestType.CONSENT_WITHDRAWAL, NOT_APPLICABLE_CONSENT_WITHDRAWAL,
                RequestType.CORRECTION, NOT_APPLICABLE_CORRECTION);
    }

    /**
     * Marks the subject and answers with the records that stay, and why; as do a cessation of use and of provision.
     *
     * @throws IllegalArgumentException for a request id marked before for another subject or type (dead-lettered)
     */
    @Override
    public Answer deletion(DataRequestTask task, String eventId) {
        return mark(task, eventId);
    }

    @Override
    public Answer cessationOfUse(DataRequestTask task, String eventId) {
        return deletion(task, eventId);
    }

    @Override
    public Answer cessationOfProvision(DataRequestTask task, String eventId) {
        return deletion(task, eventId);
    }

    /**
     * Marks the subject (once per request) and answers with the records that stay, and why.
     *
     * @param eventId the task's CloudEvent id, kept with the mark
     */
    private Answer mark(DataRequestTask task, String eventId) {
        SubjectRequestMark mark = new SubjectRequestMark(UUID.randomUUID(), task.subjectId(), task.requestId(),
                task.requestType().code(), task.purposes(), task.recipients(), DatabaseClock.now().toInstant(), eventId);
        if (!marks.insert(mark)) {
            // the task sent again (a new event): the request keeps the mark its first task made
            SubjectRequestMark earlier = marks.byRequest(task.requestId()).orElseThrow(
                    () -> new IllegalStateException("request " + task.requestId() + " has a mark that cannot be read"));
            if (!earlier.subjectId().equals(task.subjectId()) || !earlier.requestType().equals(task.requestType().code())) {
                throw new IllegalArgumentException("request " + task.requestId() + " was marked before for another"
                        + " subject or request type");
            }
            mark = earlier;
        }
        SubjectHoldings held = ledger.holdingsOf(task.subjectId());
        String request = requestInWords(task.requestType());
        if (held.records() == 0) {
            return Answer.nothingHeld("The disclosure log keeps no records of personal data about you provided to"
                    + " third parties or received from them. Your " + request + " is noted: should a record about you"
                    + " be made later, it will show this request.");
        }
        String detail = "The disclosure log keeps " + records(held.records()) + " about you (" + held.provisions()
                + " of personal data provided to third parties, " + held.receivings() + " of personal data received"
                + " from third parties). " + (held.records() == 1 ? "It is" : "They are") + " not deleted: the Act on"
                + " the Protection of Personal Information (Articles 29 and 30) requires these records to be kept for a"
                + " fixed period, which ends on " + held.lastRetainedDay() + " at the latest; each record is then"
                + " removed, unless the law requires it to be kept longer. " + (held.records() == 1 ? "It is" : "They are")
                + " now marked as subject to your " + request + ", and used for nothing but this legal record-keeping:"
                + " showing what was provided or received, when, to or from whom and on what basis, to you, to our"
                + " privacy officer and to the supervisory authority. A record of any provision made after your request"
                + " will show that it came after it.";
        return Answer.completed(detail, Math.toIntExact(held.records()));
    }

    /** The request as the subject made it; the mark was made by the same type (checked above). */
    private static String requestInWords(RequestType type) {
        return switch (type) {
            case DELETION -> "request to delete your data";
            case CESSATION_OF_USE -> "request to stop the use of your data";
            default -> "request to stop providing your data to third parties";
        };
    }

    /** Art. 33(1): the records about the subject, as stored; nothing is changed. */
    @Override
    public Answer disclosure(DataRequestTask task, String eventId) {
        SubjectHoldings held = ledger.holdingsOf(task.subjectId());
        List<SubjectRequestMark> requests = marks.ofSubjects(List.of(task.subjectId()))
                .getOrDefault(task.subjectId(), List.of());
        if (held.records() == 0 && requests.isEmpty()) {
            return Answer.nothingHeld("The disclosure log keeps no records of personal data about you provided to"
                    + " third parties or received from them.");
        }
        Disclosure disclosure = disclosure(task.subjectId(), held.records(), requests);
        long total = Math.max(held.records(), disclosure.listed());
        String where = " Each record can be fetched with its Merkle inclusion proof, which shows that it is in the"
                + " disclosure log's signed ledger unchanged, at GET " + RECORDS_PATH.formatted(task.subjectId())
                + " of disclosure-log-service (JSON or CSV).";
        String marked = requests.isEmpty() ? "" : " The data also lists your " + (requests.size() == 1
                ? "request to delete your data or to stop its use or provision, which the records are marked with."
                : requests.size() + " requests to delete your data or to stop its use or provision, which the records"
                        + " are marked with.");
        String detail;
        if (total == 0) {
            detail = "The disclosure log keeps no records of personal data about you provided to third parties or"
                    + " received from them. It keeps your earlier " + (requests.size() == 1 ? "request" : "requests")
                    + " to delete your data or to stop its use or provision, listed in the data, so that a record"
                    + " about you made later would show " + (requests.size() == 1 ? "it." : "them.");
        } else {
            detail = "The disclosure log keeps " + records(total) + " about you, of personal data provided to third"
                    + " parties or received from them; " + (disclosure.listed() == total
                    ? (total == 1 ? "it is" : "they are") + " listed in the data as stored."
                    : "the data lists the " + disclosure.listed() + " most recent as stored, as one answer can carry"
                            + " no more.") + where + marked;
        }
        return Answer.disclosed(detail, Math.toIntExact(total), disclosure.data());
    }

    /** Art. 33(5): the records of provision are all this service keeps, so the same answer as a disclosure. */
    @Override
    public Answer provisionRecordDisclosure(DataRequestTask task, String eventId) {
        return disclosure(task, eventId);
    }

    private static String records(long n) {
        return n == 1 ? "1 record" : n + " records";
    }

    /** A disclosure's {@code data} document, and how many records it lists. */
    record Disclosure(Map<String, Object> data, int listed) {
    }

    /**
     * The subject's records as stored, the most recent first, as many as fit in the configured bytes together with
     * the rest of the document. Read through a cursor and stopped at the first that does not fit, so a subject with
     * very many records costs no more than the answer can carry.
     */
    private Disclosure disclosure(String subjectId, long held, List<SubjectRequestMark> requests) {
        Map<String, Object> withProofs = new LinkedHashMap<>();
        withProofs.put("service", system);
        withProofs.put("method", "GET");
        withProofs.put("path", RECORDS_PATH.formatted(subjectId));
        withProofs.put("formats", List.of("application/json", "text/csv"));
        List<Map<String, Object>> listed = new ArrayList<>();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("about", ABOUT_DISCLOSURE);
        data.put("recordsHeld", held);
        data.put("recordsListed", 0);
        data.put("withProofs", withProofs);
        data.put("subjectRequests", requests.stream().map(DataRequestTaskService::request).toList());
        data.put("records", listed);
        DisclosureSizeLimit limit = new DisclosureSizeLimit(json, config.disclosureMaxBytes()).reserve(data);
        ledger.newestOfSubject(subjectId, r -> {
            Map<String, Object> item = item(r);
            if (!limit.take(item)) {
                return false;
            }
            listed.add(item);
            return true;
        });
        data.put("recordsHeld", Math.max(held, listed.size()));
        data.put("recordsListed", listed.size());
        return new Disclosure(data, listed.size());
    }

    private static Map<String, Object> request(SubjectRequestMark m) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("requestId", m.requestId().toString());
        item.put("requestType", m.requestType());
        item.put("purposes", m.purposes());
        item.put("recipients", m.recipients());
        item.put("markedAt", utc(m.markedAt()));
        return item;
    }

    /**
     * A record as the ledger holds it. Its content goes into the answer as the stored bytes themselves (raw JSON,
     * not parsed and written again), so {@code recordSha256} is the hash of exactly what the answer carries.
     */
    private static Map<String, Object> item(StoredRecord r) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("recordId", r.recordId().toString());
        item.put("kind", r.kind());
        item.put("recordedAt", utc(r.recordedAt()));
        item.put("logId", r.logId());
        item.put("index", r.seq());
        item.put("redacted", r.redacted());
        item.put("recordSha256", HexFormat.of().formatHex(r.payloadSha256()));
        item.put("record", r.payload() == null ? null : new RawValue(r.payload()));
        return item;
    }

    private static String utc(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }
}
