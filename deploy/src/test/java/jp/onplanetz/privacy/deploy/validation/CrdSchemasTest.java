package jp.onplanetz.privacy.deploy.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The CRD validator refuses what the API server would prune or refuse, and says where. */
class CrdSchemasTest {

    private static final CrdSchemas CRDS = CrdSchemas.committed();

    @Test
    void theStrimziCrdsServeTheKindsTheSuiteUsesAtTheirCurrentVersion() {
        assertThat(CRDS.served()).containsExactlyInAnyOrder("kafka.strimzi.io/v1 Kafka",
                "kafka.strimzi.io/v1 KafkaNodePool", "kafka.strimzi.io/v1 KafkaTopic", "kafka.strimzi.io/v1 KafkaUser");
    }

    @Test
    void aValidKafkaHasNoViolation() {
        assertThat(CRDS.validate(Fixtures.document("kafka.yaml"))).isEmpty();
    }

    @Test
    void aTypoInANestedFieldIsNamedByItsPath() {
        ObjectNode kafka = Fixtures.document("kafka.yaml");
        ObjectNode spec = (ObjectNode) kafka.path("spec").path("kafka");
        spec.set("listners", spec.remove("listeners"));

        assertThat(CRDS.validate(kafka)).extracting(Violation::path)
                .contains("$.spec.kafka.listners", "$.spec.kafka.listeners");
    }

    @Test
    void aTypoInsideAListItemIsNamedByItsPath() {
        ObjectNode user = Fixtures.document("kafka-user.yaml");
        ObjectNode resource = (ObjectNode) user.path("spec").path("authorization").path("acls").get(0)
                .path("resource");
        resource.set("patternTyp", resource.remove("patternType"));

        assertThat(CRDS.validate(user)).extracting(Violation::path)
                .containsExactly("$.spec.authorization.acls[0].resource.patternTyp");
    }

    @Test
    void aMissingRequiredFieldIsNamedByItsPath() {
        ObjectNode kafka = Fixtures.document("kafka.yaml");
        ((ObjectNode) kafka.path("spec").path("kafka").path("listeners").get(0)).remove("port");

        assertThat(CRDS.validate(kafka)).extracting(Violation::path)
                .containsExactly("$.spec.kafka.listeners[0].port");
    }

    @Test
    void aValueOutsideTheSchemasEnumIsRefused() {
        ObjectNode user = Fixtures.document("kafka-user.yaml");
        ((ObjectNode) user.path("spec").path("authentication")).put("type", "scram-sha-256");

        assertThat(CRDS.validate(user)).extracting(Violation::path).containsExactly("$.spec.authentication.type");
    }

    @Test
    void freeFormConfigKeepsItsKeysBecauseTheCrdPreservesThem() {
        ObjectNode kafka = Fixtures.document("kafka.yaml");
        ((ObjectNode) kafka.path("spec").path("kafka").path("config")).put("any.broker.setting", "x");

        assertThat(CRDS.validate(kafka)).isEmpty();
    }

    @Test
    void metadataIsCheckedAgainstTheKubernetesApiModel() {
        ObjectNode user = Fixtures.document("kafka-user.yaml");
        ObjectNode metadata = (ObjectNode) user.path("metadata");
        metadata.set("label", metadata.remove("labels"));
        metadata.remove("name");

        assertThat(CRDS.validate(user)).extracting(Violation::path)
                .containsExactlyInAnyOrder("$.metadata.label", "$.metadata.name");
    }

    @Test
    void aVersionTheCrdDoesNotServeIsRefused() {
        ObjectNode kafka = Fixtures.document("kafka.yaml");
        kafka.put("apiVersion", "kafka.strimzi.io/v1beta2");

        assertThat(CRDS.validate(kafka)).singleElement().extracting(Violation::message).asString()
                .contains("serves [kafka.strimzi.io/v1], not kafka.strimzi.io/v1beta2");
    }
}
