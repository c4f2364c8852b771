package jp.onplanetz.privacy.consent.decision;

import jp.onplanetz.privacy.events.WireCoded;
import java.util.List;
import java.util.UUID;

/**
 * The answer to "may data of this subject in these categories be used for this purpose (by this
 * recipient)?". {@code categories} are the category items the request stood for (groups expanded).
 */
public record Decision(boolean permitted, Reason reason, String explanation, Basis basis, UUID consentId,
        String policyVersion, List<String> categories) {

    /** Why; stable codes a caller may branch on. */
    public enum Reason implements WireCoded {
        CONSENT_GIVEN, CONTRACT, LEGAL_EXCEPTION,
        UNKNOWN_PURPOSE, UNKNOWN_CATEGORY, CATEGORY_NOT_COVERED, UNKNOWN_RECIPIENT, RECIPIENT_REQUIRED,
        RECIPIENT_NOT_ALLOWED, PURPOSE_HAS_NO_RECIPIENTS, NO_CONSENT, CONSENT_EXPIRED, RECONSENT_REQUIRED,
        CATEGORY_NOT_CONSENTED, NO_POLICY;
    }

    /** What permits a use. */
    public enum Basis implements WireCoded {
        CONSENT, CONTRACT, LEGAL_EXCEPTION;
    }

    public static Decision denied(Reason reason, String explanation, String policyVersion) {
        return deny(reason, explanation, policyVersion, null);
    }

    static Decision deny(Reason reason, String explanation, String policyVersion, UUID consentId) {
        return new Decision(false, reason, explanation, null, consentId, policyVersion, List.of());
    }
}
