package jp.onplanetz.privacy.events.payload;

import java.time.OffsetDateTime;
import java.util.UUID;

/** {@code data-request.answer-overdue.v1}: a system given a request's task did not answer in time. */
public record DataRequestAnswerOverdue(UUID requestId, String subjectId, String requestType, String system,
        OffsetDateTime answerBy, OffsetDateTime detectedAt) {
}
