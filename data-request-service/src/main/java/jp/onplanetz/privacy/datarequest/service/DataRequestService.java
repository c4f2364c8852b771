package jp.onplanetz.privacy.datarequest.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.datarequest.DataRequest;
import jp.onplanetz.privacy.datarequest.DisclosureFormat;
import jp.onplanetz.privacy.datarequest.Party;
import jp.onplanetz.privacy.datarequest.RefusalGround;
import jp.onplanetz.privacy.datarequest.RequestStatus;
import jp.onplanetz.privacy.datarequest.RequestTask;
import jp.onplanetz.privacy.events.datarequest.RequestType;
import jp.onplanetz.privacy.datarequest.VerificationMethod;
import jp.onplanetz.privacy.datarequest.config.DataRequestConfig;
import jp.onplanetz.privacy.datarequest.events.RequestEvents;
import jp.onplanetz.privacy.datarequest.repository.DataRequestRepository;
import jp.onplanetz.privacy.datarequest.repository.RequestTaskRepository;
import jp.onplanetz.privacy.runtime.problem.Problem;
import jp.onplanetz.privacy.runtime.problem.ProblemException;
import jp.onplanetz.privacy.runtime.time.DatabaseClock;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Files, verifies, decides on, cancels and reads requests; each change commits with its events in the outbox. What a
 * change does to the request's state is {@link RequestLifecycle}'s; here is who may make it and when.
 */
@ApplicationScoped
@Transactional
public class DataRequestService {

    /** Purpose and recipient codes as consent-service defines them. */
    private static final Pattern CODE = Pattern.compile("^[a-z][a-z0-9-]{1,63}$");
    /** A field a correction names: a plain identifier, as the systems holding profiles name their fields. */
    private static final Pattern FIELD = Pattern.compile("^[A-Za-z][A-Za-z0-9_.-]{0,63}$");
    static final int MAX_CORRECTED_FIELDS = 50;
    static final int MAX_CORRECTED_VALUE = 1000;

    /**
     * What was asked, and by whom. {@code subjectId} is null when an operator did not say for whom;
     * {@code purposes} and {@code recipients} are null when the request is not limited to some of them. An operator
     * who checked the requester's identity while taking the request gives {@code verificationMethod} and
     * {@code verificationNote}; otherwise the check is its own later step.
     */
    public record Filing(String subjectId, RequestType type, DisclosureFormat format, String details,
            List<String> purposes, List<String> recipients, Map<String, String> correction, Party filedBy,
            String filedById, VerificationMethod verificationMethod, String verificationNote) {
    }

    /** A privacy officer's decision: refuse (with ground and explanation), or let a held request go ahead. */
    public record Decision(String decision, RefusalGround ground, String explanation) {
    }

    /** One page of requests and how many match in all. */
    public record Listing(List<DataRequest> items, long total) {
    }

    private final DataRequestRepository requests;
    private final RequestTaskRepository tasks;
    private final RequestLifecycle lifecycle;
    private final RequestEvents events;
    private final DataRequestConfig config;

    public DataRequestService(DataRequestRepository requests, RequestTaskRepository tasks, RequestLifecycle lifecycle,
            RequestEvents events, DataRequestConfig config) {
        this.requests = requests;
        this.tasks = tasks;
        this.lifecycle = lifecycle;
        this.events = events;
        this.config = config;
    }

