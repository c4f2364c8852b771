package jp.onplanetz.privacy.deploy.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import jp.onplanetz.privacy.deploy.render.Kustomize;
import jp.onplanetz.privacy.deploy.render.Overlay;
import jp.onplanetz.privacy.disclosurelog.ledger.cli.Options;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger verifier's CronJob runs a command line the verifier accepts ({@link Options}), reads the topic its
 * KafkaUser may read, over the cluster's SASL_SSL listener, with the client settings of a mounted ConfigMap and the
 * JAAS configuration (the password) from its KafkaUser's Secret: what {@link RenderedAclsOnARealBrokerTest} shows the
 * verifier doing against a broker, with the cluster's names.
 */
class LedgerVerifierCronJobTest {

    private static final KafkaAccess ACCESS = KafkaAccess.derive(Kustomize.deployDir().getParent());

    @ParameterizedTest
    @EnumSource(Overlay.class)
    void theCronJobReadsTheCheckpointsAsItsKafkaUserMay(Overlay overlay) throws Exception {
        Kustomize.Rendered rendered = Kustomize.render(overlay);
        JsonNode pod = rendered.get("CronJob", KafkaAccess.LEDGER_VERIFIER).at("/spec/jobTemplate/spec/template/spec");
        JsonNode container = pod.at("/containers/0");
        List<String> args = new ArrayList<>();
        // $(VAR) is Kubernetes' substitution from the container's env: any value will do for parsing
        container.path("args").forEach(a -> args.add(a.asText().replaceAll("\\$\\(([A-Z_]+)\\)", "value-of-$1")));

        Options options = Options.parse(args.toArray(String[]::new),
                Map.of(Options.KAFKA_SASL_JAAS_CONFIG, "from-the-secret"));

        assertThat(options.checkpoints()).isEqualTo(Options.CheckpointSource.KAFKA);
        assertThat(options.bootstrapServers()).isEqualTo("privacy-ops-kafka-bootstrap:9093");
        assertThat(ACCESS.of(KafkaAccess.LEDGER_VERIFIER).readTopics()).containsExactly(options.topic());

        JsonNode jaas = env(container, Options.KAFKA_SASL_JAAS_CONFIG).at("/valueFrom/secretKeyRef");
        assertThat(jaas.path("name").asText()).as("the Secret Strimzi writes for the KafkaUser")
                .isEqualTo(KafkaAccess.LEDGER_VERIFIER);
        assertThat(jaas.path("key").asText()).isEqualTo("sasl.jaas.config");
        rendered.get("KafkaUser", KafkaAccess.LEDGER_VERIFIER);

        Properties settings = new Properties();
        settings.load(new StringReader(configMapFile(rendered, pod, container, options.kafkaConfig())));
        assertThat(settings).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .doesNotContainKeys("sasl.jaas.config", "bootstrap.servers", "group.id");
    }

    private static JsonNode env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (name.equals(e.path("name").asText())) {
                return e;
            }
        }
        throw new AssertionError("the container has no env " + name);
    }

    /** The content of a file the container sees at {@code path}, from the ConfigMap volume mounted there. */
    private static String configMapFile(Kustomize.Rendered rendered, JsonNode pod, JsonNode container, Path path) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (!Path.of(mount.path("mountPath").asText()).equals(path.getParent())) {
                continue;
            }
            assertThat(mount.path("readOnly").asBoolean()).as("mounted read-only").isTrue();
            for (JsonNode volume : pod.path("volumes")) {
                if (volume.path("name").asText().equals(mount.path("name").asText())) {
                    String configMap = volume.at("/configMap/name").asText();
                    JsonNode data = rendered.get("ConfigMap", configMap).at("/data/" + path.getFileName());
                    assertThat(data.isTextual()).as("%s in ConfigMap %s", path.getFileName(), configMap).isTrue();
                    return data.asText();
                }
            }
        }
        throw new AssertionError("nothing is mounted at " + path.getParent());
    }
}
