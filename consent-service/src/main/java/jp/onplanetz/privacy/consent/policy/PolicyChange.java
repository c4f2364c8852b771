package jp.onplanetz.privacy.consent.policy;

import jp.onplanetz.privacy.events.payload.ClassifiedChange;

import java.util.List;

import jp.onplanetz.privacy.events.WireCoded;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One difference between two policy versions, classified.
 *
 * @param code    the purpose, recipient or category it is about ({@code controller} for the controller)
 * @param related the second code when it links two (the category added to a purpose, the purpose added
 *                to a recipient), else null
 */
public record PolicyChange(Kind kind, Classification classification, String code, String related, String description) {

    public enum Kind implements WireCoded {
        PURPOSE_ADDED, PURPOSE_REMOVED, PURPOSE_CHANGED, PURPOSE_CATEGORY_ADDED, PURPOSE_CATEGORY_REMOVED,
        PURPOSE_NOW_THIRD_PARTY, PURPOSE_BASIS_CHANGED, RECIPIENT_ADDED, RECIPIENT_REMOVED, RECIPIENT_CHANGED,
        RECIPIENT_PURPOSE_ADDED, RECIPIENT_PURPOSE_REMOVED, CATEGORY_ADDED, CATEGORY_REMOVED, CATEGORY_CHANGED,
        CONTROLLER_CHANGED;

        @JsonValue

        @Override

        public String code() {

            return WireCoded.super.code();

        }
    }

    public enum Classification implements WireCoded {
        /** Within reasonable relevance to the old terms (APPI Art. 17(2)): subjects are told. */
        NOTICE_ONLY,
        /** Beyond it: consents that relied on the old terms stop counting until the subject consents again. */
        CONSENT_REQUIRED;

        @JsonValue

        @Override

        public String code() {

            return WireCoded.super.code();

        }
    }

    /** This change as the policy and consent events carry it. */
    public ClassifiedChange published() {
        return new ClassifiedChange(kind.code(), classification.code(), code, related, description);
    }

    public static List<ClassifiedChange> published(List<PolicyChange> changes) {
        return changes.stream().map(PolicyChange::published).toList();
    }

    public boolean requiresConsent() {
        return classification == Classification.CONSENT_REQUIRED;
    }

    /**
     * Whether this change touches a consent to {@code purpose} (and {@code recipient}), given the purposes'
     * categories before the change: such a subject is told of it.
     */
    public boolean touches(String purpose, String recipient, PolicyContent before) {
        return switch (kind) {
            case PURPOSE_ADDED, PURPOSE_REMOVED, PURPOSE_CHANGED, PURPOSE_CATEGORY_ADDED, PURPOSE_CATEGORY_REMOVED,
                    PURPOSE_NOW_THIRD_PARTY, PURPOSE_BASIS_CHANGED -> code.equals(purpose);
            case RECIPIENT_ADDED, RECIPIENT_REMOVED, RECIPIENT_CHANGED -> code.equals(recipient);
            case RECIPIENT_PURPOSE_ADDED, RECIPIENT_PURPOSE_REMOVED -> code.equals(recipient) && related.equals(purpose);
            case CATEGORY_ADDED, CATEGORY_REMOVED, CATEGORY_CHANGED -> before.purpose(purpose)
                    .map(p -> p.categories().contains(code)).orElse(false);
            case CONTROLLER_CHANGED -> true;
        };
    }

    /** Whether a consent to {@code purpose} (and {@code recipient}) stops counting because of this change. */
    public boolean voids(String purpose, String recipient, PolicyContent before) {
        return requiresConsent() && touches(purpose, recipient, before);
    }
}
