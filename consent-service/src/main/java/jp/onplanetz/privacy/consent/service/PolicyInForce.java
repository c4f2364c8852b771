package jp.onplanetz.privacy.consent.service;

import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.consent.decision.ConsentProjection;
import jp.onplanetz.privacy.consent.decision.PolicySnapshot;
import jp.onplanetz.privacy.consent.repository.PolicyRepository;

import java.util.Optional;

/**
 * The newest published policy version for writers (grants, recorded uses): the projection's parsed copy,
 * unless the database already has a newer one (published a moment ago through another replica). One cheap
 * query instead of reading and parsing the version's content on every write.
 */
@ApplicationScoped
public class PolicyInForce {

    private final ConsentProjection projection;
    private final PolicyRepository policies;

    public PolicyInForce(ConsentProjection projection, PolicyRepository policies) {
        this.projection = projection;
        this.policies = policies;
    }

    /** Call inside the writer's transaction. */
    public Optional<PolicySnapshot> get() {
        Optional<PolicySnapshot> known = projection.policy();
        Integer newest = policies.latestNumber();
        if (known.isPresent() && newest != null && known.get().number() == newest) {
            return known;
        }
        return policies.latest().map(PolicyService::snapshot);
    }
}
