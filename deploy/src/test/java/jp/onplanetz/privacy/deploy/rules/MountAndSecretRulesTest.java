package jp.onplanetz.privacy.deploy.rules;

import com.fasterxml.jackson.databind.JsonNode;
import jp.onplanetz.privacy.deploy.render.Kustomize;
import jp.onplanetz.privacy.deploy.render.Overlay;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the pods may write, where the keys are, and which credentials reach which pod: the parts of the manifests
 * that must agree with the services' own configuration, which is read from their application.properties here.
 */
class MountAndSecretRulesTest {

    /** The owner of the disclosure log's database: only the migration Job may hold it (the service appends only). */
    private static final String DISCLOSURE_LOG_OWNER_SECRET = "disclosure-log-db-owner";
    private static final String MIGRATION_JOB = "disclosure-log-migrate";

    /**
     * Where a workload may write, each with its reason; every other mount is read-only. /tmp for every JVM (Vert.x'
     * file cache, multipart uploads, the JIT's temporary files); a service's Kafka Streams state directory where its
     * configuration sets one.
     */
    static Map<String, String> writablePaths(Workload w) {
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("/tmp", "the JVM's and Quarkus' temporary files");
        if (w.isService()) {
            ServiceConfiguration.of(w.name()).streamsStateDir().ifPresent(dir -> paths.put(dir,
                    "Kafka Streams' state stores (" + ServiceConfiguration.STREAMS_STATE_DIR + ")"));
        }
        return paths;
    }

    @TestFactory
    Stream<DynamicTest> only_empty_dirs_at_the_allowed_paths_are_writable() {
        return Workload.tests(w -> true, w -> {
            Map<String, String> writable = writablePaths(w);
            for (JsonNode c : w.allContainers()) {
                for (JsonNode mount : c.path("volumeMounts")) {
                    String path = mount.path("mountPath").asText();
                    JsonNode volume = w.volume(mount.path("name").asText());
                    assertThat(volume.isMissingNode()).as(c.path("name").asText() + " mounts an undefined volume "
                            + mount.path("name").asText()).isFalse();
                    if (mount.path("readOnly").asBoolean(false)) {
                        continue;
                    }
                    assertThat(volume.has("emptyDir")).as(path + " is writable, so it must be an emptyDir (or be"
                            + " mounted readOnly)").isTrue();
                    assertThat(writable).as("writable " + path + " is not where " + w.name() + " writes")
                            .containsKey(path);
                }
            }
        });
    }

    /** With a read-only root, a JVM without a writable /tmp, or Streams without its state dir, fails at run time. */
    @TestFactory
    Stream<DynamicTest> each_service_can_write_where_it_writes() {
        return Workload.tests(Workload::isService, w -> {
            for (String path : writablePaths(w).keySet()) {
                assertThat(w.containers()).as("a writable emptyDir at " + path + " (" + writablePaths(w).get(path) + ")")
                        .allMatch(c -> {
                            for (JsonNode mount : c.path("volumeMounts")) {
                                if (mount.path("mountPath").asText().equals(path)
                                        && !mount.path("readOnly").asBoolean(false)
                                        && w.volume(mount.path("name").asText()).has("emptyDir")) {
                                    return true;
                                }
                            }
                            return false;
                        });
            }
        });
    }

    /**
     * Each key file a service reads (every key-location property of its default profile) is a Secret's item, mounted
     * read-only at the file's directory, so the file is at exactly the configured path. Not a subPath mount: the
     * kubelet never updates those, and the README's key rotation relies on the update.
     */
    @TestFactory
    Stream<DynamicTest> every_key_a_service_reads_is_a_secret_mounted_read_only_at_the_configured_path() {
        return Workload.tests(Workload::isService, w -> {
            Map<String, String> keys = ServiceConfiguration.of(w.name()).keyLocations();
            for (var key : keys.entrySet()) {
                Path file = Path.of(key.getValue());
                List<String> found = new ArrayList<>();
                for (JsonNode c : w.containers()) {
                    for (JsonNode mount : c.path("volumeMounts")) {
                        if (!mount.path("mountPath").asText().equals(file.getParent().toString())) {
                            continue;
                        }
                        JsonNode secret = w.volume(mount.path("name").asText()).path("secret");
                        boolean hasItem = false;
                        for (JsonNode item : secret.path("items")) {
                            hasItem |= item.path("path").asText().equals(file.getFileName().toString());
                        }
                        if (!secret.isMissingNode() && hasItem && mount.path("readOnly").asBoolean(false)
                                && !mount.has("subPath")) {
                            found.add(c.path("name").asText());
                        }
                    }
                }
                assertThat(found).as(key.getKey() + " = " + key.getValue() + ": a readOnly mount of a Secret volume at "
                        + file.getParent() + " with an item whose path is " + file.getFileName() + ", in every container")
                        .hasSize(w.containers().size());
            }
        });
    }

