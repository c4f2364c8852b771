package jp.onplanetz.privacy.datarequest.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.datarequest.DataRequest;
import jp.onplanetz.privacy.datarequest.DisclosureFormat;
import jp.onplanetz.privacy.datarequest.Party;
import jp.onplanetz.privacy.datarequest.RequestStatus;
import jp.onplanetz.privacy.datarequest.RequestType;
import jp.onplanetz.privacy.datarequest.config.DataRequestConfig;
import jp.onplanetz.privacy.datarequest.repository.DataRequestRepository;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.runtime.outbox.Outbox;
import jp.onplanetz.privacy.runtime.time.StoredTime;
import jp.onplanetz.privacy.runtime.problem.Problem;
import jp.onplanetz.privacy.runtime.problem.ProblemException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** Files, reads and cancels requests; each change commits with its event in the outbox. */
@ApplicationScoped
@Transactional
public class DataRequestService {

    /** Purpose and recipient codes as consent-service defines them. */
    private static final Pattern CODE = Pattern.compile("^[a-z][a-z0-9-]{1,63}$");

    /**
     * What was asked, and by whom. {@code subjectId} is null when an operator did not say for whom;
     * {@code purposes} and {@code recipients} are null when the request is not limited to some of them.
     */
    public record Filing(String subjectId, RequestType type, DisclosureFormat format, String details,
            List<String> purposes, List<String> recipients, Party filedBy, String filedById, String verificationNote) {
    }

    /** One page of requests and how many match in all. */
    public record Listing(List<DataRequest> items, long total) {
    }

    private final DataRequestRepository requests;
    private final Outbox outbox;
    private final DataRequestConfig config;

    public DataRequestService(DataRequestRepository requests, Outbox outbox, DataRequestConfig config) {
        this.requests = requests;
        this.outbox = outbox;
        this.config = config;
    }

    /**
     * Registers a request with its due time and publishes {@code data-request.received.v1}. Every field that
     * does not fit the request type or the filer is named at once, before anything is written.
     */
    public DataRequest file(Filing f) {
        List<Problem.InvalidParam> invalid = new ArrayList<>();
        if (f.filedBy() == Party.OPERATOR) {
            // An operator acts for someone it must name, and a request taken by phone, letter or at the counter
            // is only as good as the check of the requester's identity behind it: that check must be on record.
            if (f.subjectId() == null) {
                invalid.add(new Problem.InvalidParam("subjectId", "an operator files for a subject it must name"));
            }
            if (f.verificationNote() == null) {
                invalid.add(new Problem.InvalidParam("verificationNote",
                        "an operator must record how the subject's identity was verified"));
            }
        } else if (f.verificationNote() != null) {
            invalid.add(new Problem.InvalidParam("verificationNote",
                    "the subject's own sign-in is its verification; only an operator records one"));
        }
        if (f.format() != null && !f.type().isDisclosure()) {
            invalid.add(new Problem.InvalidParam("format", "only a disclosure request has a format"));
        }
        List<String> purposes = codes("purposes", f.purposes(), f.type() == RequestType.CESSATION_OF_USE,
                "only a cessation-of-use request names purposes", invalid);
        List<String> recipients = codes("recipients", f.recipients(), f.type() == RequestType.CESSATION_OF_PROVISION,
                "only a cessation-of-provision request names recipients", invalid);
        if (!invalid.isEmpty()) {
            throw new ProblemException(Problem.invalid("The request has invalid fields.", invalid));
        }

        DataRequest r = new DataRequest();
        r.id = UUID.randomUUID();
        r.subjectId = f.subjectId();
        r.requestType = f.type().code();
        r.format = f.type().isDisclosure() ? (f.format() == null ? DisclosureFormat.JSON : f.format()).code() : null;
        r.status = RequestStatus.RECEIVED.code();
        r.filedBy = f.filedBy().code();
        r.filedById = f.filedById();
        r.verificationNote = f.verificationNote();
        r.receivedAt = StoredTime.now();
        r.dueAt = r.receivedAt.plus(config.dueAfter());
        // A text area left empty is no detail at all.
        r.details = f.details() == null || f.details().isBlank() ? null : f.details();
        r.purposeCodes = purposes;
        r.recipientCodes = recipients;
        requests.persist(r);

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("requestId", r.id.toString());
        event.put("subjectId", r.subjectId);
        event.put("requestType", r.requestType);
        event.put("receivedAt", r.receivedAt);
        event.put("dueAt", r.dueAt);
        event.put("filedBy", r.filedBy);
        outbox.publish(EventCatalogue.DATA_REQUEST_RECEIVED, r.subjectId, event);
        return r;
    }

    /**
     * Cancels an open request and publishes {@code data-request.cancelled.v1}. A subject reaches only its own
     * requests (another's is "not found", so that ids cannot be probed); a closed request is a conflict.
     */
    public DataRequest cancel(UUID id, Party by, String actorId) {
        DataRequest r = requests.findForUpdate(id)
                .filter(found -> by == Party.OPERATOR || found.subjectId.equals(actorId))
                .orElseThrow(() -> ProblemException.notFound("request " + id));
        if (!r.status().isOpen()) {
            throw ProblemException.conflict("not-cancellable",
                    "request " + id + " is " + r.status + "; only an open request can be cancelled");
        }
        r.status = RequestStatus.CANCELLED.code();
        r.cancelledAt = StoredTime.now();
        r.cancelledBy = by.code();
        r.cancelledById = actorId;

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("requestId", r.id.toString());
        event.put("subjectId", r.subjectId);
        event.put("cancelledAt", r.cancelledAt);
        event.put("cancelledBy", r.cancelledBy);
        outbox.publish(EventCatalogue.DATA_REQUEST_CANCELLED, r.subjectId, event);
        return r;
    }

    /**
     * One request. With {@code onlyOfSubject} set (the caller is a data subject), another subject's request is
     * "not found": whether an id exists is itself not the caller's business.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public DataRequest get(UUID id, String onlyOfSubject) {
        return requests.findByIdOptional(id)
                .filter(r -> onlyOfSubject == null || r.subjectId.equals(onlyOfSubject))
                .orElseThrow(() -> ProblemException.notFound("request " + id));
    }

    /** A page of the queue (or of one subject's requests), earliest due first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Listing list(String subjectId, RequestStatus status, boolean overdueOnly, int page, int size) {
        var filter = new DataRequestRepository.Filter(subjectId, status, overdueOnly, StoredTime.now());
        return new Listing(requests.page(filter, page, size), requests.count(filter));
    }

    /**
     * Codes of a limited cessation, each named by its position when malformed; duplicates are dropped, as
     * naming a purpose twice asks for nothing more. An empty list is refused: it would read as "none", while
     * leaving the list out means "all".
     */
    private static List<String> codes(String field, List<String> codes, boolean allowed, String notAllowed,
            List<Problem.InvalidParam> invalid) {
        if (codes == null) {
            return null;
        }
        if (!allowed) {
            invalid.add(new Problem.InvalidParam(field, notAllowed));
            return null;
        }
        if (codes.isEmpty()) {
            invalid.add(new Problem.InvalidParam(field, "leave it out to mean all; an empty list names none"));
            return null;
        }
        for (int i = 0; i < codes.size(); i++) {
            if (codes.get(i) == null || !CODE.matcher(codes.get(i)).matches()) {
                invalid.add(new Problem.InvalidParam(field + "[" + i + "]", "must match " + CODE.pattern()));
            }
        }
        return List.copyOf(new LinkedHashSet<>(codes.stream().filter(c -> c != null).toList()));
    }


}
