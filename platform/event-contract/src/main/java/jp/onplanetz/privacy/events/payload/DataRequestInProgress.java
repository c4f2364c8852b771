package jp.onplanetz.privacy.events.payload;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** {@code data-request.in-progress.v1}: a request was assigned to every system holding the subject's data. */
public record DataRequestInProgress(UUID requestId, String subjectId, String requestType, OffsetDateTime startedAt,
        List<String> systems, OffsetDateTime answerBy) {
}
