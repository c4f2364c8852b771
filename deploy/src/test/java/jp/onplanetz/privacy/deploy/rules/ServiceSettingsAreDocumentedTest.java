package jp.onplanetz.privacy.deploy.rules;

import com.fasterxml.jackson.databind.JsonNode;
import jp.onplanetz.privacy.deploy.render.Kustomize;
import jp.onplanetz.privacy.testinfra.settings.SettingsTable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator learns what a variable of a service's Deployment does from the service's README: each is a row of its
 * Settings table. So a variable that names no setting (a typo, or a setting renamed in the service only) and one
 * nobody explained both fail here, in every overlay.
 */
class ServiceSettingsAreDocumentedTest {

    /** The JVM's options (the image's own plus the heap share), not a setting of the service. */
    private static final Set<String> NOT_SETTINGS = Set.of("JAVA_OPTS_APPEND");

    @TestFactory
    Stream<DynamicTest> every_variable_a_service_is_given_is_a_row_of_its_readmes_settings_table() {
        return Workload.tests(Workload::isService, w -> {
            Set<String> documented = SettingsTable.of(
                    Kustomize.deployDir().getParent().resolve(w.name()).resolve("README.md")).variables();
            for (JsonNode container : w.containers()) {
                for (JsonNode env : container.path("env")) {
                    String name = env.path("name").asText();
                    if (!NOT_SETTINGS.contains(name)) {
                        assertThat(documented).as(w + " sets " + name + ": a row of its README's Settings table says what it is")
                                .contains(name);
                    }
                }
            }
        });
    }
}
