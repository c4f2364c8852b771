package jp.onplanetz.privacy.deploy.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The monitors' validator refuses an unknown field or a wrong type at any depth, and says where. */
class PrometheusOperatorModelTest {

    private static ObjectNode serviceMonitor() {
        return RenderedCopies.prod("ServiceMonitor", "consent-service");
    }

    private static ObjectNode firstEndpoint(ObjectNode monitor) {
        return (ObjectNode) monitor.path("spec").path("endpoints").get(0);
    }

    @Test
    void theRealServiceMonitorHasNoViolation() {
        assertThat(PrometheusOperatorModel.validate(serviceMonitor())).isEmpty();
    }

    @Test
    void aTypoInANestedFieldIsNamedByItsPath() {
        ObjectNode monitor = serviceMonitor();
        ObjectNode endpoint = firstEndpoint(monitor);
        endpoint.set("pth", endpoint.remove("path"));
        ObjectNode selector = (ObjectNode) monitor.path("spec").path("selector");
        selector.set("matchLabel", selector.remove("matchLabels"));

        assertThat(PrometheusOperatorModel.validate(monitor)).extracting(Violation::path).containsExactlyInAnyOrder(
                "$.spec.endpoints[0].pth", "$.spec.selector.matchLabel");
    }

    @Test
    void aValueOfTheWrongTypeIsNamedByItsPath() {
        ObjectNode monitor = serviceMonitor();
        firstEndpoint(monitor).put("honorLabels", "true");
        ((ObjectNode) monitor.path("spec")).put("sampleLimit", "1000");

        assertThat(PrometheusOperatorModel.validate(monitor)).extracting(Violation::path).containsExactlyInAnyOrder(
                "$.spec.endpoints[0].honorLabels", "$.spec.sampleLimit");
    }

    @Test
    void metadataIsCheckedAgainstTheKubernetesApiModel() {
        ObjectNode monitor = serviceMonitor();
        ObjectNode metadata = (ObjectNode) monitor.path("metadata");
        metadata.set("label", metadata.remove("labels"));

        assertThat(PrometheusOperatorModel.validate(monitor)).extracting(Violation::path)
                .containsExactly("$.metadata.label");
    }
}
