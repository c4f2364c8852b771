package jp.onplanetz.privacy.consent.decision;

import jp.onplanetz.privacy.consent.policy.PolicyContent;

/** A published policy version as decisions see it: its number, its hash (identity) and its content. */
public record PolicySnapshot(int number, String hash, PolicyContent content) {
}
