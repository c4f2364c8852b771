package jp.onplanetz.privacy.events.datarequest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * The payload of {@code data-request.task-answered.v1}: one system's answer to its task.
 *
 * @param system   the answering system; its CloudEvents source must be {@code /privacy-ops/<system>}
 * @param detail   what was done, in words the subject may read (at most {@link #DETAIL_MAX_CHARS} characters)
 * @param affected how many items the system changed or found; null where nothing was counted
 * @param data     a disclosure's data: the subject's data as the system's own JSON document; otherwise null
 */
public record TaskAnswer(UUID requestId, String subjectId, String system, Outcome outcome, String detail,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer affected,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> data, OffsetDateTime answeredAt) {

    /** The schema's limit on {@code detail}. */
    public static final int DETAIL_MAX_CHARS = 2000;

    /** Without the subject's id, the detail and the data, which are about the subject. */
    @Override
    public String toString() {
        return "TaskAnswer[requestId=" + requestId + ", system=" + system + ", outcome=" + outcome + "]";
    }
}
