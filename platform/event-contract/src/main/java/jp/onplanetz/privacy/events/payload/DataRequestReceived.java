package jp.onplanetz.privacy.events.payload;

import java.time.OffsetDateTime;
import java.util.UUID;

/** {@code data-request.received.v1}: a data subject's request was received. */
public record DataRequestReceived(UUID requestId, String subjectId, String requestType, OffsetDateTime receivedAt,
        OffsetDateTime dueAt, String filedBy) {
}
