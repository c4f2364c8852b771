package jp.onplanetz.privacy.events.payload;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** {@code data-request.completed.v1}: every system answered; the request is carried out. */
public record DataRequestCompleted(UUID requestId, String subjectId, String requestType, OffsetDateTime completedAt,
        List<Answer> answers) {

    /**
     * One system's answer, in short.
     *
     * @param affected how many items the system changed or found, when it said
     */
    public record Answer(String system, String outcome, @JsonInclude(JsonInclude.Include.NON_NULL) Integer affected) {
    }
}