    /** Guards the reading itself: a property pattern that found nothing would make the key rule pass vacuously. */
    @Test
    void the_key_locations_the_services_are_known_to_read_are_found() {
        assertThat(ServiceConfiguration.of("consent-service").keyLocations())
                .containsEntry("privacyops.consent.receipts.signing-key-location", "/etc/privacy-ops/consent/receipt-signing-key.pem");
        assertThat(ServiceConfiguration.of("disclosure-log-service").keyLocations()).containsKey(
                "privacyops.disclosure-log.ledger.checkpoint-key-location");
        assertThat(ServiceConfiguration.of("analytics-gateway").keyLocations()).containsKey(
                "privacyops.analytics.pseudonym-keys.location");
        assertThat(ServiceConfiguration.of("analytics-gateway").streamsStateDir()).isPresent();
    }

    /**
     * Production never makes its own keys: a missing key must stop the pod. The services' generate-* switches are
     * off by default and only %dev/%test turn them on, so any variable or argument naming one in prod is a mistake,
     * whatever its value.
     */
    @TestFactory
    Stream<DynamicTest> prod_enables_no_generate_fallback() {
        return Workload.tests(w -> w.overlay() == Overlay.PROD, w -> {
            for (JsonNode c : w.allContainers()) {
                for (JsonNode env : c.path("env")) {
                    assertThat(env.path("name").asText()).as(c.path("name").asText() + " env").doesNotContainIgnoringCase(
                            "GENERATE");
                    assertThat(env.path("value").asText()).as(c.path("name").asText() + " env " + env.path("name").asText())
                            .doesNotContainIgnoringCase("generate-");
                }
                List<String> words = new ArrayList<>();
                c.path("args").forEach(a -> words.add(a.asText()));
                c.path("command").forEach(a -> words.add(a.asText()));
                assertThat(words).as(c.path("name").asText() + " command and args")
                        .noneMatch(a -> a.toLowerCase(Locale.ROOT).contains("generate-"));
                for (JsonNode from : c.path("envFrom")) {
                    String configMap = from.path("configMapRef").path("name").asText("");
                    if (!configMap.isEmpty()) {
                        Kustomize.render(w.overlay()).find("ConfigMap", configMap).ifPresent(cm ->
                                cm.path("data").fieldNames().forEachRemaining(k -> {
                                    assertThat(k).as("ConfigMap " + configMap).doesNotContainIgnoringCase("GENERATE");
                                    assertThat(cm.path("data").path(k).asText()).as("ConfigMap " + configMap + " " + k)
                                            .doesNotContainIgnoringCase("generate-");
                                }));
                    }
                }
            }
        });
    }

    /**
     * The disclosure log is append-only because its service holds only the restricted role: the owner's password
     * reaches the migration Job and no other pod.
     */
    @TestFactory
    Stream<DynamicTest> only_the_migration_job_holds_the_disclosure_log_owners_secret() {
        return Workload.tests(w -> true, w -> {
            boolean references = w.template().toString().contains("\"" + DISCLOSURE_LOG_OWNER_SECRET + "\"");
            if (w.kind().equals("Job") && w.name().equals(MIGRATION_JOB)) {
                assertThat(references).as("the migration runs Flyway as the owner").isTrue();
            } else {
                assertThat(references).as(w + " references " + DISCLOSURE_LOG_OWNER_SECRET).isFalse();
            }
        });
    }
}
