package jp.onplanetz.privacy.deploy.network;

import jp.onplanetz.privacy.deploy.network.Endpoint.Port;
import jp.onplanetz.privacy.deploy.render.Kustomize;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Strimzi-made policy as the proof models it: a listener without peers is open to every namespace. */
class OperatorNetworkPoliciesTest {
    private static final String KAFKA = """
            apiVersion: kafka.strimzi.io/v1
            kind: Kafka
            metadata: {name: c, namespace: app}
            spec:
              kafka:
                listeners:
                  - {name: open, port: 9092, type: internal, tls: false}
                  - name: tls
                    port: 9093
                    type: internal
                    tls: true
                    networkPolicyPeers:
                      - podSelector: {matchLabels: {role: client}}
            """;
    private static final Endpoint NODE = Endpoint.pod("node", "app",
            Map.of("strimzi.io/cluster", "c", "strimzi.io/kind", "Kafka", "strimzi.io/name", "c-kafka"),
            List.of(Port.tcp("tcp-open", 9092), Port.tcp("tcp-tls", 9093), Port.tcp("tcp-replication", 9091),
                    Port.tcp("tcp-ctrlplane", 9090), Port.tcp("tcp-kafkaagent", 8443)));
    private static final Endpoint CLIENT = Endpoint.pod("client", "app", Map.of("role", "client"), List.of());
    private static final Endpoint ELSEWHERE = Endpoint.pod("elsewhere", "other", Map.of("role", "client"), List.of());
    private static final Endpoint OPERATOR = Endpoint.pod("operator", "strimzi",
            Map.of("strimzi.io/kind", "cluster-operator"), List.of());
    private static final Endpoint ENTITY_OPERATOR = Endpoint.pod("eo", "app",
            Map.of("strimzi.io/cluster", "c", "strimzi.io/name", "c-entity-operator"), List.of());

    private final NetworkPolicyEvaluator evaluator = new NetworkPolicyEvaluator(
            List.of(OperatorNetworkPolicies.strimzi(Kustomize.parse(KAFKA).get(0))));

    @Test
    void a_listener_without_peers_admits_every_namespace_and_one_with_peers_only_them() {
        assertThat(evaluator.allows(ELSEWHERE, NODE, 9092, "TCP")).isTrue();
        assertThat(evaluator.allows(CLIENT, NODE, 9093, "TCP")).isTrue();
        assertThat(evaluator.allows(ELSEWHERE, NODE, 9093, "TCP")).isFalse();
    }

    @Test
    void the_internal_ports_admit_the_nodes_and_strimzis_operators_only() {
        assertThat(evaluator.allows(NODE, NODE, 9090, "TCP")).isTrue();
        assertThat(evaluator.allows(OPERATOR, NODE, 9090, "TCP")).isTrue();
        assertThat(evaluator.allows(ENTITY_OPERATOR, NODE, 9090, "TCP")).isFalse();
        assertThat(evaluator.allows(ENTITY_OPERATOR, NODE, 9091, "TCP")).isTrue();
        assertThat(evaluator.allows(OPERATOR, NODE, 8443, "TCP")).isTrue();
        assertThat(evaluator.allows(NODE, NODE, 8443, "TCP")).isFalse();
        assertThat(evaluator.allows(CLIENT, NODE, 9091, "TCP")).isFalse();
    }
}
