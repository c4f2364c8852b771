package jp.onplanetz.privacy.events.payload;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * {@code data-use.recorded.v1}: a service was permitted to use (or provide to a third party) a subject's data.
 *
 * @param basis          {@code consent}, {@code contract} or {@code legal-exception}
 * @param legalException the APPI Art. 27(1) ground, for basis {@code legal-exception}
 */
public record DataUseRecorded(UUID useId, String subjectId, String purpose, List<String> categories, String recipient,
        RecipientIdentity recipientIdentity, String basis, UUID consentId, String policyVersion, String legalException,
        String justification, String caller, boolean reviewRequired, OffsetDateTime decidedAt) {

    public static final String BASIS_LEGAL_EXCEPTION = "legal-exception";

    /** What identifies the recipient in APPI's record of provision, as the policy the decision was made under said it. */
    public record RecipientIdentity(String name, String address, String representative) {
    }

    public boolean onLegalException() {
        return BASIS_LEGAL_EXCEPTION.equals(basis);
    }
}
