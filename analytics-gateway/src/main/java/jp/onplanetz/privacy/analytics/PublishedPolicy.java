package jp.onplanetz.privacy.analytics;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Optional;

/**
 * The part of the policy in force the gateway acts on, as {@code policy.version-published.v2} carries it: the data
 * categories (for their names), the purposes, and the recipients with the external transmissions of the modules
 * they provide. The rest of the content (controller, legal bases, DPV terms) is consent-service's to act on.
 */
public record PublishedPolicy(int versionNumber, String policyVersion, Content content) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Content(List<Category> categories, List<Purpose> purposes, List<Recipient> recipients) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Category(String code, String name) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Purpose(String code, String name) {
    }

    /** {@code externalTransmission}: null unless the recipient provides a module the site incorporates. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Recipient(String code, String name, List<String> purposes, ExternalTransmission externalTransmission) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ExternalTransmission(String module, String purpose, List<String> categories, String privacyPolicy,
            String optOut, String policyRef) {
    }

    public Optional<Recipient> recipient(String code) {
        return content.recipients().stream().filter(r -> r.code().equals(code)).findFirst();
    }

    /** A category's name in the policy; its code if the policy has none (it always has: consent-service checks). */
    public String categoryName(String code) {
        return content.categories().stream().filter(c -> c.code().equals(code)).map(Category::name).findFirst().orElse(code);
    }
}
