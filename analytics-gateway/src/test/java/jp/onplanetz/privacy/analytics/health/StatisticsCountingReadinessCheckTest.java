package jp.onplanetz.privacy.analytics.health;

import jp.onplanetz.privacy.testinfra.SuiteInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The readiness check against a real Kafka Streams client on the suite's broker, driven through the states that
 * matter: not started, counting, and dead after a record it cannot process, as the gateway's counting dies when its
 * state no longer matches the broker's.
 */
class StatisticsCountingReadinessCheckTest {

    @TempDir
    Path state;

    private KafkaStreams streams(String topic, String applicationId) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, SuiteInfrastructure.get().kafka().bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topic, Consumed.with(Serdes.String(), Serdes.String())).foreach((key, value) -> {
            if (value.equals("poison")) {
                throw new IllegalStateException("a record the counting cannot take");
            }
        });
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        // what the gateway's Streams do with an error they cannot recover from: stop the client (state ERROR)
        streams.setUncaughtExceptionHandler(e -> StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        return streams;
    }

    private static void assertReadiness(StatisticsCountingReadinessCheck check, HealthCheckResponse.Status status,
            KafkaStreams.State state) {
        HealthCheckResponse response = check.call();
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getData()).isPresent();
        assertThat(response.getData().get()).containsEntry("state", state.name());
    }

    @Test
    void readinessIsUpWhileTheStreamsCountAndDownOnceTheyDie() {
        String topic = "readiness-check-" + UUID.randomUUID();
        SuiteInfrastructure.get().kafka().createTopic(topic, 1);
        try (KafkaStreams streams = streams(topic, "readiness-check-" + UUID.randomUUID())) {
            StatisticsCountingReadinessCheck check = new StatisticsCountingReadinessCheck(streams);
            assertReadiness(check, HealthCheckResponse.Status.DOWN, KafkaStreams.State.CREATED);

            streams.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
            assertReadiness(check, HealthCheckResponse.Status.UP, KafkaStreams.State.RUNNING);

            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SuiteInfrastructure.get().kafka().bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
                producer.send(new ProducerRecord<>(topic, "k", "poison"));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.ERROR);
            assertReadiness(check, HealthCheckResponse.Status.DOWN, KafkaStreams.State.ERROR);
        }
    }

    @Test
    void readinessIsDownOnceTheStreamsAreClosed() {
        String topic = "readiness-check-" + UUID.randomUUID();
        SuiteInfrastructure.get().kafka().createTopic(topic, 1);
        KafkaStreams streams = streams(topic, "readiness-check-" + UUID.randomUUID());
        StatisticsCountingReadinessCheck check = new StatisticsCountingReadinessCheck(streams);
        streams.close();
        assertReadiness(check, HealthCheckResponse.Status.DOWN, KafkaStreams.State.NOT_RUNNING);
    }
}
