package jp.onplanetz.privacy.consent.service;

import jp.onplanetz.privacy.consent.decision.PolicySnapshot;

/** Fired inside the publishing transaction; observed after commit, like {@link ConsentChanged}. */
public record PolicyPublished(PolicySnapshot version) {
}
