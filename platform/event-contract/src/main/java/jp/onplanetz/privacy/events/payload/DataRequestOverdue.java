package jp.onplanetz.privacy.events.payload;

import java.time.OffsetDateTime;
import java.util.UUID;

/** {@code data-request.overdue.v1}: a request is still open after its due date. */
public record DataRequestOverdue(UUID requestId, String subjectId, String requestType, String status,
        OffsetDateTime dueAt, OffsetDateTime detectedAt) {
}
