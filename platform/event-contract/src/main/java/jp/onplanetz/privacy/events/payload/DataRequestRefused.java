package jp.onplanetz.privacy.events.payload;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * {@code data-request.refused.v1}: a privacy officer refused a request on a legal ground.
 *
 * @param suggested whether the service had suggested the refusal (the request was held for review)
 */
public record DataRequestRefused(UUID requestId, String subjectId, String requestType, OffsetDateTime refusedAt,
        String ground, boolean suggested) {
}
