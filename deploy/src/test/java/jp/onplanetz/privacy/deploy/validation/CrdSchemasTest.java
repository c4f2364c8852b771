package jp.onplanetz.privacy.deploy.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.onplanetz.privacy.deploy.render.Kustomize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
    void theRealKafkaAndKafkaUserHaveNoViolation() {
        assertThat(CRDS.validate(RenderedCopies.prod("Kafka", "privacy-ops"))).isEmpty();
        assertThat(CRDS.validate(RenderedCopies.prod("KafkaUser", "consent-service"))).isEmpty();
    }

    @Test
    void aTypoInANestedFieldIsNamedByItsPath() {
        ObjectNode kafka = RenderedCopies.prod("Kafka", "privacy-ops");
        ObjectNode spec = (ObjectNode) kafka.path("spec").path("kafka");
        spec.set("listners", spec.remove("listeners"));

        assertThat(CRDS.validate(kafka)).extracting(Violation::path)
                .contains("$.spec.kafka.listners", "$.spec.kafka.listeners");
    }

    @Test
    void aTypoInsideAListItemIsNamedByItsPath() {
        ObjectNode user = RenderedCopies.prod("KafkaUser", "consent-service");
        ObjectNode resource = (ObjectNode) user.path("spec").path("authorization").path("acls").get(0)
                .path("resource");
        resource.set("patternTyp", resource.remove("patternType"));

        assertThat(CRDS.validate(user)).extracting(Violation::path)
                .containsExactly("$.spec.authorization.acls[0].resource.patternTyp");
    }

    @Test
    void aMissingRequiredFieldIsNamedByItsPath() {
        ObjectNode kafka = RenderedCopies.prod("Kafka", "privacy-ops");
        ((ObjectNode) kafka.path("spec").path("kafka").path("listeners").get(0)).remove("port");

        assertThat(CRDS.validate(kafka)).extracting(Violation::path)
                .containsExactly("$.spec.kafka.listeners[0].port");
    }

    @Test
    void aValueOutsideTheSchemasEnumIsRefused() {
        ObjectNode user = RenderedCopies.prod("KafkaUser", "consent-service");
        ((ObjectNode) user.path("spec").path("authentication")).put("type", "scram-sha-256");

        assertThat(CRDS.validate(user)).extracting(Violation::path).containsExactly("$.spec.authentication.type");
    }

    @Test
    void freeFormConfigKeepsItsKeysBecauseTheCrdPreservesThem() {
        ObjectNode kafka = RenderedCopies.prod("Kafka", "privacy-ops");
        ((ObjectNode) kafka.path("spec").path("kafka").path("config")).put("any.broker.setting", "x");

        assertThat(CRDS.validate(kafka)).isEmpty();
    }

    @Test
    void metadataIsCheckedAgainstTheKubernetesApiModel() {
        ObjectNode user = RenderedCopies.prod("KafkaUser", "consent-service");
        ObjectNode metadata = (ObjectNode) user.path("metadata");
        metadata.set("label", metadata.remove("labels"));
        metadata.remove("name");

        assertThat(CRDS.validate(user)).extracting(Violation::path)
                .containsExactlyInAnyOrder("$.metadata.label", "$.metadata.name");
    }

    @Test
    void aVersionTheCrdDoesNotServeIsRefused() {
        ObjectNode kafka = RenderedCopies.prod("Kafka", "privacy-ops");
        kafka.put("apiVersion", "kafka.strimzi.io/v1beta2");

        assertThat(CRDS.validate(kafka)).singleElement().extracting(Violation::message).asString()
                .contains("serves [kafka.strimzi.io/v1], not kafka.strimzi.io/v1beta2");
    }

    /**
     * The build cannot regenerate the CRDs (the generator needs Java 21+), so it checks what it can: each committed
     * CRD says it was made by the script at the Strimzi version the script now names.
     */
    @Test
    void theCommittedCrdsWereGeneratedAtTheScriptsStrimziVersion() throws IOException {
        Path crds = Kustomize.deployDir().resolve("k8s/crds");
        Matcher version = Pattern.compile("(?m)^readonly STRIMZI_VERSION=(\\S+)$")
                .matcher(Files.readString(crds.resolve("generate-strimzi-crds.sh"), StandardCharsets.UTF_8));
        assertThat(version.find()).as("generate-strimzi-crds.sh names STRIMZI_VERSION").isTrue();
        List<Path> files;
        try (Stream<Path> listed = Files.list(crds.resolve("strimzi"))) {
            files = listed.sorted().toList();
        }

        assertThat(files).extracting(f -> f.getFileName().toString()).containsExactly("040-Crd-kafka.yaml",
                "043-Crd-kafkatopic.yaml", "044-Crd-kafkauser.yaml", "045-Crd-kafkanodepool.yaml");
        for (Path file : files) {
            assertThat(Files.readAllLines(file, StandardCharsets.UTF_8).get(0)).as(file.toString())
                    .startsWith("# Generated by deploy/k8s/crds/generate-strimzi-crds.sh from io.strimzi:api "
                            + version.group(1) + " ");
        }
    }

    /** The conversion to a strict schema, on a CRD that has each case the Strimzi CRDs have and those they lack. */
    @Test
    void theStructuralSchemaIsMadeStrictWhereTheApiServerWouldPrune(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("crd.yaml"), """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.example.org}
                spec:
                  group: example.org
                  names: {kind: Widget, plural: widgets}
                  scope: Namespaced
                  versions:
                    - name: v1
                      served: true
                      storage: true
                      schema:
                        openAPIV3Schema:
                          type: object
                          properties:
                            apiVersion: {type: string}
                            kind: {type: string}
                            metadata: {type: object}
                            spec:
                              type: object
                              properties:
                                port: {x-kubernetes-int-or-string: true}
                                note: {type: string, nullable: true}
                                config:
                                  type: object
                                  x-kubernetes-preserve-unknown-fields: true
                                  properties: {a: {type: string}}
                                value: {type: string}
                                from: {type: object, properties: {secret: {type: string}}}
                              oneOf:
                                - properties: {value: {}}
                                  required: [value]
                                - properties: {from: {}}
                                  required: [from]
                    - name: v1beta1
                      served: false
                      storage: false
                      schema:
                        openAPIV3Schema: {type: object}
                """);
        CrdSchemas crds = CrdSchemas.load(dir);
        ObjectNode valid = Kustomize.parse("""
                apiVersion: example.org/v1
                kind: Widget
                metadata: {name: w}
                spec: {port: http, note: null, config: {a: x, anything: y}, value: v}
                """).get(0);
        ObjectNode numericPort = valid.deepCopy();
        ((ObjectNode) numericPort.path("spec")).put("port", 8080);
        ObjectNode broken = valid.deepCopy();
        ObjectNode spec = (ObjectNode) broken.path("spec");
        spec.put("port", true).put("vlaue", "v").set("from", Kustomize.parse("{secret: s, secrt: s}").get(0));
        spec.remove("value");

        assertThat(crds.served()).containsExactly("example.org/v1 Widget");
        assertThat(crds.validate(valid)).isEmpty();
        assertThat(crds.validate(numericPort)).isEmpty();
        assertThat(crds.validate(broken)).extracting(Violation::path).contains("$.spec.port", "$.spec.vlaue",
                "$.spec.from.secrt").doesNotContain("$.spec.value", "$.spec.from");
    }
}
