package jp.onplanetz.privacy.deploy.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.JsonParseException;
import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.custom.QuantityFormatException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1CronJob;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Core Kubernetes documents against the Kubernetes API model ({@code io.kubernetes:client-java-api}, generated
 * from the API server's OpenAPI document).
 *
 * <p>Each model class carries the API's field names ({@code openapiFields}) and required fields
 * ({@code openapiRequiredFields}); its own {@code validateJsonElement} refuses an unknown or missing field but stops at
 * the first one and does not say where it is. So a document is walked here along the model's Java field types with
 * those same sets, every violation named by its path, and scalars held to the type the API server decodes them into
 * (an {@code env[].value: 8080} is refused by the API server, while Gson would coerce it); then it must also
 * deserialise through the model's own Gson adapters (which run {@code validateJsonElement} at every level, decode
 * quantities, dates and base64), so nothing the model refuses passes.
 *
 * <p>The apiVersion/kind table is closed: a kind or version not in it (a deprecated {@code policy/v1beta1} or
 * {@code autoscaling/v2beta2}, a typo in either) is refused, never skipped.
 */
public final class KubernetesApiModel {

    /** "apiVersion kind" -> model class: the core kinds the suite's manifests may use, each at its current version. */
    static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1 Namespace", V1Namespace.class),
            Map.entry("v1 Service", V1Service.class),
            Map.entry("v1 ServiceAccount", V1ServiceAccount.class),
            Map.entry("v1 Secret", V1Secret.class),
            Map.entry("v1 ConfigMap", V1ConfigMap.class),
            Map.entry("apps/v1 Deployment", V1Deployment.class),
            Map.entry("batch/v1 Job", V1Job.class),
            Map.entry("batch/v1 CronJob", V1CronJob.class),
            Map.entry("policy/v1 PodDisruptionBudget", V1PodDisruptionBudget.class),
            Map.entry("autoscaling/v2 HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1 NetworkPolicy", V1NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1 Ingress", V1Ingress.class),
            Map.entry("rbac.authorization.k8s.io/v1 Role", V1Role.class),
            Map.entry("rbac.authorization.k8s.io/v1 RoleBinding", V1RoleBinding.class));

    /** The model's non-object field types (every other type is a model class, a list or a map). */
    private static final Set<Class<?>> SCALARS = Set.of(String.class, Integer.class, Long.class, Boolean.class,
            Double.class, Float.class, BigDecimal.class, IntOrString.class, Quantity.class, OffsetDateTime.class,
            byte[].class, Object.class);

    private static final Map<Class<?>, Map<String, Field>> FIELDS = new ConcurrentHashMap<>();

    private KubernetesApiModel() {
    }

    static String key(String apiVersion, String kind) {
        return apiVersion + " " + kind;
    }

    public static Optional<Class<?>> modelOf(String apiVersion, String kind) {
        return Optional.ofNullable(MODELS.get(key(apiVersion, kind)));
    }

    /** Every violation of the document against its kind's model; a kind the table does not hold is one violation. */
    public static List<Violation> validate(ObjectNode document) {
        String apiVersion = document.path("apiVersion").asText();
        String kind = document.path("kind").asText();
        Class<?> model = MODELS.get(key(apiVersion, kind));
        if (model == null) {
            return List.of(new Violation(Violation.ROOT, "no Kubernetes API model for apiVersion " + apiVersion
                    + " kind " + kind + " (unknown or deprecated; the validator knows " + MODELS.keySet() + ")"));
        }
        List<Violation> violations = new ArrayList<>();
        check(document, model, Violation.ROOT, violations);
        violations.addAll(nameIsSet(document));
        if (violations.isEmpty()) {
            violations.addAll(modelAccepts(document, model));
        }
        return List.copyOf(violations);
    }

    /**
     * A document's {@code metadata} against the API's ObjectMeta, with a name (the API allows {@code generateName}
     * instead; Kustomize and {@code kubectl apply} need a name): the part of a custom resource that every API server
     * validates the same way, whatever its CRD.
     */
    public static List<Violation> validateMetadata(ObjectNode document) {
        List<Violation> violations = new ArrayList<>();
        JsonNode metadata = document.get("metadata");
        if (metadata != null) {
            check(metadata, V1ObjectMeta.class, Violation.field(Violation.ROOT, "metadata"), violations);
        }
        violations.addAll(nameIsSet(document));
        return List.copyOf(violations);
    }

    private static List<Violation> nameIsSet(ObjectNode document) {
        return document.path("metadata").path("name").asText().isBlank()
                ? List.of(new Violation("$.metadata.name", "required field missing (every document is named)"))
                : List.of();
    }

    /** The model's own check, as a client would run it: Gson with the model's adapters. */
    private static List<Violation> modelAccepts(ObjectNode document, Class<?> model) {
        try {
            JSON.getGson().fromJson(document.toString(), model);
            return List.of();
        } catch (JsonParseException | IllegalArgumentException | IllegalStateException | QuantityFormatException e) {
            return List.of(new Violation(Violation.ROOT, "the Kubernetes API model " + model.getSimpleName()
                    + " refuses it: " + e.getMessage()));
        }
    }

