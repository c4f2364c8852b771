package jp.onplanetz.privacy.runtime.datarequest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.datarequest.DataRequestTask;
import jp.onplanetz.privacy.events.datarequest.TaskAnswer;
import jp.onplanetz.privacy.runtime.datarequest.DataRequestHandler.Answer;
import jp.onplanetz.privacy.runtime.outbox.Outbox;
import jp.onplanetz.privacy.runtime.outbox.OutboxConfig;
import jp.onplanetz.privacy.runtime.time.DatabaseClock;

/**
 * A data holder's answer to a task ({@code data-request.task-answered.v1}), written to the outbox in the caller's
 * transaction, so that it is published exactly when the work it reports was committed. It is published under the
 * subject's id, as the results topic is keyed: every answer about one person lands in one partition, in order. The
 * answering system is the outbox's CloudEvents source, so the two cannot disagree (data-request-service refuses an
 * answer whose source is not the system it names).
 */
@ApplicationScoped
public class DataRequestAnswers {

    private final Outbox outbox;
    private final String system;

    public DataRequestAnswers(Outbox outbox, OutboxConfig config) {
        this.outbox = outbox;
        this.system = config.service();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(DataRequestTask task, Answer answer) {
        outbox.publish(EventCatalogue.DATA_REQUEST_TASK_ANSWERED, task.subjectId(), new TaskAnswer(task.requestId(),
                task.subjectId(), system, answer.outcome(), fit(answer.detail()), answer.affected(), answer.data(),
                DatabaseClock.now()));
    }

    /**
     * A detail within the contract's limit, marked as cut when it had to be: the last guard, as a holder's detail that
     * broke the schema would otherwise roll its work back.
     */
    public static String fit(String detail) {
        return detail.length() <= TaskAnswer.DETAIL_MAX_CHARS ? detail
                : detail.substring(0, TaskAnswer.DETAIL_MAX_CHARS - 1) + "\u2026";
    }
}
