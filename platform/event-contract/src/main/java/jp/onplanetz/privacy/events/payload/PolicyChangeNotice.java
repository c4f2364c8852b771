package jp.onplanetz.privacy.events.payload;

import java.util.List;
import java.util.UUID;

/**
 * {@code policy.change-notice.v1}: a published change touches this subject's consents.
 *
 * @param action {@code notify} or {@code reconsent}
 */
public record PolicyChangeNotice(String subjectId, String policyVersion, String previousPolicyVersion, String action,
        List<ClassifiedChange> changes, List<UUID> consentsNeedingRenewal) {
}