    private static void check(JsonNode node, Type type, String path, List<Violation> out) {
        if (node.isNull()) {
            return; // an optional field set to null is read as absent; a required one is refused by its parent
        }
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                if (!node.isArray()) {
                    out.add(new Violation(path, "expected a list, found " + describe(node)));
                    return;
                }
                for (int i = 0; i < node.size(); i++) {
                    check(node.get(i), arguments[0], Violation.index(path, i), out);
                }
                return;
            }
            if (Map.class.isAssignableFrom(raw)) {
                if (!node.isObject()) {
                    out.add(new Violation(path, "expected a map, found " + describe(node)));
                    return;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    check(entry.getValue(), arguments[1], Violation.field(path, entry.getKey()), out);
                }
                return;
            }
            throw new IllegalStateException("the validator has no rule for the model's type " + type + " at " + path);
        }
        Class<?> cls = (Class<?>) type;
        if (SCALARS.contains(cls)) {
            scalarProblem(node, cls).ifPresent(problem -> out.add(new Violation(path, problem)));
            return;
        }
        if (!isModel(cls)) {
            throw new IllegalStateException("the validator has no rule for the model's type " + cls + " at " + path);
        }
        if (!node.isObject()) {
            out.add(new Violation(path, "expected an object (" + cls.getSimpleName() + "), found " + describe(node)));
            return;
        }
        Set<String> known = staticSet(cls, "openapiFields");
        Map<String, Field> fields = fields(cls);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            String fieldPath = Violation.field(path, name);
            if (!known.contains(name) || !fields.containsKey(name)) {
                out.add(new Violation(fieldPath, "unknown field (" + cls.getSimpleName() + " has " + known.stream()
                        .sorted().toList() + ")"));
            } else {
                check(entry.getValue(), fields.get(name).getGenericType(), fieldPath, out);
            }
        }
        for (String required : staticSet(cls, "openapiRequiredFields").stream().sorted().toList()) {
            if (node.path(required).isMissingNode() || node.path(required).isNull()) {
                out.add(new Violation(Violation.field(path, required),
                        "required field missing (in " + cls.getSimpleName() + ")"));
            }
        }
    }

    /** What is wrong with a scalar value for its type, as the API server decodes JSON into Go; empty if it fits. */
    private static Optional<String> scalarProblem(JsonNode node, Class<?> cls) {
        if (cls == String.class) {
            return fits(node.isTextual(), "a string", node);
        }
        if (cls == Integer.class) {
            return fits(node.isIntegralNumber() && node.canConvertToInt(), "a 32-bit integer", node);
        }
        if (cls == Long.class) {
            return fits(node.isIntegralNumber() && node.canConvertToLong(), "a 64-bit integer", node);
        }
        if (cls == Boolean.class) {
            return fits(node.isBoolean(), "true or false", node);
        }
        if (cls == Double.class || cls == Float.class || cls == BigDecimal.class) {
            return fits(node.isNumber(), "a number", node);
        }
        if (cls == IntOrString.class) {
            return fits(node.isIntegralNumber() || node.isTextual(), "an integer or a string", node);
        }
        if (cls == Quantity.class) {
            if (!node.isTextual() && !node.isNumber()) {
                return fits(false, "a quantity", node);
            }
            try {
                Quantity.fromString(node.asText());
                return Optional.empty();
            } catch (QuantityFormatException | NumberFormatException e) {
                return Optional.of("not a quantity: " + node);
            }
        }
        if (cls == OffsetDateTime.class) {
            try {
                OffsetDateTime.parse(node.asText());
                return fits(node.isTextual(), "an RFC 3339 time", node);
            } catch (DateTimeParseException e) {
                return Optional.of("not an RFC 3339 time: " + node);
            }
        }
        if (cls == byte[].class) {
            try {
                Base64.getDecoder().decode(node.asText());
                return fits(node.isTextual(), "base64 text", node);
            } catch (IllegalArgumentException e) {
                return Optional.of("not base64: " + e.getMessage());
            }
        }
        return Optional.empty(); // Object: the API's free-form values (RawExtension), anything is allowed
    }

    private static Optional<String> fits(boolean fits, String expected, JsonNode node) {
        return fits ? Optional.empty() : Optional.of("expected " + expected + ", found " + describe(node));
    }

    private static String describe(JsonNode node) {
        String text = node.toString();
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " "
                + (text.length() > 60 ? text.substring(0, 60) + "..." : text);
    }

    private static boolean isModel(Class<?> cls) {
        try {
            Field field = cls.getField("openapiFields");
            return Modifier.isStatic(field.getModifiers());
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<String> staticSet(Class<?> cls, String name) {
        try {
            return (Set<String>) cls.getField(name).get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(cls + " has no " + name + ": not a client-java-api model", e);
        }
    }

    /** JSON name -> Java field, from the model's own {@code @SerializedName}s. */
    private static Map<String, Field> fields(Class<?> cls) {
        return FIELDS.computeIfAbsent(cls, c -> {
            Map<String, Field> byName = new HashMap<>();
            for (Field field : c.getDeclaredFields()) {
                SerializedName serialized = field.getAnnotation(SerializedName.class);
                if (serialized != null && !Modifier.isStatic(field.getModifiers())) {
                    byName.put(serialized.value(), field);
                }
            }
            return Map.copyOf(byName);
        });
    }
}
