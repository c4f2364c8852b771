package jp.onplanetz.privacy.deploy.rules;

import com.fasterxml.jackson.databind.JsonNode;
import jp.onplanetz.privacy.deploy.network.NetworkPolicyEvaluator;
import jp.onplanetz.privacy.deploy.render.Kustomize;
import jp.onplanetz.privacy.deploy.render.Overlay;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each service Deployment comes with: a disruption budget, an autoscaler bounded by its topics' partitions,
 * spread, a Service that selects only its pods and a ServiceMonitor that selects only that Service. Selectors are
 * checked by the labels they select, not by their text: a selector that also picks another service's pods is wrong
 * even when it looks right.
 */
class ServiceResourcesTest {

    private static boolean selects(JsonNode selector, Map<String, String> labels) {
        return NetworkPolicyEvaluator.selects(selector, labels);
    }

    /** The Deployments whose pod labels a selector picks. */
    private static List<String> deploymentsSelectedBy(Overlay overlay, JsonNode selector) {
        return Workload.of(overlay).stream().filter(w -> w.kind().equals("Deployment"))
                .filter(w -> selects(selector, w.podLabels())).map(Workload::name).toList();
    }

    private static List<JsonNode> targeting(Workload w, String kind) {
        return Kustomize.render(w.overlay()).ofKind(kind).stream()
                .filter(d -> selects(d.path("spec").path("selector"), w.podLabels())).map(d -> (JsonNode) d).toList();
    }

    @TestFactory
    Stream<DynamicTest> each_service_has_a_disruption_budget_over_its_own_pods_only() {
        return Workload.tests(Workload::isService, w -> {
            List<JsonNode> budgets = targeting(w, "PodDisruptionBudget");
            assertThat(budgets).as("PodDisruptionBudgets selecting its pods").hasSize(1);
            JsonNode selector = budgets.get(0).path("spec").path("selector");
            assertThat(selector.size()).as("an empty selector selects every pod").isPositive();
            assertThat(deploymentsSelectedBy(w.overlay(), selector)).containsExactly(w.name());
        });
    }

    /**
     * Each replica joins every consumer group of the service; a replica beyond the smallest partition count among
     * the topics it consumes (EventCatalogue) would sit idle in that group, so the autoscaler never goes past it.
     */
    @TestFactory
    Stream<DynamicTest> each_service_has_an_autoscaler_never_above_its_topics_partitions() {
        return Workload.tests(Workload::isService, w -> {
            List<JsonNode> autoscalers = Kustomize.render(w.overlay()).ofKind("HorizontalPodAutoscaler").stream()
                    .filter(h -> h.path("spec").path("scaleTargetRef").path("kind").asText().equals("Deployment")
                            && h.path("spec").path("scaleTargetRef").path("name").asText().equals(w.name()))
                    .map(h -> (JsonNode) h).toList();
            assertThat(autoscalers).as("HorizontalPodAutoscalers of Deployment " + w.name()).hasSize(1);
            JsonNode hpa = autoscalers.get(0);
            assertThat(hpa.path("apiVersion").asText()).isEqualTo("autoscaling/v2");
            assertThat(hpa.path("spec").path("scaleTargetRef").path("apiVersion").asText()).isEqualTo("apps/v1");
            int max = hpa.path("spec").path("maxReplicas").asInt();
            int partitions = ServiceConfiguration.of(w.name()).smallestConsumedPartitionCount();
            assertThat(max).as("maxReplicas (it consumes " + ServiceConfiguration.of(w.name()).consumedTopics() + ")")
                    .isLessThanOrEqualTo(partitions);
            assertThat(hpa.path("spec").path("minReplicas").asInt(1)).as("minReplicas").isBetween(1, max);
        });
    }

    /**
     * Production keeps serving through a node's loss or a rolling update: at least two pods. The Deployments leave
     * their replicas to the autoscaler (a replicas field would reset the count on each apply), so its minReplicas is
     * the floor; a replicas field, if there is one, must not undercut it.
     */
    @TestFactory
    Stream<DynamicTest> prod_runs_at_least_two_replicas_of_each_service() {
        return Workload.tests(w -> w.isService() && w.overlay() == Overlay.PROD, w -> {
            JsonNode replicas = w.resource().path("spec").path("replicas");
            if (!replicas.isMissingNode()) {
                assertThat(replicas.asInt()).as("replicas").isGreaterThanOrEqualTo(2);
            }
            var hpa = Kustomize.render(w.overlay()).ofKind("HorizontalPodAutoscaler").stream()
                    .filter(h -> h.path("spec").path("scaleTargetRef").path("name").asText().equals(w.name()))
                    .findFirst();
            assertThat(hpa).as("an autoscaler").isPresent();
            assertThat(hpa.get().path("spec").path("minReplicas").asInt(1)).as("minReplicas").isGreaterThanOrEqualTo(2);
        });
    }

