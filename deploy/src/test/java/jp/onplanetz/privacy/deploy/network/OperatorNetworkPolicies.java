package jp.onplanetz.privacy.deploy.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.onplanetz.privacy.deploy.render.Kustomize;
import jp.onplanetz.privacy.deploy.render.Overlay;

import java.util.ArrayList;
import java.util.List;

/**
 * NetworkPolicies that are not in the render but will be in the cluster: those an operator makes from the render's
 * custom resources. A cluster enforces them beside the suite's own, so the proof evaluates both.
 *
 * <p>Strimzi's cluster operator (unless run with {@code STRIMZI_NETWORK_POLICY_GENERATION=false}, which the README
 * does not ask for) makes one ingress policy over each Kafka cluster's nodes: the control plane (9090) from the
 * nodes and the cluster operator, replication (9091) from the nodes, the cluster operator and the entity operator,
 * the node agent (8443) from the cluster operator, and each listener's port from the listener's
 * {@code networkPolicyPeers}, or from everyone when it names none. The cluster operator is selected by its
 * {@code strimzi.io/kind: cluster-operator} label in any namespace (it runs in another one).
 *
 * <p>The Keycloak operator's own policy is switched off in the Keycloak CR ({@code networkPolicy.enabled: false},
 * checked here so that turning it on must bring its flows into the proof); CloudNativePG makes none.
 */
final class OperatorNetworkPolicies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OperatorNetworkPolicies() {
    }

    /** The rendered NetworkPolicies and the operators' ones: what the cluster will enforce. */
    static List<JsonNode> enforced(Overlay overlay) {
        var rendered = Kustomize.render(overlay);
        List<JsonNode> policies = new ArrayList<>(rendered.ofKind("NetworkPolicy"));
        rendered.ofKind("Kafka").forEach(kafka -> policies.add(strimzi(kafka)));
        for (JsonNode keycloak : rendered.ofKind("Keycloak")) {
            if (keycloak.path("spec").path("networkPolicy").path("enabled").asBoolean(true)) {
                throw new IllegalStateException("Keycloak " + keycloak.path("metadata").path("name").asText()
                        + " lets its operator make a NetworkPolicy this proof does not model");
            }
        }
        return policies;
    }

    static ObjectNode strimzi(JsonNode kafka) {
        String cluster = kafka.path("metadata").path("name").asText();
        String namespace = kafka.path("metadata").path("namespace").asText();
        ObjectNode policy = JSON.createObjectNode();
        policy.put("apiVersion", "networking.k8s.io/v1").put("kind", "NetworkPolicy");
        policy.putObject("metadata").put("name", cluster + "-network-policy-kafka").put("namespace", namespace);
        ObjectNode spec = policy.putObject("spec");
        spec.set("podSelector", kafkaNodes(cluster));
        spec.putArray("policyTypes").add("Ingress");
        ArrayNode ingress = spec.putArray("ingress");

        ObjectNode nodes = JSON.createObjectNode();
        nodes.set("podSelector", kafkaNodes(cluster));
        ObjectNode clusterOperator = JSON.createObjectNode();
        clusterOperator.putObject("podSelector").putObject("matchLabels").put("strimzi.io/kind", "cluster-operator");
        clusterOperator.putObject("namespaceSelector");
        ObjectNode entityOperator = JSON.createObjectNode();
        entityOperator.putObject("podSelector").putObject("matchLabels").put("strimzi.io/cluster", cluster)
                .put("strimzi.io/name", cluster + "-entity-operator");

        rule(ingress, 9090, List.of(nodes, clusterOperator));
        rule(ingress, 9091, List.of(nodes, clusterOperator, entityOperator));
        rule(ingress, 8443, List.of(clusterOperator));
        for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
            List<JsonNode> peers = new ArrayList<>();
            listener.path("networkPolicyPeers").forEach(peers::add);
            rule(ingress, listener.path("port").asInt(), peers);
        }
        return policy;
    }

    private static ObjectNode kafkaNodes(String cluster) {
        ObjectNode selector = JSON.createObjectNode();
        selector.putObject("matchLabels").put("strimzi.io/cluster", cluster).put("strimzi.io/kind", "Kafka")
                .put("strimzi.io/name", cluster + "-kafka");
        return selector;
    }

    /** An ingress rule on one TCP port; no peers means from everyone, as Strimzi writes it. */
    private static void rule(ArrayNode ingress, int port, List<JsonNode> peers) {
        ObjectNode rule = ingress.addObject();
        rule.putArray("ports").addObject().put("protocol", "TCP").put("port", port);
        if (!peers.isEmpty()) {
            ArrayNode from = rule.putArray("from");
            peers.forEach(from::add);
        }
    }
}
