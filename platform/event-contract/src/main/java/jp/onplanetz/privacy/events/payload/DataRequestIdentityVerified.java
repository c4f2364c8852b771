package jp.onplanetz.privacy.events.payload;

import java.time.OffsetDateTime;
import java.util.UUID;

/** {@code data-request.identity-verified.v1}: the requester was verified to be the subject (or acting for it). */
public record DataRequestIdentityVerified(UUID requestId, String subjectId, String requestType, OffsetDateTime verifiedAt,
        String verifiedBy, String method) {
}