    @TestFactory
    Stream<DynamicTest> each_service_spreads_its_own_pods_over_nodes() {
        return Workload.tests(Workload::isService, w -> {
            JsonNode constraints = w.podSpec().path("topologySpreadConstraints");
            assertThat(constraints.size()).as("topologySpreadConstraints").isPositive();
            List<String> keys = new ArrayList<>();
            for (JsonNode c : constraints) {
                keys.add(c.path("topologyKey").asText());
                JsonNode selector = c.path("labelSelector");
                assertThat(selector.size()).as("a spread constraint without a labelSelector counts no pods").isPositive();
                assertThat(deploymentsSelectedBy(w.overlay(), selector)).as(c.path("topologyKey").asText())
                        .containsExactly(w.name());
            }
            assertThat(keys).contains("kubernetes.io/hostname");
        });
    }

    /** Every Service with a selector sends to exactly one Deployment's pods, at a port those pods declare. */
    @TestFactory
    Stream<DynamicTest> each_service_selects_exactly_one_deployments_pods_at_a_declared_port() {
        return Stream.of(Overlay.values()).flatMap(overlay -> Kustomize.render(overlay).ofKind("Service").stream()
                .filter(s -> s.path("spec").has("selector"))
                .map(s -> DynamicTest.dynamicTest(overlay + " Service/" + s.path("metadata").path("name").asText(), () -> {
                    JsonNode selector = s.path("spec").path("selector");
                    assertThat(selector.size()).as("an empty selector").isPositive();
                    var selected = Workload.of(overlay).stream().filter(w -> w.kind().equals("Deployment"))
                            .filter(w -> Workload.strings(selector).entrySet().stream()
                                    .allMatch(e -> e.getValue().equals(w.podLabels().get(e.getKey()))))
                            .toList();
                    assertThat(selected).as("Deployments whose pods it selects").hasSize(1);
                    for (JsonNode port : s.path("spec").path("ports")) {
                        JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
                        assertThat(selected.get(0).containers()).as("targetPort " + target).anyMatch(c -> {
                            for (JsonNode p : c.path("ports")) {
                                if (target.isInt() ? p.path("containerPort").asInt() == target.asInt()
                                        : p.path("name").asText().equals(target.asText())) {
                                    return true;
                                }
                            }
                            return false;
                        });
                    }
                })));
    }

    /**
     * Prometheus scrapes each service through a ServiceMonitor whose selector picks exactly that service's Service
     * (an empty one picks every Service), at a port name the Service has, on the path Quarkus serves metrics at.
     */
    @TestFactory
    Stream<DynamicTest> each_service_has_a_service_monitor_selecting_exactly_its_service() {
        return Workload.tests(Workload::isService, w -> {
            var rendered = Kustomize.render(w.overlay());
            var service = rendered.get("Service", w.name());
            var monitors = rendered.ofKind("ServiceMonitor").stream()
                    .filter(m -> selects(m.path("spec").path("selector"), Workload.strings(service.path("metadata").path("labels"))))
                    .toList();
            assertThat(monitors).as("ServiceMonitors selecting Service " + w.name()).hasSize(1);
            JsonNode monitor = monitors.get(0);
            JsonNode selector = monitor.path("spec").path("selector");
            assertThat(selector.size()).as("selector").isPositive();
            assertThat(rendered.ofKind("Service").stream()
                    .filter(s -> selects(selector, Workload.strings(s.path("metadata").path("labels"))))
                    .map(s -> s.path("metadata").path("name").asText())).containsExactly(w.name());
            JsonNode namespaces = monitor.path("spec").path("namespaceSelector");
            assertThat(namespaces.path("any").asBoolean(false)).as("namespaceSelector.any").isFalse();
            assertThat(monitor.path("spec").path("endpoints").size()).as("endpoints").isPositive();
            for (JsonNode endpoint : monitor.path("spec").path("endpoints")) {
                List<String> portNames = new ArrayList<>();
                service.path("spec").path("ports").forEach(p -> portNames.add(p.path("name").asText()));
                assertThat(portNames).as("the Service's port names").contains(endpoint.path("port").asText());
                assertThat(endpoint.path("path").asText()).as("metrics path").isEqualTo("/q/metrics");
            }
        });
    }
}
