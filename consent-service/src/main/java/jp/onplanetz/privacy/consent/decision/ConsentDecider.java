package jp.onplanetz.privacy.consent.decision;

import jp.onplanetz.privacy.consent.decision.Decision.Basis;
import jp.onplanetz.privacy.consent.decision.Decision.Reason;
import jp.onplanetz.privacy.consent.policy.PolicyContent;
import jp.onplanetz.privacy.consent.policy.PolicyContent.LegalBasis;
import jp.onplanetz.privacy.consent.policy.PolicyContent.Purpose;
import jp.onplanetz.privacy.consent.policy.PolicyContent.Recipient;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The purpose decision, as a pure function of the published policy, the subject's open consent for the
 * purpose (and recipient) and the time. It fails closed: whatever it cannot positively justify is DENY.
 * The same function serves the fast in-memory check and the locked check inside a recorded use.
 */
public final class ConsentDecider {

    private ConsentDecider() {
    }

    /** The category items requested codes stand for (groups expanded, in order, once each), or the first unknown code. */
    public record Expansion(List<String> items, String unknown) {
    }

    public static Expansion expand(PolicyContent content, List<String> requestedCategories) {
        Set<String> items = new LinkedHashSet<>();
        for (String requested : requestedCategories) {
            List<String> expanded = content.expandCategory(requested);
            if (expanded.isEmpty()) {
                return new Expansion(List.of(), requested);
            }
            items.addAll(expanded);
        }
        return new Expansion(List.copyOf(items), null);
    }

    public static Decision unknownCategory(Expansion expansion, String policyVersion) {
        return Decision.deny(Reason.UNKNOWN_CATEGORY, "category '" + expansion.unknown() + "' is not in the published policy",
                policyVersion, null);
    }

    /**
     * @param requestedCategories category items or groups (e.g. {@code profile} for all profile items); not empty
     * @param consent             the subject's open consent for exactly this purpose and recipient, if any
     */
    public static Decision decide(PolicySnapshot policy, String purposeCode, List<String> requestedCategories,
            String recipientCode, Optional<ConsentState> consent, Instant now) {
        if (policy == null) {
            return Decision.deny(Reason.NO_POLICY, "no policy version is published", null, null);
        }
        String version = policy.hash();
        PolicyContent content = policy.content();
        Optional<Purpose> found = content.purpose(purposeCode);
        if (found.isEmpty()) {
            return Decision.deny(Reason.UNKNOWN_PURPOSE, "purpose '" + purposeCode + "' is not in the published policy", version, null);
        }
        Purpose purpose = found.get();

        Expansion expansion = expand(content, requestedCategories);
        if (expansion.unknown() != null) {
            return unknownCategory(expansion, version);
        }
        List<String> items = expansion.items();
        for (String item : items) {
            if (!purpose.categories().contains(item)) {
                return Decision.deny(Reason.CATEGORY_NOT_COVERED,
                        "purpose '" + purposeCode + "' does not use category '" + item + "'", version, null);
            }
        }

        if (purpose.thirdParty()) {
            if (recipientCode == null) {
                return Decision.deny(Reason.RECIPIENT_REQUIRED, "purpose '" + purposeCode + "' gives data to a third party: name the recipient", version, null);
            }
            Optional<Recipient> recipient = content.recipient(recipientCode);
            if (recipient.isEmpty()) {
                return Decision.deny(Reason.UNKNOWN_RECIPIENT, "recipient '" + recipientCode + "' is not in the published policy", version, null);
            }
            if (!recipient.get().purposes().contains(purposeCode)) {
                return Decision.deny(Reason.RECIPIENT_NOT_ALLOWED,
                        "recipient '" + recipientCode + "' does not receive data for '" + purposeCode + "'", version, null);
            }
        } else if (recipientCode != null) {
            return Decision.deny(Reason.PURPOSE_HAS_NO_RECIPIENTS, "purpose '" + purposeCode + "' gives no data to third parties", version, null);
        }

        List<String> categories = items;
        if (purpose.legalBasis() == LegalBasis.CONTRACT) {
            return new Decision(true, Reason.CONTRACT, "purpose '" + purposeCode + "' provides the contracted service",
                    Basis.CONTRACT, null, version, categories);
        }
        if (consent.isEmpty() || !consent.get().isOpen()) {
            return Decision.deny(Reason.NO_CONSENT, "the subject has not consented to '" + purposeCode + "'"
                    + (recipientCode == null ? "" : " for '" + recipientCode + "'"), version, null);
        }
        ConsentState c = consent.get();
        if (c.state() == ConsentState.State.RECONSENT_REQUIRED) {
            return Decision.deny(Reason.RECONSENT_REQUIRED, "the policy changed beyond what the subject agreed to; the consent counts again only once renewed",
                    version, c.consentId());
        }
        if (c.expiresAt() != null && !now.isBefore(c.expiresAt())) {
            return Decision.deny(Reason.CONSENT_EXPIRED, "the consent expired at " + c.expiresAt(), version, c.consentId());
        }
        for (String item : categories) {
            if (!c.categories().contains(item)) {
                return Decision.deny(Reason.CATEGORY_NOT_CONSENTED, "the consent does not cover category '" + item + "'",
                        version, c.consentId());
            }
        }
        return new Decision(true, Reason.CONSENT_GIVEN, "consent " + c.consentId() + " covers the use", Basis.CONSENT,
                c.consentId(), version, categories);
    }
}
