package jp.onplanetz.privacy.events.payload;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;
import java.util.List;

/** {@code policy.version-published.v1}: a new policy version, every difference to the previous one classified. */
public record PolicyVersionPublished(String policyVersion, int versionNumber, String previousPolicyVersion,
        OffsetDateTime publishedAt, String publishedBy, String summary, String classification,
        List<ClassifiedChange> changes, @JsonInclude(JsonInclude.Include.NON_NULL) Integer affectedSubjects) {
}
