package jp.onplanetz.privacy.datarequest.service;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.datarequest.DataRequest;
import jp.onplanetz.privacy.datarequest.RequestStatus;
import jp.onplanetz.privacy.datarequest.RequestTask;
import jp.onplanetz.privacy.datarequest.TaskAnswer;
import jp.onplanetz.privacy.datarequest.repository.DataRequestRepository;
import jp.onplanetz.privacy.datarequest.repository.RequestTaskRepository;
import jp.onplanetz.privacy.events.datarequest.Outcome;
import jp.onplanetz.privacy.runtime.time.DatabaseClock;

/**
 * A system's answer to its task, applied in the caller's transaction (the consumer's, with its inbox row): the task
 * takes the answer, and the request completes when the last system has settled its part. Every answer is also kept
 * as it came ({@link TaskAnswer}), whatever it changed.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class TaskAnswerService {

    private final DataRequestRepository requests;
    private final RequestTaskRepository tasks;
    private final RequestLifecycle lifecycle;

    public TaskAnswerService(DataRequestRepository requests, RequestTaskRepository tasks, RequestLifecycle lifecycle) {
        this.requests = requests;
        this.tasks = tasks;
        this.lifecycle = lifecycle;
    }

    /**
     * @throws IllegalArgumentException when the answer is about no request, another subject, or a system that was
     *                                  not given the task (the consumer sends it to the dead-letter topic, where
     *                                  operators see a misconfigured system)
     */
    public TaskAnswer.Effect apply(String eventId, jp.onplanetz.privacy.events.datarequest.TaskAnswer a) {
        // the contract's answer; TaskAnswer here is the trail this service keeps of it
        Outcome outcome = a.outcome();
        // the request's lock orders this answer with the others, a cancellation and the watchdog
        DataRequest r = requests.findForUpdate(a.requestId())
                .orElseThrow(() -> new IllegalArgumentException("no request " + a.requestId()));
        if (!r.subjectId.equals(a.subjectId())) {
            throw new IllegalArgumentException("request " + a.requestId() + " is about another subject");
        }
        RequestTask t = tasks.of(r.id, a.system()).orElseThrow(() -> new IllegalArgumentException(
                "system " + a.system() + " was not given the task of request " + a.requestId()));

        TaskAnswer.Effect effect;
        if (t.settled()) {
            // the first settling answer stands: a re-assignment's second answer must not rewrite what was reported
            effect = TaskAnswer.Effect.ALREADY_ANSWERED;
        } else if (r.status() != RequestStatus.IN_PROGRESS) {
            // cancelled or refused meanwhile: what the system did is recorded; no data is kept for a closed request
            take(t, eventId, outcome, a, false);
            effect = TaskAnswer.Effect.REQUEST_CLOSED;
        } else {
            take(t, eventId, outcome, a, r.type().isDisclosure());
            effect = TaskAnswer.Effect.APPLIED;
            lifecycle.completeIfAllSettled(r);
        }

        TaskAnswer trail = new TaskAnswer();
        trail.eventId = eventId;
        trail.requestId = r.id;
        trail.system = a.system();
        trail.outcome = outcome.code();
        trail.detail = a.detail();
        trail.affected = a.affected();
        trail.hadData = a.data() != null;
        trail.answeredAt = a.answeredAt();
        trail.receivedAt = DatabaseClock.now();
        trail.effect = effect.code();
        trail.persist();
        Log.infof("request %s: %s answered %s (%s); request %s", r.id, a.system(), outcome.code(), effect.code(),
                r.status);
        return effect;
    }

    private static void take(RequestTask t, String eventId, Outcome outcome,
            jp.onplanetz.privacy.events.datarequest.TaskAnswer a, boolean keepData) {
        t.outcome = outcome.code();
        t.detail = a.detail();
        t.affected = a.affected();
        t.answeredAt = a.answeredAt();
        t.answerEventId = eventId;
        t.data = keepData && outcome == Outcome.COMPLETED ? a.data() : null;
    }
}
