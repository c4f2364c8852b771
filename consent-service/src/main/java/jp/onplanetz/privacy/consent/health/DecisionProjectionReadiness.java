package jp.onplanetz.privacy.consent.health;

import jakarta.enterprise.context.ApplicationScoped;
import jp.onplanetz.privacy.consent.decision.ConsentProjection;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the decision projection is loaded: before that every decision would be a DENY. */
@Readiness
@ApplicationScoped
public class DecisionProjectionReadiness implements HealthCheck {

    private final ConsentProjection projection;

    public DecisionProjectionReadiness(ConsentProjection projection) {
        this.projection = projection;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("decision-projection").status(projection.isLoaded() && projection.policy().isPresent())
                .withData("subjects", projection.subjectCount()).build();
    }
}
