package jp.onplanetz.privacy.events.payload;

/**
 * One difference between two policy versions, as the policy events carry it.
 *
 * @param kind           what changed, e.g. {@code purpose-category-added}
 * @param classification {@code notice-only} or {@code consent-required}
 * @param code           the purpose, recipient or category the change is about
 * @param related        the second code when the change links two, else null
 */
public record ClassifiedChange(String kind, String classification, String code, String related, String description) {
}
