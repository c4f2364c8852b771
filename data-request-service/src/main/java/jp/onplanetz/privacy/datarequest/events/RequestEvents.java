package jp.onplanetz.privacy.datarequest.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.datarequest.DataRequest;
import jp.onplanetz.privacy.datarequest.RequestTask;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.EventType;
import jp.onplanetz.privacy.runtime.outbox.Outbox;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        Map<String, Object> e = about(r);
        e.put("receivedAt", r.receivedAt);
        e.put("dueAt", r.dueAt);
        e.put("filedBy", r.filedBy);
        publish(EventCatalogue.DATA_REQUEST_RECEIVED, r, e);
    }

    public void identityVerified(DataRequest r) {
        Map<String, Object> e = about(r);
        e.put("verifiedAt", r.verifiedAt);
        e.put("verifiedBy", r.verifiedBy);
        e.put("method", r.verificationMethod);
        publish(EventCatalogue.DATA_REQUEST_IDENTITY_VERIFIED, r, e);
    }

    public void reviewRequired(DataRequest r) {
        Map<String, Object> e = about(r);
        e.put("reasons", r.reviewReasons);
        e.put("flaggedAt", r.reviewFlaggedAt);
        publish(EventCatalogue.DATA_REQUEST_REVIEW_REQUIRED, r, e);
    }

    public void inProgress(DataRequest r, List<String> systems) {
        Map<String, Object> e = about(r);
        e.put("startedAt", r.startedAt);
        e.put("systems", systems);
        e.put("answerBy", r.answerBy);
        publish(EventCatalogue.DATA_REQUEST_IN_PROGRESS, r, e);
    }

    /**
     * The task every data holder reads: what to do, for whom, by when. Published at the start and again on each
     * re-assignment (a new event id, so that the systems act on it again; their work is idempotent).
     */
    public void taskAssigned(DataRequest r, OffsetDateTime assignedAt) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("requestId", r.id.toString());
        e.put("subjectId", r.subjectId);
        e.put("requestType", r.requestType);
        e.put("purposes", r.purposeCodes == null ? List.of() : r.purposeCodes);
        e.put("recipients", r.recipientCodes == null ? List.of() : r.recipientCodes);
        if (r.format != null) {
            e.put("format", r.format);
        }
        if (r.correction != null) {
            e.put("correction", r.correction);
        }
        e.put("assignedAt", assignedAt);
        e.put("answerBy", r.answerBy);
        publish(EventCatalogue.DATA_REQUEST_TASK_ASSIGNED, r, e);
    }

    public void completed(DataRequest r, List<RequestTask> tasks) {
        Map<String, Object> e = about(r);
        e.put("completedAt", r.completedAt);
        e.put("answers", tasks.stream().map(t -> {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("system", t.system);
            a.put("outcome", t.outcome);
            if (t.affected != null) {
                a.put("affected", t.affected);
            }
            return a;
        }).toList());
        publish(EventCatalogue.DATA_REQUEST_COMPLETED, r, e);
    }

    public void refused(DataRequest r) {
        Map<String, Object> e = about(r);
        e.put("refusedAt", r.refusedAt);
        e.put("ground", r.refusalGround);
        e.put("suggested", r.reviewReasons != null);
        publish(EventCatalogue.DATA_REQUEST_REFUSED, r, e);
    }

    public void cancelled(DataRequest r) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("requestId", r.id.toString());
        e.put("subjectId", r.subjectId);
        e.put("cancelledAt", r.cancelledAt);
        e.put("cancelledBy", r.cancelledBy);
        publish(EventCatalogue.DATA_REQUEST_CANCELLED, r, e);
    }

    public void overdue(DataRequest r) {
        Map<String, Object> e = about(r);
        e.put("status", r.status);
        e.put("dueAt", r.dueAt);
        e.put("detectedAt", r.overdueFlaggedAt);
        publish(EventCatalogue.DATA_REQUEST_OVERDUE, r, e);
    }

    public void answerOverdue(DataRequest r, RequestTask t) {
        Map<String, Object> e = about(r);
        e.put("system", t.system);
        e.put("answerBy", t.answerBy);
        e.put("detectedAt", t.overdueFlaggedAt);
        publish(EventCatalogue.DATA_REQUEST_ANSWER_OVERDUE, r, e);
    }

    private static Map<String, Object> about(DataRequest r) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("requestId", r.id.toString());
        e.put("subjectId", r.subjectId);
        e.put("requestType", r.requestType);
        return e;
    }

    private void publish(EventType type, DataRequest r, Map<String, Object> payload) {
        outbox.publish(type, r.subjectId, payload);
    }
}
