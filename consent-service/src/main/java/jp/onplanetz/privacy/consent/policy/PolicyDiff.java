package jp.onplanetz.privacy.consent.policy;

import jp.onplanetz.privacy.consent.policy.PolicyChange.Classification;
import jp.onplanetz.privacy.consent.policy.PolicyChange.Kind;
import jp.onplanetz.privacy.consent.policy.PolicyContent.LegalBasis;
import jp.onplanetz.privacy.consent.policy.PolicyContent.Purpose;
import jp.onplanetz.privacy.consent.policy.PolicyContent.Recipient;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static jp.onplanetz.privacy.consent.policy.PolicyChange.Classification.CONSENT_REQUIRED;
import static jp.onplanetz.privacy.consent.policy.PolicyChange.Classification.NOTICE_ONLY;

/**
 * Every difference between two policy versions, each classified by APPI: a change within reasonable
 * relevance to the old purposes is announced (Art. 17(2), 21(3)); anything beyond needs the subject's
 * consent again (Art. 18(1), 27(1)). Consent required:
 * <ul>
 * <li>a new purpose, or a purpose that now needs consent (nobody's consent covers it yet);</li>
 * <li>a new recipient, or a recipient newly receiving for a purpose;</li>
 * <li>a purpose that now gives data to third parties;</li>
 * <li>a new category for a purpose that rests on consent or gives data to a third party: the receipt the
 * subject holds lists the categories it agreed to, and the use must not silently outgrow it. (The issue's
 * minimum is "a category newly sent to a third party"; we hold in-house consents to their receipts too.)</li>
 * </ul>
 * Everything else (renaming, removing, narrowing, the controller's contact) is notice only.
 */
public final class PolicyDiff {

    private PolicyDiff() {
    }

    public static List<PolicyChange> between(PolicyContent before, PolicyContent after) {
        List<PolicyChange> changes = new ArrayList<>();
        if (!before.controller().equals(after.controller())) {
            changes.add(new PolicyChange(Kind.CONTROLLER_CHANGED, NOTICE_ONLY, "controller", null,
                    "the controller's name, contact or address changed"));
        }
        categories(before, after, changes);
        purposes(before, after, changes);
        recipients(before, after, changes);
        return List.copyOf(changes);
    }

