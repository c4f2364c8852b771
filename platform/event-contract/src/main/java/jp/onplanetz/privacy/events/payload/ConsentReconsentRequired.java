package jp.onplanetz.privacy.events.payload;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** {@code consent.reconsent-required.v1}: a published policy change voids this consent until the subject consents again. */
public record ConsentReconsentRequired(UUID consentId, String subjectId, String purpose, String recipient,
        String policyVersion, String previousPolicyVersion, List<ClassifiedChange> changes, OffsetDateTime occurredAt) {
}
