package jp.onplanetz.privacy.events.payload;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code data-use.legal-exception-reviewed.v1}: a privacy officer's review of a use made on an APPI Art. 27(1) ground.
 *
 * @param outcome     {@code upheld} or {@code not-upheld}
 * @param remediation what was done about a use not upheld; null when upheld
 */
public record DataUseLegalExceptionReviewed(UUID useId, String subjectId, String purpose, String recipient,
        String legalException, Instant decidedAt, String outcome, String remediation, String note, String reviewedBy,
        Instant reviewedAt) {
}