    /** The strongest classification among the changes; empty when there are none. */
    public static Optional<Classification> overall(List<PolicyChange> changes) {
        if (changes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(changes.stream().anyMatch(PolicyChange::requiresConsent) ? CONSENT_REQUIRED : NOTICE_ONLY);
    }

    private static void categories(PolicyContent before, PolicyContent after, List<PolicyChange> out) {
        for (String code : union(before.categories().stream().map(PolicyContent.Category::code).toList(),
                after.categories().stream().map(PolicyContent.Category::code).toList())) {
            var b = before.category(code);
            var a = after.category(code);
            if (b.isEmpty()) {
                out.add(new PolicyChange(Kind.CATEGORY_ADDED, NOTICE_ONLY, code, null, "data category '" + code + "' added"));
            } else if (a.isEmpty()) {
                out.add(new PolicyChange(Kind.CATEGORY_REMOVED, NOTICE_ONLY, code, null, "data category '" + code + "' removed"));
            } else if (!b.get().equals(a.get())) {
                out.add(new PolicyChange(Kind.CATEGORY_CHANGED, NOTICE_ONLY, code, null,
                        "data category '" + code + "' renamed or remapped"));
            }
        }
    }

    private static void purposes(PolicyContent before, PolicyContent after, List<PolicyChange> out) {
        for (String code : union(before.purposes().stream().map(Purpose::code).toList(),
                after.purposes().stream().map(Purpose::code).toList())) {
            Optional<Purpose> b = before.purpose(code);
            Optional<Purpose> a = after.purpose(code);
            if (b.isEmpty()) {
                out.add(new PolicyChange(Kind.PURPOSE_ADDED, CONSENT_REQUIRED, code, null, "new purpose '" + code + "'"));
                continue;
            }
            if (a.isEmpty()) {
                out.add(new PolicyChange(Kind.PURPOSE_REMOVED, NOTICE_ONLY, code, null,
                        "purpose '" + code + "' removed: data is no longer used for it"));
                continue;
            }
            Purpose old = b.get();
            Purpose now = a.get();
            if (!old.thirdParty() && now.thirdParty()) {
                out.add(new PolicyChange(Kind.PURPOSE_NOW_THIRD_PARTY, CONSENT_REQUIRED, code, null,
                        "purpose '" + code + "' now gives data to third parties"));
            }
            if (old.legalBasis() != now.legalBasis()) {
                boolean nowNeedsConsent = now.legalBasis() == LegalBasis.CONSENT;
                out.add(new PolicyChange(Kind.PURPOSE_BASIS_CHANGED, nowNeedsConsent ? CONSENT_REQUIRED : NOTICE_ONLY,
                        code, null, "purpose '" + code + "' now rests on " + now.legalBasis().code()));
            }
            boolean consentScoped = now.legalBasis() == LegalBasis.CONSENT || now.thirdParty();
            for (String c : now.categories()) {
                if (!old.categories().contains(c)) {
                    out.add(new PolicyChange(Kind.PURPOSE_CATEGORY_ADDED, consentScoped ? CONSENT_REQUIRED : NOTICE_ONLY,
                            code, c, (now.thirdParty() ? "third-party purpose '" : "purpose '") + code
                                    + "' now also uses '" + c + "'"));
                }
            }
            for (String c : old.categories()) {
                if (!now.categories().contains(c)) {
                    out.add(new PolicyChange(Kind.PURPOSE_CATEGORY_REMOVED, NOTICE_ONLY, code, c,
                            "purpose '" + code + "' no longer uses '" + c + "'"));
                }
            }
            if (!Objects.equals(old.name(), now.name()) || !Objects.equals(old.dpv(), now.dpv())
                    || !Objects.equals(old.policyRef(), now.policyRef()) || (old.thirdParty() && !now.thirdParty())) {
                out.add(new PolicyChange(Kind.PURPOSE_CHANGED, NOTICE_ONLY, code, null,
                        "purpose '" + code + "' reworded or narrowed"));
            }
        }
    }

    private static void recipients(PolicyContent before, PolicyContent after, List<PolicyChange> out) {
        for (String code : union(before.recipients().stream().map(Recipient::code).toList(),
                after.recipients().stream().map(Recipient::code).toList())) {
            Optional<Recipient> b = before.recipient(code);
            Optional<Recipient> a = after.recipient(code);
            if (b.isEmpty()) {
                out.add(new PolicyChange(Kind.RECIPIENT_ADDED, CONSENT_REQUIRED, code, null, "new recipient '" + code + "'"));
                continue;
            }
            if (a.isEmpty()) {
                out.add(new PolicyChange(Kind.RECIPIENT_REMOVED, NOTICE_ONLY, code, null,
                        "recipient '" + code + "' no longer receives data"));
                continue;
            }
            for (String p : a.get().purposes()) {
                if (!b.get().purposes().contains(p)) {
                    out.add(new PolicyChange(Kind.RECIPIENT_PURPOSE_ADDED, CONSENT_REQUIRED, code, p,
                            "recipient '" + code + "' now receives data for '" + p + "'"));
                }
            }
            for (String p : b.get().purposes()) {
                if (!a.get().purposes().contains(p)) {
                    out.add(new PolicyChange(Kind.RECIPIENT_PURPOSE_REMOVED, NOTICE_ONLY, code, p,
                            "recipient '" + code + "' no longer receives data for '" + p + "'"));
                }
            }
            // What a module sends is bounded by the recipient's purposes (PolicyContent.violations): a change of its
            // notice tells subjects more, it widens nothing they consented to.
            if (!Objects.equals(b.get().name(), a.get().name()) || !Objects.equals(b.get().address(), a.get().address())
                    || !Objects.equals(b.get().representative(), a.get().representative())
                    || !Objects.equals(b.get().externalTransmission(), a.get().externalTransmission())) {
                out.add(new PolicyChange(Kind.RECIPIENT_CHANGED, NOTICE_ONLY, code, null,
                        "recipient '" + code + "': name, address, representative or external transmission changed"));
            }
        }
    }

    private static Set<String> union(List<String> a, List<String> b) {
        Set<String> s = new TreeSet<>(a);
        s.addAll(b);
        return s;
    }
}
