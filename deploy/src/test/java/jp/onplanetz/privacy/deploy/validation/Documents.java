package jp.onplanetz.privacy.deploy.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Which validator a rendered document goes to, by its apiVersion and kind: the Kubernetes API model for core kinds,
 * the committed CRDs for custom resources whose CRD the project can obtain (Strimzi's), and, for the operators' kinds
 * whose CRDs no registry reachable here serves, a closed list: such a document is only checked at its top level and
 * metadata here, its spec by the rules tests. Anything else is refused, so a new kind (or a new version of a listed
 * one) cannot enter the manifests without someone deciding how it is checked.
 */
public final class Documents {

    /**
     * "apiVersion kind" of custom resources whose CRD is not obtainable from Maven Central or npm (CloudNativePG's and
     * the Keycloak operator's CRDs are published only in their GitHub releases and container images; the
     * prometheus-operator models on npm accept unknown fields). Their spec is checked by the rules tests only.
     */
    public static final Set<String> SPEC_CHECKED_BY_RULES_ONLY = Set.of(
            "postgresql.cnpg.io/v1 Cluster",
            "postgresql.cnpg.io/v1 ScheduledBackup",
            "barmancloud.cnpg.io/v1 ObjectStore",
            "k8s.keycloak.org/v2alpha1 Keycloak",
            "k8s.keycloak.org/v2alpha1 KeycloakRealmImport",
            "monitoring.coreos.com/v1 ServiceMonitor",
            "monitoring.coreos.com/v1 PodMonitor");

    /** The top-level fields of a Kubernetes object: anything else would be dropped by the API server. */
    private static final Set<String> OBJECT_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec", "status");

    /** Which validator checked a document, and what it found. */
    public record Verdict(Validator validator, List<Violation> violations) {
    }

    public enum Validator {
        /** {@link KubernetesApiModel}. */
        KUBERNETES_API_MODEL,
        /** {@link CrdSchemas}: the whole document against its CRD. */
        CRD_SCHEMA,
        /** Top level and metadata only: the kind is in {@link #SPEC_CHECKED_BY_RULES_ONLY}. */
        METADATA_ONLY,
        /** No validator knows the kind: its verdict is a violation. */
        NONE
    }

    private Documents() {
    }

    public static Verdict validate(ObjectNode document) {
        return validate(document, CrdSchemas.committed());
    }

    static Verdict validate(ObjectNode document, CrdSchemas crds) {
        String apiVersion = document.path("apiVersion").asText();
        String kind = document.path("kind").asText();
        if (KubernetesApiModel.modelOf(apiVersion, kind).isPresent()) {
            return new Verdict(Validator.KUBERNETES_API_MODEL, KubernetesApiModel.validate(document));
        }
        if (crds.definesKindOf(apiVersion, kind)) {
            // the CRD decides, also when it does not serve this version: an old version is refused, not waved through
            return new Verdict(Validator.CRD_SCHEMA, crds.validate(document));
        }
        if (SPEC_CHECKED_BY_RULES_ONLY.contains(KubernetesApiModel.key(apiVersion, kind))) {
            List<Violation> violations = new ArrayList<>(KubernetesApiModel.validateMetadata(document));
            for (Iterator<String> it = document.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!OBJECT_FIELDS.contains(field)) {
                    violations.add(new Violation(Violation.field(Violation.ROOT, field),
                            "unknown field (a Kubernetes object has " + OBJECT_FIELDS.stream().sorted().toList() + ")"));
                }
            }
            return new Verdict(Validator.METADATA_ONLY, List.copyOf(violations));
        }
        return new Verdict(Validator.NONE, List.of(new Violation(Violation.ROOT, "no validator knows apiVersion "
                + apiVersion + " kind " + kind + ": not a core kind of KubernetesApiModel.MODELS, not served by a "
                + "CRD under k8s/crds " + crds.served() + ", not in Documents.SPEC_CHECKED_BY_RULES_ONLY")));
    }
}
