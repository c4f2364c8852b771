package jp.onplanetz.privacy.events.payload;

import java.time.OffsetDateTime;
import java.util.UUID;

/** {@code consent.withdrawn.v1}: a data subject withdrew a consent; every use relying on it must stop. */
public record ConsentWithdrawn(UUID consentId, String subjectId, String purpose, String recipient,
        OffsetDateTime withdrawnAt, String actor) {
}
