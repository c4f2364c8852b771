package jp.onplanetz.privacy.deploy.rules;

import jp.onplanetz.privacy.deploy.render.Kustomize;
import jp.onplanetz.privacy.deploy.render.Overlay;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything an overlay renders lands in the suite's namespace. A document without a namespace goes wherever the
 * installer's kubectl context points: a NetworkPolicy there protects nothing of the suite, a KafkaNodePool or a
 * Secret there is never seen by the operators and pods that need it.
 */
class NamespaceTest {

    @ParameterizedTest
    @EnumSource(Overlay.class)
    void every_namespaced_document_is_in_the_suites_namespace(Overlay overlay) {
        var documents = Kustomize.render(overlay).documents().stream()
                .filter(d -> !d.path("kind").asText().equals("Namespace")).toList();

        assertThat(documents).isNotEmpty();
        assertThat(documents).filteredOn(d -> !"privacy-ops".equals(d.path("metadata").path("namespace").asText()))
                .extracting(d -> d.path("kind").asText() + "/" + d.path("metadata").path("name").asText())
                .as("documents outside privacy-ops").isEmpty();
    }
}
