package jp.onplanetz.privacy.deploy.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Which validator a rendered document goes to, by its apiVersion and kind: the Kubernetes API model for core kinds,
 * the committed CRDs for custom resources whose CRD the project can obtain (Strimzi's), the prometheus-operator's
 * model for its monitors, and, for the operators' kinds whose API no registry reachable here serves, a closed list:
 * such a document is only checked at its top level and metadata. Anything else is refused, so a new kind (or a new
 * version of a listed one) cannot enter the manifests without someone deciding how it is checked.
 */
public final class Documents {

    /**
     * "apiVersion kind" of custom resources whose API is not obtainable from Maven Central or npm in any form a
     * validator can use (CloudNativePG's and the Keycloak operator's CRDs are published only in their own releases and
     * images; org.keycloak:keycloak-operator is not on Maven Central). Their spec is not checked against a schema:
     * KeycloakRealmImport's is checked by the identity tests (its field names, and the realm through Keycloak's own
     * RealmRepresentation); the others' fields only where a test reads them (the network tests read the clusters'
     * names), so a typo there is caught only by a cluster's API server.
     */
    public static final Set<String> WITHOUT_A_SCHEMA = Set.of(
            "postgresql.cnpg.io/v1 Cluster",
            "postgresql.cnpg.io/v1 ScheduledBackup",
            "barmancloud.cnpg.io/v1 ObjectStore",
            "k8s.keycloak.org/v2beta1 Keycloak",
            "k8s.keycloak.org/v2beta1 KeycloakRealmImport");

    /** The top-level fields of a Kubernetes object: anything else would be dropped by the API server. */
    private static final Set<String> OBJECT_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec", "status");

    /** Which validator checked a document, and what it found. */
    public record Verdict(Validator validator, List<Violation> violations) {
    }

    public enum Validator {
        /** {@link KubernetesApiModel}. */
        KUBERNETES_API_MODEL(true),
        /** {@link CrdSchemas}: the whole document against its CRD. */
        CRD_SCHEMA(true),
        /** {@link PrometheusOperatorModel}: fields and types, not required fields or enums. */
        PROMETHEUS_OPERATOR_MODEL(true),
        /** Top level and metadata only: the kind is in {@link #WITHOUT_A_SCHEMA}. */
        METADATA_ONLY(false),
        /** No validator knows the kind: its verdict is a violation. */
        NONE(false);

        private final boolean checksTheSpec;

        Validator(boolean checksTheSpec) {
            this.checksTheSpec = checksTheSpec;
        }

        /** Whether the document's spec is checked against a schema or model (not only its top level). */
        public boolean checksTheSpec() {
            return checksTheSpec;
        }
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
        if (PrometheusOperatorModel.modelOf(apiVersion, kind).isPresent()) {
            return new Verdict(Validator.PROMETHEUS_OPERATOR_MODEL, PrometheusOperatorModel.validate(document));
        }
        if (WITHOUT_A_SCHEMA.contains(KubernetesApiModel.key(apiVersion, kind))) {
            List<Violation> violations = new ArrayList<>(KubernetesApiModel.validateMetadata(document));
            for (Iterator<String> it = document.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!OBJECT_FIELDS.contains(field)) {
                    violations.add(new Violation(Violation.field(Violation.ROOT, field), "unknown field (a Kubernetes "
                            + "object has " + OBJECT_FIELDS.stream().sorted().toList() + ")"));
                }
            }
            return new Verdict(Validator.METADATA_ONLY, List.copyOf(violations));
        }
        return new Verdict(Validator.NONE, List.of(new Violation(Violation.ROOT, "no validator knows apiVersion "
                + apiVersion + " kind " + kind + ": not a core kind of KubernetesApiModel.MODELS, not served by a "
                + "CRD under k8s/crds " + crds.served() + ", not a PrometheusOperatorModel.MODELS kind, not in "
                + "Documents.WITHOUT_A_SCHEMA")));
    }
}
