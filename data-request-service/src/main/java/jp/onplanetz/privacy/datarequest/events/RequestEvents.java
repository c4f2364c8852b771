package jp.onplanetz.privacy.datarequest.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.datarequest.DataRequest;
import jp.onplanetz.privacy.datarequest.RequestTask;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.datarequest.DataRequestTask;
import jp.onplanetz.privacy.events.datarequest.RequestType;
import jp.onplanetz.privacy.events.payload.DataRequestAnswerOverdue;
import jp.onplanetz.privacy.events.payload.DataRequestCancelled;
import jp.onplanetz.privacy.events.payload.DataRequestCompleted;
import jp.onplanetz.privacy.events.payload.DataRequestIdentityVerified;
import jp.onplanetz.privacy.events.payload.DataRequestInProgress;
import jp.onplanetz.privacy.events.payload.DataRequestOverdue;
import jp.onplanetz.privacy.events.payload.DataRequestReceived;
import jp.onplanetz.privacy.events.payload.DataRequestRefused;
import jp.onplanetz.privacy.events.payload.DataRequestReviewRequired;
import jp.onplanetz.privacy.runtime.outbox.Outbox;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The events a request's life publishes, written to the outbox in the caller's transaction: an event exists exactly
 * when the change it reports was committed. Free text (details, notes, explanations, the correction's values) stays
 * out of the lifecycle events, which many systems read; only the task carries what the systems need to act.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class RequestEvents {

    private final Outbox outbox;

    public RequestEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public void received(DataRequest r) {
        outbox.publish(EventCatalogue.DATA_REQUEST_RECEIVED, r.subjectId, new DataRequestReceived(r.id, r.subjectId,
                r.requestType, r.receivedAt, r.dueAt, r.filedBy));
    }

    public void identityVerified(DataRequest r) {
        outbox.publish(EventCatalogue.DATA_REQUEST_IDENTITY_VERIFIED, r.subjectId, new DataRequestIdentityVerified(r.id,
                r.subjectId, r.requestType, r.verifiedAt, r.verifiedBy, r.verificationMethod));
    }

    public void reviewRequired(DataRequest r) {
        outbox.publish(EventCatalogue.DATA_REQUEST_REVIEW_REQUIRED, r.subjectId, new DataRequestReviewRequired(r.id,
                r.subjectId, r.requestType, r.reviewReasons, r.reviewFlaggedAt));
    }

    public void inProgress(DataRequest r, List<String> systems) {
        outbox.publish(EventCatalogue.DATA_REQUEST_IN_PROGRESS, r.subjectId, new DataRequestInProgress(r.id,
                r.subjectId, r.requestType, r.startedAt, systems, r.answerBy));
    }

    /**
     * The task every data holder reads: what to do, for whom, by when. Published at the start and again on each
     * re-assignment (a new event id, so that the systems act on it again; their work is idempotent).
     */
    public void taskAssigned(DataRequest r, OffsetDateTime assignedAt) {
        outbox.publish(EventCatalogue.DATA_REQUEST_TASK_ASSIGNED, r.subjectId, new DataRequestTask(r.id, r.subjectId,
                RequestType.ofCode(r.requestType), r.purposeCodes, r.recipientCodes, r.format, r.correction, assignedAt,
                r.answerBy));
    }

    public void completed(DataRequest r, List<RequestTask> tasks) {
        outbox.publish(EventCatalogue.DATA_REQUEST_COMPLETED, r.subjectId, new DataRequestCompleted(r.id, r.subjectId,
                r.requestType, r.completedAt, tasks.stream()
                        .map(t -> new DataRequestCompleted.Answer(t.system, t.outcome, t.affected)).toList()));
    }

    public void refused(DataRequest r) {
        outbox.publish(EventCatalogue.DATA_REQUEST_REFUSED, r.subjectId, new DataRequestRefused(r.id, r.subjectId,
                r.requestType, r.refusedAt, r.refusalGround, r.reviewReasons != null));
    }

    public void cancelled(DataRequest r) {
        outbox.publish(EventCatalogue.DATA_REQUEST_CANCELLED, r.subjectId, new DataRequestCancelled(r.id, r.subjectId,
                r.cancelledAt, r.cancelledBy));
    }

    public void overdue(DataRequest r) {
        outbox.publish(EventCatalogue.DATA_REQUEST_OVERDUE, r.subjectId, new DataRequestOverdue(r.id, r.subjectId,
                r.requestType, r.status, r.dueAt, r.overdueFlaggedAt));
    }

    public void answerOverdue(DataRequest r, RequestTask t) {
        outbox.publish(EventCatalogue.DATA_REQUEST_ANSWER_OVERDUE, r.subjectId, new DataRequestAnswerOverdue(r.id,
                r.subjectId, r.requestType, t.system, t.answerBy, t.overdueFlaggedAt));
    }
}
