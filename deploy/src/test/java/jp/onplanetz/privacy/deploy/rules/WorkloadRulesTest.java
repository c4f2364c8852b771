package jp.onplanetz.privacy.deploy.rules;

import com.fasterxml.jackson.databind.JsonNode;
import jp.onplanetz.privacy.deploy.render.Overlay;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Probes, resources and images of every workload of every overlay. */
class WorkloadRulesTest {

    /**
     * The rules below are one dynamic test per workload, so an overlay that lost a workload would pass them by
     * having nothing to check: each overlay has the four services, the migration Job and the verifier CronJob.
     */
    @ParameterizedTest
    @EnumSource(Overlay.class)
    void every_overlay_has_the_suites_workloads(Overlay overlay) {
        var workloads = Workload.of(overlay);

        assertThat(workloads.stream().filter(Workload::isService).map(Workload::name))
                .containsExactlyInAnyOrderElementsOf(Workload.SERVICES);
        assertThat(workloads).extracting(w -> w.kind() + "/" + w.name())
                .contains("Job/disclosure-log-migrate", "CronJob/ledger-verifier");
    }

    /**
     * A service is restarted when not live, taken out of its Service when not ready, and spared both while it starts
     * (migrations, Kafka Streams' restore), on the paths SmallRye Health serves, at a port the container declares.
     */
    @TestFactory
    Stream<DynamicTest> services_have_liveness_readiness_and_startup_probes_on_the_health_endpoints() {
        return Workload.tests(Workload::isService, w -> {
            for (JsonNode c : w.containers()) {
                assertProbe(c, "livenessProbe", "/q/health/live");
                assertProbe(c, "readinessProbe", "/q/health/ready");
                assertProbe(c, "startupProbe", "/q/health/started");
            }
        });
    }

    private static void assertProbe(JsonNode container, String probe, String path) {
        JsonNode get = container.path(probe).path("httpGet");
        String what = container.path("name").asText() + " " + probe;
        assertThat(get.path("path").asText()).as(what + " path").isEqualTo(path);
        JsonNode port = get.path("port");
        boolean declared = false;
        for (JsonNode p : container.path("ports")) {
            declared |= port.isInt() ? p.path("containerPort").asInt() == port.asInt()
                    : p.path("name").asText().equals(port.asText());
        }
        assertThat(declared).as(what + " port " + port + " is one of the container's ports").isTrue();
    }

    /**
     * Requests are what the scheduler reserves and the HPA's utilisation is measured against; limits keep one pod
     * from starving its node. Init containers count too (the scheduler reserves the larger of both).
     */
    @TestFactory
    Stream<DynamicTest> every_container_requests_and_limits_cpu_and_memory() {
        return Workload.tests(w -> true, w -> {
            for (JsonNode c : w.allContainers()) {
                JsonNode resources = c.path("resources");
                for (String resource : new String[] {"cpu", "memory"}) {
                    String what = c.path("name").asText() + " " + resource;
                    JsonNode request = resources.path("requests").path(resource);
                    JsonNode limit = resources.path("limits").path(resource);
                    assertThat(request.isMissingNode()).as(what + " request").isFalse();
                    assertThat(limit.isMissingNode()).as(what + " limit").isFalse();
                    assertThat(quantity(request.asText())).as(what + " request <= limit (the API server refuses more)")
                            .isLessThanOrEqualTo(quantity(limit.asText())).isPositive();
                }
            }
        });
    }

    /** A Kubernetes resource quantity ({@code 250m}, {@code 1}, {@code 1.5}, {@code 512Mi}, {@code 1G}, {@code 1e3}). */
    static BigDecimal quantity(String text) {
        var m = java.util.regex.Pattern.compile("([0-9.]+(?:[eE][-+]?[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?")
                .matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a quantity: " + text);
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String suffix = m.group(2) == null ? "" : m.group(2);
        BigDecimal factor = switch (suffix) {
            case "" -> BigDecimal.ONE;
            case "m" -> new BigDecimal("0.001");
            case "k" -> BigDecimal.TEN.pow(3);
            case "M" -> BigDecimal.TEN.pow(6);
            case "G" -> BigDecimal.TEN.pow(9);
            case "T" -> BigDecimal.TEN.pow(12);
            case "P" -> BigDecimal.TEN.pow(15);
            case "E" -> BigDecimal.TEN.pow(18);
            default -> BigDecimal.valueOf(2).pow(10 * (1 + "KMGTPE".indexOf(suffix.charAt(0))));
        };
        return number.multiply(factor);
    }

    @ParameterizedTest
    @CsvSource({"250m, 0.25", "1, 1", "1.5, 1.5", "512Mi, 536870912", "1Gi, 1073741824", "1G, 1000000000",
            "2k, 2000", "1e3, 1000"})
    void quantities_are_read_as_kubernetes_writes_them(String text, BigDecimal value) {
        assertThat(quantity(text)).isEqualByComparingTo(value);
        assertThatThrownBy(() -> quantity(text + "x")).isInstanceOf(IllegalArgumentException.class);
    }

    /** A tag says which build runs, and rolling back means changing it: never none, never latest. */
    @TestFactory
    Stream<DynamicTest> every_image_has_a_tag_that_is_not_latest() {
        return Workload.tests(w -> true, w -> {
            for (JsonNode c : w.allContainers()) {
                String image = c.path("image").asText();
                assertThat(tag(image)).as(c.path("name").asText() + " image " + image).isNotEmpty().isNotEqualTo("latest");
            }
        });
    }

    /** The tag of an image reference (after the last ':' of its last path segment, so a registry's port is not it). */
    static String tag(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        String last = withoutDigest.substring(withoutDigest.lastIndexOf('/') + 1);
        return last.contains(":") ? last.substring(last.indexOf(':') + 1) : "";
    }

    @ParameterizedTest
    @CsvSource(value = {"privacy-ops/consent-service:1.0.0, 1.0.0", "registry:5000/privacy-ops/x, ''",
            "registry:5000/privacy-ops/x:2, 2", "x:latest, latest", "x, ''", "r/x:1@sha256:ab, 1"})
    void image_tags_are_read_past_a_registry_port(String image, String tag) {
        assertThat(tag(image)).isEqualTo(tag);
    }
}
