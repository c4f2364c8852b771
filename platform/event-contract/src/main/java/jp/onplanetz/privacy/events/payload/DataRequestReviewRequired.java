package jp.onplanetz.privacy.events.payload;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** {@code data-request.review-required.v1}: a request held for a privacy officer, with the reasons to refuse it. */
public record DataRequestReviewRequired(UUID requestId, String subjectId, String requestType, List<String> reasons,
        OffsetDateTime flaggedAt) {
}
