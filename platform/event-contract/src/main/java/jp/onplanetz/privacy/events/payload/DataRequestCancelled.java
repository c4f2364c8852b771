package jp.onplanetz.privacy.events.payload;

import java.time.OffsetDateTime;
import java.util.UUID;

/** {@code data-request.cancelled.v1}: a request was cancelled before it was completed or refused. */
public record DataRequestCancelled(UUID requestId, String subjectId, OffsetDateTime cancelledAt, String cancelledBy) {
}
