package jp.onplanetz.privacy.runtime.datarequest;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.datarequest.DataRequestTask;
import jp.onplanetz.privacy.runtime.datarequest.DataRequestHandler.Answer;
import jp.onplanetz.privacy.runtime.inbox.EventIntake;
import jp.onplanetz.privacy.runtime.inbox.PoisonEventException;
import jp.onplanetz.privacy.runtime.inbox.ReceivedEvent;

/**
 * How every data holder of the suite takes a task from {@code privacy.data-request.tasks.v1}, in its consumer's
 * transaction: the record checked against the contract, the inbox row, the task read, the holder's work
 * ({@link DataRequestHandler}, chosen by the request type) and its answer ({@link DataRequestAnswers}) commit together.
 * A redelivered task is neither carried out nor answered twice. A task that cannot be read or carried out is not
 * answered at all: it rolls back and the channel sends it to the dead-letter topic with the reason (data-request-
 * service's watchdog then flags the missing answer).
 */
@ApplicationScoped
public class DataRequestTaskIntake {

    private final DataRequestAnswers answers;

    public DataRequestTaskIntake(DataRequestAnswers answers) {
        this.answers = answers;
    }

    /**
     * What {@link EventIntake#receive} does with the tasks topic for {@code handler}: a task is checked, carried out and
     * answered in the consumer's transaction; another type of the topic is not ours to apply (the inbox row records
     * that it was seen). Built once per consumer. A record that is no valid task, a task filed under another subject's
     * key, or a task the handler refuses is a {@link PoisonEventException}.
     */
    public EventIntake.Handlers handlers(DataRequestHandler handler) {
        return EventIntake.handlers().on(EventCatalogue.DATA_REQUEST_TASK_ASSIGNED,
                (task, event) -> answer(handler, task, event));
    }

    private void answer(DataRequestHandler handler, DataRequestTask task, ReceivedEvent event) {
        if (!task.subjectId().equals(event.subject())) {
            // one subject's tasks are ordered by the key; a task filed under another subject (or none) is a producer's
            // bug, carried out for nobody
            throw new PoisonEventException("event " + event.id() + ": subjectId and ce_subject differ");
        }
        // an IllegalArgumentException of the handler refuses the task: the intake dead-letters it, unanswered
        Answer answer = carryOut(handler, task, event.id());
        answers.publish(task, answer);
        // the request id is enough to trace it; the subject's id stays out of the logs
        Log.infof("data request %s (%s): answered %s", task.requestId(), task.requestType().code(),
                answer.outcome().code());
    }

    /** Every type has its method: a type added to the contract does not compile until it is dispatched here. */
    static Answer carryOut(DataRequestHandler handler, DataRequestTask task, String eventId) {
        return switch (task.requestType()) {
            case DISCLOSURE -> handler.disclosure(task, eventId);
            case PROVISION_RECORD_DISCLOSURE -> handler.provisionRecordDisclosure(task, eventId);
            case CORRECTION -> handler.correction(task, eventId);
            case DELETION -> handler.deletion(task, eventId);
            case CESSATION_OF_USE -> handler.cessationOfUse(task, eventId);
            case CESSATION_OF_PROVISION -> handler.cessationOfProvision(task, eventId);
            case CONSENT_WITHDRAWAL -> handler.consentWithdrawal(task, eventId);
        };
    }
}
