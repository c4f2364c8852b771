package jp.onplanetz.privacy.analytics;

import jp.onplanetz.privacy.events.payload.PolicyVersionPublishedV2;

import java.util.Optional;

/**
 * The policy in force, as {@code policy.version-published.v2} carried it. The gateway acts on the data categories
 * (for their names), the purposes, and the recipients with the external transmissions of the modules they provide;
 * the rest of the content (controller, legal bases, DPV terms) is consent-service's to act on.
 */
public record PublishedPolicy(int versionNumber, String policyVersion, PolicyVersionPublishedV2.Content content) {

    public Optional<PolicyVersionPublishedV2.Recipient> recipient(String code) {
        return content.recipients().stream().filter(r -> r.code().equals(code)).findFirst();
    }

    /** A category's name in the policy; its code if the policy has none (it always has: consent-service checks). */
    public String categoryName(String code) {
        return content.categories().stream().filter(c -> c.code().equals(code)).map(PolicyVersionPublishedV2.Category::name)
                .findFirst().orElse(code);
    }
}
