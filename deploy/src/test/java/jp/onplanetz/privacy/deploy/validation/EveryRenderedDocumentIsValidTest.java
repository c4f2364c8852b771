package jp.onplanetz.privacy.deploy.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.onplanetz.privacy.deploy.render.Kustomize;
import jp.onplanetz.privacy.deploy.render.Overlay;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every document that {@code kubectl apply -k} would send, for each overlay, is valid against the API it names:
 * core kinds against the Kubernetes API model, Strimzi's against Strimzi's CRDs (see {@link Documents}).
 */
class EveryRenderedDocumentIsValidTest {

    @TestFactory
    Stream<DynamicContainer> everyDocumentOfEveryOverlayIsValid() {
        return Stream.of(Overlay.values()).map(overlay -> DynamicContainer.dynamicContainer(overlay.name(),
                Kustomize.render(overlay).documents().stream().map(document -> DynamicTest.dynamicTest(
                        name(document), () -> {
                            Documents.Verdict verdict = Documents.validate(document);
                            assertThat(verdict.violations())
                                    .as("%s %s in %s, checked by %s", document.path("apiVersion").asText(),
                                            name(document), overlay, verdict.validator())
                                    .isEmpty();
                        }))));
    }

    /**
     * The list of kinds without a schema holds exactly the kinds the overlays render and no schema or model
     * validates: a kind that gets a schema, or is no longer rendered, leaves the list (so the list, and the
     * report of what is not schema-checked, stays true).
     */
    @Test
    void theListOfKindsWithoutASchemaIsExactlyTheRenderedKindsWithoutOne() {
        Set<String> renderedWithoutSchema = Stream.of(Overlay.values())
                .flatMap(overlay -> Kustomize.render(overlay).documents().stream())
                .filter(document -> !Documents.validate(document).validator().checksTheSpec())
                .map(document -> KubernetesApiModel.key(document.path("apiVersion").asText(),
                        document.path("kind").asText()))
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(renderedWithoutSchema).containsExactlyInAnyOrderElementsOf(Documents.WITHOUT_A_SCHEMA);
    }

    private static String name(ObjectNode document) {
        return document.path("kind").asText() + "/" + document.path("metadata").path("name").asText();
    }
}
