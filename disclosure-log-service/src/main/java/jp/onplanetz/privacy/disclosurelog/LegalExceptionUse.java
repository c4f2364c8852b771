package jp.onplanetz.privacy.disclosurelog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A use of personal data on an APPI Art. 27(1) ground, as the register keeps it, with its review once it has one. */
/** {@code review}: null while the use awaits its review. */
public record LegalExceptionUse(UUID useId, String subjectId, String purpose, String recipient, List<String> categories,
        String reasonCode, String justification, String caller, Instant decidedAt, Instant receivedAt, Review review) {

    /** {@code remediation}: what was done about a use not upheld; null when upheld. */
    public record Review(String outcome, String remediation, String note, String reviewedBy, Instant reviewedAt) {
    }

    /** Which uses a page lists: all, those awaiting review, or those reviewed. */
    public enum ReviewState {
        ANY, OPEN, CLOSED
    }
}
