package jp.onplanetz.privacy.analytics;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jp.onplanetz.privacy.testinfra.ServiceBasicsContract;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

@QuarkusTest
class AnalyticsGatewayBasicsTest extends ServiceBasicsContract {

    @Inject
    KafkaStreams streams;

    /** Quarkus starts the counting's Streams just after the application; until then liveness and readiness are DOWN. */
    @BeforeEach
    void countingHasStarted() {
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.state().isRunningOrRebalancing());
    }

    @Override
    protected String protectedPath() {
        return "/api/v1/consent-projection/someone";
    }

    @Override
    protected int port() {
        return io.restassured.RestAssured.port;
    }
}
