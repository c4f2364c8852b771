package jp.onplanetz.privacy.deploy.rules;

import com.fasterxml.jackson.databind.JsonNode;
import jp.onplanetz.privacy.deploy.render.Kustomize;
import jp.onplanetz.privacy.deploy.render.Overlay;
import jp.onplanetz.privacy.events.Services;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Something that makes pods, as an overlay renders it: a Deployment, Job or CronJob with its pod template. The rules
 * hold for what the pods get, so every kind is reduced to its template here, once.
 *
 * @param overlay the overlay it was rendered from
 * @param kind Deployment, Job or CronJob
 * @param name its metadata.name
 * @param resource the whole rendered document
 * @param template its pod template ({@code metadata} and {@code spec})
 */
public record Workload(Overlay overlay, String kind, String name, JsonNode resource, JsonNode template) {

    /** The four services, whose Deployments carry the service rules (names as the event contract spells them). */
    public static final List<String> SERVICES = List.of(Services.CONSENT, Services.DISCLOSURE_LOG,
            Services.DATA_REQUEST, Services.ANALYTICS);

    /** Every workload of an overlay, in render order. */
    public static List<Workload> of(Overlay overlay) {
        List<Workload> workloads = new ArrayList<>();
        for (JsonNode doc : Kustomize.render(overlay).documents()) {
            String kind = doc.path("kind").asText();
            JsonNode template = switch (kind) {
                case "Deployment", "Job" -> doc.path("spec").path("template");
                case "CronJob" -> doc.path("spec").path("jobTemplate").path("spec").path("template");
                default -> null;
            };
            if (template != null) {
                workloads.add(new Workload(overlay, kind, doc.path("metadata").path("name").asText(), doc, template));
            }
        }
        return workloads;
    }

    /** Every workload of every overlay. */
    public static List<Workload> all() {
        return Arrays.stream(Overlay.values()).flatMap(o -> of(o).stream()).toList();
    }

    /**
     * A rule as one dynamic test per workload it applies to (named by overlay, kind and name), so a report says
     * which workload of which overlay broke which rule.
     */
    public static Stream<DynamicTest> tests(Predicate<Workload> appliesTo, Consumer<Workload> rule) {
        return all().stream().filter(appliesTo)
                .map(w -> DynamicTest.dynamicTest(w.toString(), () -> rule.accept(w)));
    }

    public JsonNode podSpec() {
        return template.path("spec");
    }

    public Map<String, String> podLabels() {
        return strings(template.path("metadata").path("labels"));
    }

    /** A service's Deployment (the four services, not the migration Job or the verifier). */
    public boolean isService() {
        return kind.equals("Deployment") && SERVICES.contains(name);
    }

    /** Init containers and containers: the restricted profile and the resource rules hold for both. */
    public List<JsonNode> allContainers() {
        List<JsonNode> containers = new ArrayList<>();
        podSpec().path("initContainers").forEach(containers::add);
        podSpec().path("containers").forEach(containers::add);
        return containers;
    }

    public List<JsonNode> containers() {
        List<JsonNode> containers = new ArrayList<>();
        podSpec().path("containers").forEach(containers::add);
        return containers;
    }

    /** The pod's volume of that name (missing node if none). */
    public JsonNode volume(String volumeName) {
        for (JsonNode v : podSpec().path("volumes")) {
            if (v.path("name").asText().equals(volumeName)) {
                return v;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** A JSON object of strings (labels, matchLabels) as a map. */
    public static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.fieldNames().forEachRemaining(k -> map.put(k, object.path(k).asText()));
        return map;
    }

    @Override
    public String toString() {
        return overlay + " " + kind + "/" + name;
    }
}
