package jp.onplanetz.privacy.analytics.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the statistics are counted: Kafka Streams RUNNING or REBALANCING. In any other state (not yet
 * started, PENDING_ERROR, ERROR, PENDING_SHUTDOWN, NOT_RUNNING) the gateway still takes usage events but counts none
 * of them, and its releases would be made of totals that no longer move. Quarkus's own check of the Streams' state
 * is a liveness check only and its readiness check looks at the topics alone: this one is what makes readiness (and
 * with it the local stack's start) say that counting has stopped.
 */
@Readiness
@ApplicationScoped
public class StatisticsCountingReadinessCheck implements HealthCheck {

    static final String NAME = "Statistics counting (Kafka Streams) health check";

    private final KafkaStreams streams;

    public StatisticsCountingReadinessCheck(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = streams.state();
        return HealthCheckResponse.named(NAME).status(state.isRunningOrRebalancing()).withData("state", state.name()).build();
    }
}
