package jp.onplanetz.privacy.analytics.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Placeholder for the statistics' counting feed, which is written on another branch; drop this file on merge. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ContributionFeed {

    public void retract(String consentSubject, String reason) {
        // replaced by the real feed on merge
    }
}
