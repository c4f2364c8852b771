package jp.onplanetz.privacy.deploy.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each document goes to the validator of its apiVersion and kind; a kind none knows is refused. */
class DocumentsTest {

    @Test
    void aCoreKindIsCheckedAgainstTheKubernetesApiModel() {
        assertThat(Documents.validate(RenderedCopies.prod("Deployment", "consent-service")).validator())
                .isEqualTo(Documents.Validator.KUBERNETES_API_MODEL);
    }

    @Test
    void aStrimziKindIsCheckedAgainstItsCrdAlsoAtAVersionTheCrdDoesNotServe() {
        ObjectNode old = RenderedCopies.prod("Kafka", "privacy-ops");
        old.put("apiVersion", "kafka.strimzi.io/v1beta2");

        assertThat(Documents.validate(RenderedCopies.prod("Kafka", "privacy-ops")))
                .isEqualTo(new Documents.Verdict(Documents.Validator.CRD_SCHEMA, java.util.List.of()));
        Documents.Verdict verdict = Documents.validate(old);
        assertThat(verdict.validator()).isEqualTo(Documents.Validator.CRD_SCHEMA);
        assertThat(verdict.violations()).extracting(Violation::path).containsExactly("$.apiVersion");
    }

    @Test
    void aKindNoValidatorKnowsIsRefused() {
        ObjectNode pod = RenderedCopies.prod("Deployment", "consent-service");
        pod.put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode oldCluster = RenderedCopies.prod("Cluster", "consent-db");
        oldCluster.put("apiVersion", "postgresql.cnpg.io/v1beta1");
        ObjectNode oldPdb = RenderedCopies.prod("PodDisruptionBudget", "consent-service");
        oldPdb.put("apiVersion", "policy/v1beta1");
        ObjectNode oldHpa = RenderedCopies.prod("HorizontalPodAutoscaler", "consent-service");
        oldHpa.put("apiVersion", "autoscaling/v2beta2");

        for (ObjectNode unknown : new ObjectNode[] {pod, oldCluster, oldPdb, oldHpa}) {
            Documents.Verdict verdict = Documents.validate(unknown);
            assertThat(verdict.validator()).isEqualTo(Documents.Validator.NONE);
            assertThat(verdict.violations()).singleElement().extracting(Violation::message).asString()
                    .contains("no validator knows apiVersion " + unknown.path("apiVersion").asText());
        }
    }

    @Test
    void aKindWithoutASchemaStillHasItsTopLevelAndMetadataChecked() {
        ObjectNode cluster = RenderedCopies.prod("Cluster", "consent-db");
        cluster.set("sepc", cluster.remove("spec"));
        ObjectNode metadata = (ObjectNode) cluster.path("metadata");
        metadata.set("namespce", metadata.remove("namespace"));

        Documents.Verdict verdict = Documents.validate(cluster);
        assertThat(verdict.validator()).isEqualTo(Documents.Validator.METADATA_ONLY);
        assertThat(verdict.violations()).extracting(Violation::path)
                .containsExactlyInAnyOrder("$.sepc", "$.metadata.namespce");
    }

    @Test
    void aMonitorIsCheckedAgainstThePrometheusOperatorModel() {
        assertThat(Documents.validate(RenderedCopies.prod("PodMonitor", "postgres")))
                .isEqualTo(new Documents.Verdict(Documents.Validator.PROMETHEUS_OPERATOR_MODEL, java.util.List.of()));
    }
}
