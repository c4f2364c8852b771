package jp.onplanetz.privacy.events.payload;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** {@code consent.granted.v1}: a data subject granted consent to a purpose (for a third-party purpose, to one recipient). */
public record ConsentGranted(UUID consentId, String subjectId, String purpose, String recipient, OffsetDateTime grantedAt,
        OffsetDateTime expiresAt, String method, String actor,
        @JsonInclude(JsonInclude.Include.NON_NULL) String policyVersion,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> categories,
        String channel, UUID supersedes) {
}
