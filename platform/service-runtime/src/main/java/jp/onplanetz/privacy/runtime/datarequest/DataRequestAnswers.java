package jp.onplanetz.privacy.runtime.datarequest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.runtime.outbox.Outbox;
import jp.onplanetz.privacy.runtime.outbox.OutboxConfig;
import jp.onplanetz.privacy.runtime.time.StoredTime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A data holder's answer to a task ({@code data-request.task-answered.v1}), written to the outbox in the caller's
 * transaction, so that it is published exactly when the work it reports was committed. It is published under the
 * subject's id, as the results topic is keyed: every answer about one person lands in one partition, in order. The
 * answering system is the outbox's CloudEvents source, so the two cannot disagree (data-request-service refuses an
 * answer whose source is not the system it names).
 */
@ApplicationScoped
public class DataRequestAnswers {

    /** What a system did with its part of a request: the contract's outcomes. */
    public enum Outcome {
        COMPLETED("completed"), NOTHING_HELD("nothing-held"), NOT_APPLICABLE("not-applicable"), FAILED("failed");

        private final String code;

        Outcome(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** The contract's limit on {@code detail}. */
    public static final int DETAIL_MAX_CHARS = 2000;

    private final Outbox outbox;
    private final String system;

    public DataRequestAnswers(Outbox outbox, OutboxConfig config) {
        this.outbox = outbox;
        this.system = config.service();
    }

    /**
     * @param detail   what was done, in words the subject may read (cut to the contract's 2,000 characters)
     * @param affected how many items were changed or found; null where nothing was counted
     * @param data     for a disclosure, the subject's data as the system's own JSON document; else null
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(DataRequestTask task, Outcome outcome, String detail, Integer affected, Map<String, Object> data) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("requestId", task.requestId().toString());
        answer.put("subjectId", task.subjectId());
        answer.put("system", system);
        answer.put("outcome", outcome.code());
        answer.put("detail", fit(detail));
        if (affected != null) {
            answer.put("affected", affected);
        }
        if (data != null) {
            answer.put("data", data);
        }
        answer.put("answeredAt", StoredTime.now());
        outbox.publish(EventCatalogue.DATA_REQUEST_TASK_ANSWERED, task.subjectId(), answer);
    }

    /**
     * A detail within the contract's limit, marked as cut when it had to be: the last guard, as a holder's detail that
     * broke the schema would otherwise roll its work back.
     */
    public static String fit(String detail) {
        return detail.length() <= DETAIL_MAX_CHARS ? detail : detail.substring(0, DETAIL_MAX_CHARS - 1) + "\u2026";
    }
}
