package jp.onplanetz.privacy.deploy.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.onplanetz.privacy.deploy.render.Kustomize;
import jp.onplanetz.privacy.deploy.render.Overlay;
import jp.onplanetz.privacy.events.EventCatalogue;
import jp.onplanetz.privacy.events.TopicSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a platform team applies holds every topic of the event catalogue as a Strimzi KafkaTopic, with the catalogue's
 * partitions, retention and cleanup policy, and the overlay's replication: one broker on a laptop, three in prod
 * with two in sync for every acknowledged write.
 */
class RenderedKafkaTopicsTest {

    @ParameterizedTest(name = "{0}: replicas {1}, min.insync.replicas {2}")
    @CsvSource({"LOCAL, 1, 1", "PROD, 3, 2"})
    void theRenderedTopicsAreTheCataloguesTopics(Overlay overlay, int replicas, int minInsync) {
        List<ObjectNode> rendered = Kustomize.render(overlay).ofKind("KafkaTopic");

        Map<String, Map<String, Object>> actual = new TreeMap<>();
        for (ObjectNode topic : rendered) {
            assertThat(topic.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
            assertThat(topic.at("/metadata/namespace").asText()).isEqualTo("privacy-ops");
            assertThat(topic.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(KafkaAccess.CLUSTER);
            String name = topic.at("/spec/topicName").asText();
            assertThat(topic.at("/metadata/name").asText()).isEqualTo(name);
            assertThat(actual.put(name, settings(topic.path("spec")))).as("%s rendered twice", name).isNull();
        }

        Map<String, Map<String, Object>> expected = new TreeMap<>();
        for (TopicSpec spec : EventCatalogue.topics()) {
            expected.put(spec.name(), Map.of("partitions", spec.partitions(), "replicas", replicas,
                    "config", Map.of("cleanup.policy", spec.cleanupPolicy(),
                            "retention.ms", Long.toString(spec.retentionMs()),
                            "min.insync.replicas", Integer.toString(minInsync))));
        }
        assertThat(actual).isEqualTo(expected);
    }

    /** A topic's spec as comparable values (Strimzi takes a config value as string or number alike). */
    private static Map<String, Object> settings(JsonNode spec) {
        Map<String, Object> config = new HashMap<>();
        spec.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        Map<String, Object> settings = new HashMap<>();
        spec.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("topicName") && !e.getKey().equals("config")) {
                settings.put(e.getKey(), e.getValue().isInt() ? e.getValue().asInt() : e.getValue().toString());
            }
        });
        settings.put("config", config);
        return settings;
    }
}
