package jp.onplanetz.privacy.datarequest.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.datarequest.DataHolderSystem;
import jp.onplanetz.privacy.datarequest.DataRequest;
import jp.onplanetz.privacy.datarequest.Party;
import jp.onplanetz.privacy.datarequest.RefusalGround;
import jp.onplanetz.privacy.datarequest.RequestStatus;
import jp.onplanetz.privacy.datarequest.RequestTask;
import jp.onplanetz.privacy.datarequest.ReviewReason;
import jp.onplanetz.privacy.datarequest.VerificationMethod;
import jp.onplanetz.privacy.datarequest.config.DataRequestConfig;
import jp.onplanetz.privacy.datarequest.events.RequestEvents;
import jp.onplanetz.privacy.datarequest.repository.DataHolderSystemRepository;
import jp.onplanetz.privacy.datarequest.repository.DataRequestRepository;
import jp.onplanetz.privacy.datarequest.repository.RequestTaskRepository;
import jp.onplanetz.privacy.runtime.time.DatabaseClock;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The moves of a request from one state to the next, each with its event, in the caller's transaction (which holds
 * the request's row lock). The callers decide whether a move is allowed; this is what the move is.
 *
 * <pre>
 * received ──verify──▶ identity-verified ──(no suggestion, or an officer's go-ahead)──▶ in-progress ──all answered──▶ completed
 *     │                      │  (suggestion: held for an officer, review-required)          │
 *     └── cancel / refuse ◀──┴──────────────────────────────────────────────────────────────┘
 * </pre>
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class RequestLifecycle {

    private final DataRequestRepository requests;
    private final RequestTaskRepository tasks;
    private final DataHolderSystemRepository systems;
    private final RequestEvents events;
    private final DataRequestConfig config;

    public RequestLifecycle(DataRequestRepository requests, RequestTaskRepository tasks,
            DataHolderSystemRepository systems, RequestEvents events, DataRequestConfig config) {
        this.requests = requests;
        this.tasks = tasks;
        this.systems = systems;
        this.events = events;
        this.config = config;
    }

    /** The requester is who it claims to be: by its own sign-in, or by an operator's recorded check. */
    public void verify(DataRequest r, Party by, VerificationMethod method, String note, String actorId) {
        r.status = RequestStatus.IDENTITY_VERIFIED.code();
        r.verifiedAt = DatabaseClock.now();
        r.verifiedBy = by.code();
        r.verifiedById = actorId;
        r.verificationMethod = method.code();
        r.verificationNote = note;
        events.identityVerified(r);
        advance(r);
    }

    /**
     * After verification: held for a privacy officer when the service suggests a refusal (never refused here), else
     * carried out at once.
     */
    void advance(DataRequest r) {
        OffsetDateTime now = DatabaseClock.now();
        DataRequestConfig.Refusal limits = config.refusal();
        Duration lookBack = limits.repeatWindow().compareTo(limits.burdenWindow()) > 0 ? limits.repeatWindow()
                : limits.burdenWindow();
        RefusalAdvisor.Advice advice = RefusalAdvisor.assess(r.fingerprint,
                requests.earlierOfSubject(r.subjectId, now.minus(lookBack), r.id),
                tasks.itemsLastReported(r.subjectId).orElse(null), now, limits);
        if (advice.suggestsReview()) {
            r.reviewReasons = advice.reasons().stream().map(ReviewReason::code).toList();
            r.reviewFigures = advice.figures();
            r.reviewFlaggedAt = now;
            events.reviewRequired(r);
            return;
        }
        start(r);
    }

    /** An officer let a held request go ahead. */
    public void proceedAfterReview(DataRequest r, String officerId) {
        r.reviewDecision = "proceed";
        r.reviewedAt = DatabaseClock.now();
        r.reviewedById = officerId;
        start(r);
    }

    /**
     * Gives every active data holder its task: one row each (what the request waits for) and one event on the task
     * topic that all of them read.
     */
    void start(DataRequest r) {
        OffsetDateTime now = DatabaseClock.now();
        List<DataHolderSystem> holders = systems.active();
        if (holders.isEmpty()) {
            // the suite's own services cannot be retired (a check constraint), so this is a broken database
            throw new IllegalStateException("no system is registered to carry out requests");
        }
        r.status = RequestStatus.IN_PROGRESS.code();
        r.startedAt = now;
        r.answerBy = now.plus(config.answerWithin());
        r.assignments = 1;
        for (DataHolderSystem holder : holders) {
            RequestTask t = new RequestTask();
            t.requestId = r.id;
            t.system = holder.code;
            t.assignedAt = now;
            t.answerBy = r.answerBy;
            tasks.persist(t);
        }
        events.inProgress(r, holders.stream().map(h -> h.code).toList());
        events.taskAssigned(r, now);
    }

    /**
     * Gives the task again to the systems that have not settled their part (no answer, or a failure): their clock
     * starts again and the watchdog may flag them again. The others' answers stand.
     *
     * @return the systems it was given to again
     */
    public List<String> reassign(DataRequest r) {
        OffsetDateTime now = DatabaseClock.now();
        r.answerBy = now.plus(config.answerWithin());
        r.assignments++;
        List<RequestTask> open = tasks.ofRequest(r.id).stream().filter(t -> !t.settled()).toList();
        for (RequestTask t : open) {
            t.assignedAt = now;
            t.answerBy = r.answerBy;
            t.overdueFlaggedAt = null;
            // a failure is kept in the answers' trail (task_answer); the task waits for a new answer
            t.outcome = null;
            t.detail = null;
            t.affected = null;
            t.answeredAt = null;
            t.answerEventId = null;
        }
        events.taskAssigned(r, now);
        return open.stream().map(t -> t.system).toList();
    }

    /** Completes the request once every system has settled its part; otherwise nothing. */
    public boolean completeIfAllSettled(DataRequest r) {
        List<RequestTask> all = tasks.ofRequest(r.id);
        if (all.isEmpty() || !all.stream().allMatch(RequestTask::settled)) {
            return false;
        }
        r.status = RequestStatus.COMPLETED.code();
        r.completedAt = DatabaseClock.now();
        events.completed(r, all);
        return true;
    }

    /** A privacy officer's refusal on a legal ground, explained to the subject. */
    public void refuse(DataRequest r, RefusalGround ground, String explanation, String officerId) {
        OffsetDateTime now = DatabaseClock.now();
        if (r.awaitsReview()) {
            r.reviewDecision = "refuse";
            r.reviewedAt = now;
            r.reviewedById = officerId;
        }
        r.status = RequestStatus.REFUSED.code();
        r.refusedAt = now;
        r.refusalGround = ground.code();
        r.refusalExplanation = explanation;
        r.refusedById = officerId;
        events.refused(r);
    }

    public void cancel(DataRequest r, Party by, String actorId) {
        r.status = RequestStatus.CANCELLED.code();
        r.cancelledAt = DatabaseClock.now();
        r.cancelledBy = by.code();
        r.cancelledById = actorId;
        events.cancelled(r);
    }
}
