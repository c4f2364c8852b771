package jp.onplanetz.privacy.consent.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;
import jp.onplanetz.privacy.consent.ConsentRecord;
import jp.onplanetz.privacy.consent.decision.ConsentProjection;
import jp.onplanetz.privacy.consent.decision.ConsentState;
import jp.onplanetz.privacy.consent.repository.ConsentRepository;
import jp.onplanetz.privacy.consent.repository.PolicyRepository;

import java.util.ArrayList;
import java.util.List;

/**
 * Fills the decision projection from the database (at start, and again after the event stream was
 * interrupted), and applies this replica's own changes the moment they commit.
 */
@ApplicationScoped
public class ProjectionLoader {

    private final ConsentProjection projection;
    private final ConsentRepository consents;
    private final PolicyRepository policies;

    public ProjectionLoader(ConsentProjection projection, ConsentRepository consents, PolicyRepository policies) {
        this.projection = projection;
        this.consents = consents;
        this.policies = policies;
    }

    /** Replaces the projection with the database's state: the newest policy version and every consent. */
    @Transactional
    public int loadAll() {
        policies.latest().map(PolicyService::snapshot).ifPresent(projection::policy);
        List<ConsentState> states = new ArrayList<>();
        try (var all = consents.everyConsent()) {
            all.map(ConsentRecord::toState).forEach(states::add);
        }
        projection.replaceConsents(states);
        return states.size();
    }

    /** Reads the newest policy version after an announcement of one. */
    @Transactional
    public void refreshPolicy() {
        policies.latest().map(PolicyService::snapshot).ifPresent(projection::policy);
    }

    void onConsentChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ConsentChanged changed) {
        projection.applyAll(changed.states());
    }

    void onPolicyPublished(@Observes(during = TransactionPhase.AFTER_SUCCESS) PolicyPublished published) {
        projection.policy(published.version());
    }
}
