package jp.onplanetz.privacy.deploy.validation;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The prometheus-operator's ServiceMonitor and PodMonitor against that API as fabric8 models it
 * ({@code io.fabric8:openshift-model-monitoring}, generated from the operator's Go types). Its CRDs are not on
 * Maven Central or npm, so this is the schema the project can have: the fields of every object (its Jackson
 * properties; the model's catch-all {@code additionalProperties} is exactly what is refused here) and their types.
 * The Go types carry no "required" and no enums, so neither is checked here (the rules tests check that each
 * ServiceMonitor selects its Service, ServiceResourcesTest).
 * {@code metadata} goes through the Kubernetes API model like every other document's.
 */
public final class PrometheusOperatorModel {

    /** "apiVersion kind" -> model class. */
    static final Map<String, Class<?>> MODELS = Map.of(
            "monitoring.coreos.com/v1 ServiceMonitor", ServiceMonitor.class,
            "monitoring.coreos.com/v1 PodMonitor", PodMonitor.class);

    private static final Map<Class<?>, ApiScalar> SCALARS = Map.ofEntries(Map.entry(String.class, ApiScalar.STRING),
            Map.entry(Integer.class, ApiScalar.INT32), Map.entry(Long.class, ApiScalar.INT64),
            Map.entry(Boolean.class, ApiScalar.BOOLEAN), Map.entry(Double.class, ApiScalar.NUMBER),
            Map.entry(Float.class, ApiScalar.NUMBER), Map.entry(IntOrString.class, ApiScalar.INT_OR_STRING),
            Map.entry(Quantity.class, ApiScalar.QUANTITY), Map.entry(Object.class, ApiScalar.ANY));

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<JavaType, Map<String, JavaType>> PROPERTIES = new ConcurrentHashMap<>();

    private PrometheusOperatorModel() {
    }

    public static Optional<Class<?>> modelOf(String apiVersion, String kind) {
        return Optional.ofNullable(MODELS.get(KubernetesApiModel.key(apiVersion, kind)));
    }

    public static List<Violation> validate(ObjectNode document) {
        String apiVersion = document.path("apiVersion").asText();
        String kind = document.path("kind").asText();
        Class<?> model = MODELS.get(KubernetesApiModel.key(apiVersion, kind));
        if (model == null) {
            return List.of(new Violation(Violation.ROOT, "no prometheus-operator model for apiVersion " + apiVersion
                    + " kind " + kind + " (the validator knows " + MODELS.keySet() + ")"));
        }
        List<Violation> violations = new ArrayList<>(KubernetesApiModel.validateMetadata(document));
        ObjectNode withoutMetadata = document.deepCopy();
        withoutMetadata.remove("metadata");
        check(withoutMetadata, MAPPER.constructType(model), Violation.ROOT, violations);
        return List.copyOf(violations);
    }

    private static void check(JsonNode node, JavaType type, String path, List<Violation> out) {
        if (node.isNull()) {
            return;
        }
        if (type.isCollectionLikeType()) {
            if (!node.isArray()) {
                out.add(new Violation(path, "expected a list, found " + ApiScalar.describe(node)));
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), type.getContentType(), Violation.index(path, i), out);
            }
            return;
        }
        if (type.isMapLikeType()) {
            if (!node.isObject()) {
                out.add(new Violation(path, "expected a map, found " + ApiScalar.describe(node)));
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                check(entry.getValue(), type.getContentType(), Violation.field(path, entry.getKey()), out);
            }
            return;
        }
        ApiScalar scalar = SCALARS.get(type.getRawClass());
        if (scalar != null) {
            scalar.problem(node).ifPresent(problem -> out.add(new Violation(path, problem)));
            return;
        }
        if (!type.getRawClass().getPackageName().startsWith("io.fabric8.")) {
            throw new IllegalStateException("the validator has no rule for the model's type " + type + " at " + path);
        }
        if (!node.isObject()) {
            out.add(new Violation(path, "expected an object (" + type.getRawClass().getSimpleName() + "), found "
                    + ApiScalar.describe(node)));
            return;
        }
        Map<String, JavaType> properties = properties(type);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String fieldPath = Violation.field(path, entry.getKey());
            JavaType fieldType = properties.get(entry.getKey());
            if (fieldType == null) {
                out.add(new Violation(fieldPath, "unknown field (" + type.getRawClass().getSimpleName() + " has "
                        + properties.keySet() + ")"));
            } else {
                check(entry.getValue(), fieldType, fieldPath, out);
            }
        }
    }

    /** JSON name -> type of a model class's properties, as Jackson reads them (the any-setter excluded). */
    private static Map<String, JavaType> properties(JavaType type) {
        return PROPERTIES.computeIfAbsent(type, t -> {
            BeanDescription description = MAPPER.getDeserializationConfig().introspect(t);
            Map<String, JavaType> byName = new TreeMap<>();
            for (BeanPropertyDefinition property : description.findProperties()) {
                if (property.couldDeserialize()) {
                    byName.put(property.getName(), property.getPrimaryType());
                }
            }
            return byName;
        });
    }
}
