package jp.onplanetz.privacy.events.payload;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;
import java.util.List;

/** {@code policy.version-published.v2}: {@link PolicyVersionPublished} with the version's content in full. */
public record PolicyVersionPublishedV2(String policyVersion, int versionNumber, String previousPolicyVersion,
        OffsetDateTime publishedAt, String publishedBy, String summary, String classification,
        List<ClassifiedChange> changes, @JsonInclude(JsonInclude.Include.NON_NULL) Integer affectedSubjects,
        Content content) {

    /** The announcement with its content: the same version, the same fields. */
    public static PolicyVersionPublishedV2 of(PolicyVersionPublished v1, Content content) {
        return new PolicyVersionPublishedV2(v1.policyVersion(), v1.versionNumber(), v1.previousPolicyVersion(),
                v1.publishedAt(), v1.publishedBy(), v1.summary(), v1.classification(), v1.changes(),
                v1.affectedSubjects(), content);
    }

    /** The policy version's content as published. */
    public record Content(Controller controller, List<Category> categories, List<Purpose> purposes,
            List<Recipient> recipients) {
    }

    public record Controller(String name, String contact, String address) {
    }

    public record Category(String code, String name, String dpv) {
    }

    /** @param legalBasis {@code consent} or {@code contract} */
    public record Purpose(String code, String name, String legalBasis, boolean thirdParty, List<String> categories,
            String dpv, String policyRef) {
    }

    public record Recipient(String code, String name, String address, String representative, List<String> purposes,
            @JsonInclude(JsonInclude.Include.NON_NULL) ExternalTransmission externalTransmission) {
    }

    /** What a module the site incorporates sends to its provider (APPI Art. 27(5) notice), and how to opt out. */
    public record ExternalTransmission(String module, String purpose, List<String> categories, String privacyPolicy,
            String optOut, String policyRef) {
    }
}