    /**
     * Registers a request with its due time and publishes {@code data-request.received.v1}. A subject's own request
     * is verified by its sign-in and goes on at once (to the systems, or to an officer when a refusal is suggested);
     * so does an operator's that records the identity check. Every field that does not fit the request type or the
     * filer is named at once, before anything is written.
     */
    public DataRequest file(Filing f) {
        List<Problem.InvalidParam> invalid = new ArrayList<>();
        if (f.filedBy() == Party.OPERATOR) {
            if (f.subjectId() == null) {
                invalid.add(new Problem.InvalidParam("subjectId", "an operator files for a subject it must name"));
            }
            checkOperatorVerification(f.verificationMethod(), f.verificationNote(), true, invalid);
        } else {
            if (f.verificationNote() != null) {
                invalid.add(new Problem.InvalidParam("verificationNote",
                        "the subject's own sign-in is its verification; only an operator records one"));
            }
            if (f.verificationMethod() != null) {
                invalid.add(new Problem.InvalidParam("verificationMethod",
                        "the subject's own sign-in is its verification; only an operator records one"));
            }
        }
        if (f.format() != null && !f.type().isDisclosure()) {
            invalid.add(new Problem.InvalidParam("format", "only a disclosure request has a format"));
        }
        List<String> purposes = codes("purposes", f.purposes(), f.type().namesPurposes(),
                "only a cessation-of-use or consent-withdrawal request names purposes", invalid);
        List<String> recipients = codes("recipients", f.recipients(), f.type() == RequestType.CESSATION_OF_PROVISION,
                "only a cessation-of-provision request names recipients", invalid);
        Map<String, String> correction = correction(f.correction(), f.type(), invalid);
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
        r.receivedAt = DatabaseClock.now();
        r.dueAt = r.receivedAt.plus(config.dueAfter());
        // A text area left empty is no detail at all.
        r.details = f.details() == null || f.details().isBlank() ? null : f.details();
        r.purposeCodes = purposes;
        r.recipientCodes = recipients;
        r.correction = correction;
        r.fingerprint = RequestFingerprint.of(f.type(), r.format, purposes, recipients, correction, r.details);
        requests.persist(r);
        events.received(r);

        if (f.filedBy() == Party.SUBJECT) {
            lifecycle.verify(r, Party.SUBJECT, VerificationMethod.SIGN_IN, null, f.filedById());
        } else if (f.verificationMethod() != null) {
            lifecycle.verify(r, Party.OPERATOR, f.verificationMethod(), f.verificationNote(), f.filedById());
        }
        return r;
    }

    /** An operator's check of the identity of whoever asked on the subject's behalf, recorded as its own step. */
    public DataRequest verifyIdentity(UUID id, VerificationMethod method, String note, String operatorId) {
        List<Problem.InvalidParam> invalid = new ArrayList<>();
        checkOperatorVerification(method, note, false, invalid);
        if (!invalid.isEmpty()) {
            throw new ProblemException(Problem.invalid("The verification has invalid fields.", invalid));
        }
        DataRequest r = requests.findForUpdate(id).orElseThrow(() -> ProblemException.notFound("request " + id));
        if (r.status() != RequestStatus.RECEIVED) {
            throw ProblemException.conflict("not-awaiting-verification",
                    "request " + id + " is " + r.status + "; only a received request awaits the identity check");
        }
        lifecycle.verify(r, Party.OPERATOR, method, note, operatorId);
        return r;
    }

    /**
     * A privacy officer's decision. {@code refuse} closes any verified open request on a legal ground, with the
     * explanation the subject reads (work already started for it must stop, as the event says); {@code proceed}
     * lets a request held on a suggested refusal go to the systems.
     */
    public DataRequest decide(UUID id, Decision d, String officerId) {
        List<Problem.InvalidParam> invalid = new ArrayList<>();
        boolean refuse = "refuse".equals(d.decision());
        if (!refuse && !"proceed".equals(d.decision())) {
            invalid.add(new Problem.InvalidParam("decision", "must be refuse or proceed"));
        } else if (refuse) {
            if (d.ground() == null) {
                invalid.add(new Problem.InvalidParam("ground", "a refusal needs one of the legal grounds"));
            }
            if (d.explanation() == null || d.explanation().isBlank()) {
                invalid.add(new Problem.InvalidParam("explanation", "a refusal is explained to the subject"));
            }
        } else {
            if (d.ground() != null) {
                invalid.add(new Problem.InvalidParam("ground", "only a refusal has a ground"));
            }
            if (d.explanation() != null) {
                invalid.add(new Problem.InvalidParam("explanation", "only a refusal has an explanation"));
            }
        }
        if (!invalid.isEmpty()) {
            throw new ProblemException(Problem.invalid("The decision has invalid fields.", invalid));
        }
        DataRequest r = requests.findForUpdate(id).orElseThrow(() -> ProblemException.notFound("request " + id));
        if (refuse) {
            if (!r.status().isOpen() || r.verifiedAt == null) {
                throw ProblemException.conflict("not-refusable", "request " + id + " is " + r.status
                        + (r.status().isOpen() ? " and its requester's identity is not verified yet" : "")
                        + "; only a verified open request can be refused");
            }
            lifecycle.refuse(r, d.ground(), d.explanation().strip(), officerId);
        } else {
            if (!r.awaitsReview()) {
                throw ProblemException.conflict("not-held-for-review",
                        "request " + id + " is not held for a decision; it is " + r.status);
            }
            lifecycle.proceedAfterReview(r, officerId);
        }
        return r;
    }

