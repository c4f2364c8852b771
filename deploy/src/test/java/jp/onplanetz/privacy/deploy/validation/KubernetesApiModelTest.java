package jp.onplanetz.privacy.deploy.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.models.V1Deployment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The core-kind validator refuses what the API server would refuse or silently drop, and says where. */
class KubernetesApiModelTest {

    private static ObjectNode deployment() {
        return Fixtures.document("deployment.yaml");
    }

    private static ObjectNode firstContainer(ObjectNode deployment) {
        return (ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0);
    }

    @Test
    void aValidDeploymentHasNoViolation() {
        assertThat(KubernetesApiModel.validate(deployment())).isEmpty();
    }

    @Test
    void aTypoInANestedFieldIsNamedByItsPath() {
        ObjectNode deployment = deployment();
        ObjectNode probe = (ObjectNode) firstContainer(deployment).path("readinessProbe");
        probe.set("httpGett", probe.remove("httpGet"));

        assertThat(KubernetesApiModel.validate(deployment)).extracting(Violation::path)
                .containsExactly("$.spec.template.spec.containers[0].readinessProbe.httpGett");
    }

    @Test
    void aMissingRequiredFieldIsNamedByItsPath() {
        ObjectNode deployment = deployment();
        firstContainer(deployment).remove("name");
        ((ObjectNode) deployment.path("spec")).remove("selector");

        assertThat(KubernetesApiModel.validate(deployment)).extracting(Violation::path).containsExactlyInAnyOrder(
                "$.spec.selector", "$.spec.template.spec.containers[0].name");
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedAsTheApiServerWouldRefuseIt() {
        ObjectNode deployment = deployment();
        ObjectNode env = (ObjectNode) firstContainer(deployment).path("env").get(0);
        env.put("value", 8080); // Go's EnvVar.Value is a string: the API server refuses a number
        ((ObjectNode) deployment.path("spec")).put("replicas", "2");

        assertThat(KubernetesApiModel.validate(deployment)).extracting(Violation::path).containsExactlyInAnyOrder(
                "$.spec.template.spec.containers[0].env[0].value", "$.spec.replicas");
    }

    @Test
    void aMalformedQuantityIsRefused() {
        ObjectNode deployment = deployment();
        ((ObjectNode) firstContainer(deployment).path("resources").path("limits")).put("memory", "512MB");

        assertThat(KubernetesApiModel.validate(deployment)).extracting(Violation::path)
                .containsExactly("$.spec.template.spec.containers[0].resources.limits.memory");
    }

    @Test
    void aDocumentWithoutANameIsRefused() {
        ObjectNode deployment = deployment();
        ((ObjectNode) deployment.path("metadata")).remove("name");

        assertThat(KubernetesApiModel.validate(deployment)).extracting(Violation::path)
                .containsExactly("$.metadata.name");
    }

    @Test
    void aDeprecatedApiVersionIsRefusedNotIgnored() {
        ObjectNode pdb = deployment();
        pdb.put("apiVersion", "policy/v1beta1").put("kind", "PodDisruptionBudget");
        ObjectNode hpa = deployment();
        hpa.put("apiVersion", "autoscaling/v2beta2").put("kind", "HorizontalPodAutoscaler");

        assertThat(KubernetesApiModel.validate(pdb)).singleElement().extracting(Violation::message).asString()
                .contains("no Kubernetes API model for apiVersion policy/v1beta1 kind PodDisruptionBudget");
        assertThat(KubernetesApiModel.validate(hpa)).singleElement().extracting(Violation::message).asString()
                .contains("autoscaling/v2beta2");
    }

    /**
     * What this validator builds on, checked on the client-java-api version in use: the model's own validation
     * refuses an unknown field and a missing required one (a future version that stopped would fail here).
     */
    @Test
    void theModelItselfRefusesUnknownAndMissingFields() {
        ObjectNode typo = deployment();
        ObjectNode probe = (ObjectNode) firstContainer(typo).path("readinessProbe");
        probe.set("httpGett", probe.remove("httpGet"));
        ObjectNode unnamed = deployment();
        firstContainer(unnamed).remove("name");

        assertThatThrownBy(() -> V1Deployment.validateJsonElement(JsonParser.parseString(typo.toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("httpGett");
        assertThatThrownBy(() -> V1Deployment.validateJsonElement(JsonParser.parseString(unnamed.toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("required field `name`");
    }
}
