package jp.onplanetz.privacy.datarequest.events;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.datarequest.service.TaskAnswerService;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.Services;
import jp.onplanetz.privacy.events.datarequest.TaskAnswer;
import jp.onplanetz.privacy.runtime.inbox.EventIntake;
import jp.onplanetz.privacy.runtime.inbox.PoisonEventException;
import jp.onplanetz.privacy.runtime.inbox.ReceivedEvent;
import jp.onplanetz.privacy.runtime.inbox.RetryTransientFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The systems' answers from {@code privacy.data-request.results.v1}. The inbox row, the task's answer and (with the
 * last answer) the request's completion and its event commit together: a redelivered answer changes nothing. An
 * answer that cannot be applied (about no request, or from a system that was not given the task, or under another
 * system's name) goes to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class TaskAnswersConsumer {

    static final String CONSUMER = "data-request-service.task-answers";

    private final EventIntake intake;
    private final TaskAnswerService answers;
    private final EventIntake.Handlers handlers;

    public TaskAnswersConsumer(EventIntake intake, TaskAnswerService answers) {
        this.intake = intake;
        this.answers = answers;
        this.handlers = EventIntake.handlers().on(EventCatalogue.DATA_REQUEST_TASK_ANSWERED, this::answered);
    }

    @Incoming("task-answers")
    @Blocking
    @RetryTransientFailures
    @Transactional
    public void apply(ConsumerRecord<String, String> record) {
        intake.receive(record, CONSUMER, handlers);
    }

    private void answered(TaskAnswer answer, ReceivedEvent event) {
        // A system answers for itself only: its name in the answer is its CloudEvents source. (Who may write to the
        // topic at all is the broker's ACLs' business.)
        if (!Services.source(answer.system()).equals(event.source())) {
            throw new PoisonEventException("event " + event.id() + ": answer for system " + answer.system()
                    + " published by " + event.source());
        }
        if (event.subject() != null && !event.subject().equals(answer.subjectId())) {
            throw new PoisonEventException("event " + event.id() + ": subjectId and ce_subject differ");
        }
        // an IllegalArgumentException refuses the answer: the intake dead-letters it
        answers.apply(event.id(), answer);
    }
}
