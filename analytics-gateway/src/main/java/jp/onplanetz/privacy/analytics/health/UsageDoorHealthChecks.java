package jp.onplanetz.privacy.analytics.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jp.onplanetz.privacy.analytics.events.UsageDoor;
import jp.onplanetz.privacy.analytics.events.UsageDoorLauncher;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * The Kafka door's health: not ready while it cannot make progress (a batch or a claim being retried after the
 * database or the broker failed: the gateway then takes no usage events from the topic), not alive once its thread
 * has ended, which only a restart mends.
 */
@ApplicationScoped
public class UsageDoorHealthChecks {

    static final String NAME = "Usage events door (Kafka) health check";

    private final UsageDoorLauncher door;

    public UsageDoorHealthChecks(UsageDoorLauncher door) {
        this.door = door;
    }

    @Produces
    @Readiness
    @ApplicationScoped
    HealthCheck progressing() {
        return () -> {
            UsageDoor.Status s = door.status();
            HealthCheckResponseBuilder r = HealthCheckResponse.named(NAME).status(s.running() && s.stalledBecause() == null);
            return s.stalledBecause() == null ? r.build() : r.withData("stalled", s.stalledBecause()).build();
        };
    }

    @Produces
    @Liveness
    @ApplicationScoped
    HealthCheck alive() {
        return () -> HealthCheckResponse.named(NAME).status(!door.status().died()).build();
    }
}