    /** Gives the task again to the systems that have not answered (or failed). */
    public DataRequest reassign(UUID id) {
        DataRequest r = requests.findForUpdate(id).orElseThrow(() -> ProblemException.notFound("request " + id));
        if (r.status() != RequestStatus.IN_PROGRESS) {
            throw ProblemException.conflict("not-in-progress",
                    "request " + id + " is " + r.status + "; only a request in progress is re-assigned");
        }
        if (lifecycle.reassign(r).isEmpty()) {
            // cannot happen: a request whose systems all settled is completed in the same transaction
            throw new IllegalStateException("request " + id + " is in progress with every task settled");
        }
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
        lifecycle.cancel(r, by, actorId);
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

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<RequestTask> tasksOf(UUID id) {
        return tasks.ofRequest(id);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<UUID, List<RequestTask>> tasksOf(List<DataRequest> page) {
        return tasks.ofRequests(page.stream().map(r -> r.id).toList());
    }

    /** A page of the queue (or of one subject's requests), earliest due first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Listing list(String subjectId, RequestStatus status, boolean overdueOnly, boolean awaitingReview, int page,
            int size) {
        var filter = new DataRequestRepository.Filter(subjectId, status, overdueOnly, awaitingReview, DatabaseClock.now());
        return new Listing(requests.page(filter, page, size), requests.count(filter));
    }

    /**
     * An operator's identity check must say how (a method other than sign-in) and what was checked (a note); at
     * filing both may be left out together, to be recorded later.
     */
    private static void checkOperatorVerification(VerificationMethod method, String note, boolean mayWait,
            List<Problem.InvalidParam> invalid) {
        if (method == null && note == null && mayWait) {
            return;
        }
        if (method == null) {
            invalid.add(new Problem.InvalidParam("verificationMethod", "say how the requester's identity was checked"));
        } else if (method == VerificationMethod.SIGN_IN) {
            invalid.add(new Problem.InvalidParam("verificationMethod",
                    "sign-in is the subject's own verification; an operator checks another way"));
        }
        if (note == null) {
            invalid.add(new Problem.InvalidParam("verificationNote",
                    "an operator must record how the subject's identity was verified"));
        }
    }

    /**
     * Codes of a limited request, each named by its position when malformed; duplicates are dropped, as naming a
     * purpose twice asks for nothing more. An empty list is refused: it would read as "none", while leaving the
     * list out means "all".
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

    /** The fields a correction request names, each checked by its name; only a correction has them. */
    private static Map<String, String> correction(Map<String, String> correction, RequestType type,
            List<Problem.InvalidParam> invalid) {
        if (correction == null) {
            return null;
        }
        if (type != RequestType.CORRECTION) {
            invalid.add(new Problem.InvalidParam("correction", "only a correction request names fields to correct"));
            return null;
        }
        if (correction.isEmpty()) {
            invalid.add(new Problem.InvalidParam("correction", "name at least one field, or leave it out"));
            return null;
        }
        if (correction.size() > MAX_CORRECTED_FIELDS) {
            invalid.add(new Problem.InvalidParam("correction", "at most " + MAX_CORRECTED_FIELDS + " fields"));
            return null;
        }
        correction.forEach((field, value) -> {
            if (!FIELD.matcher(field).matches()) {
                invalid.add(new Problem.InvalidParam("correction", "field name '" + abbreviated(field)
                        + "' must match " + FIELD.pattern()));
            } else if (value != null && value.length() > MAX_CORRECTED_VALUE) {
                invalid.add(new Problem.InvalidParam("correction." + field, "at most " + MAX_CORRECTED_VALUE
                        + " characters"));
            }
        });
        return new LinkedHashMap<>(correction);
    }

    private static String abbreviated(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
