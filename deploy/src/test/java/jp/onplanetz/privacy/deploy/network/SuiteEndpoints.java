package jp.onplanetz.privacy.deploy.network;

import com.fasterxml.jackson.databind.JsonNode;
import jp.onplanetz.privacy.deploy.network.Endpoint.Port;
import jp.onplanetz.privacy.deploy.render.Kustomize;
import jp.onplanetz.privacy.deploy.render.Overlay;
import jp.onplanetz.privacy.deploy.rules.Workload;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every place traffic of an overlay's cluster can come from or go to, as a NetworkPolicy sees it: the pods of the
 * render's workloads, the pods the operators make from the render's custom resources (with the labels those
 * operators put on them, which the policies select), and what lives outside the namespace. The operator-made pods
 * are derived from the CRs (a new node pool or database cluster becomes an endpoint by itself); their labels and
 * ports are the operators' conventions, written once here.
 */
public final class SuiteEndpoints {
    public static final String NAMESPACE = "privacy-ops";

    // Outside the namespace: where deploy/k8s/README.md has the platform's parts run.
    static final String INGRESS_NAMESPACE = "ingress-nginx";
    static final String MONITORING_NAMESPACE = "monitoring";
    static final String STRIMZI_NAMESPACE = "strimzi";
    static final String CNPG_NAMESPACE = "cnpg-system";
    static final String KEYCLOAK_OPERATOR_NAMESPACE = "keycloak-operator";
    /** The label a platform team puts on a namespace whose pods are outside Kafka clients (the manifests' design). */
    static final String KAFKA_CLIENT_NAMESPACE_LABEL = "privacy-ops.onplanetz.jp/kafka-client";

    public static final String INGRESS_CONTROLLER = "ingress-controller";
    public static final String PROMETHEUS = "prometheus";
    public static final String GRAFANA = "grafana";
    public static final String KUBE_DNS = "kube-dns";
    public static final String STRIMZI_OPERATOR = "strimzi-cluster-operator";
    public static final String CNPG_OPERATOR = "cnpg-operator";
    public static final String KEYCLOAK_OPERATOR = "keycloak-operator";
    public static final String OUTSIDE_KAFKA_CLIENT = "outside-kafka-client";
    public static final String OTHER_APP = "other-app";
    public static final String PUBLIC_INTERNET = "public-internet";
    public static final String PRIVATE_NETWORK = "private-network";

    private SuiteEndpoints() {
    }

    /** The endpoints of an overlay's cluster, keyed by name. */
    public static Map<String, Endpoint> of(Overlay overlay) {
        var rendered = Kustomize.render(overlay);
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        for (Workload w : Workload.of(overlay)) {
            String namespace = w.resource().path("metadata").path("namespace").asText(NAMESPACE);
            add(endpoints, Endpoint.pod(w.name(), namespace, w.podLabels(), containerPorts(w)));
        }
        for (JsonNode kafka : rendered.ofKind("Kafka")) {
            strimzi(kafka, rendered.ofKind("KafkaNodePool")).forEach(e -> add(endpoints, e));
        }
        for (JsonNode cluster : rendered.ofKind("Cluster")) {
            add(endpoints, cloudNativePg(cluster));
        }
        for (JsonNode keycloak : rendered.ofKind("Keycloak")) {
            add(endpoints, keycloak(keycloak));
        }
        for (JsonNode realmImport : rendered.ofKind("KeycloakRealmImport")) {
            add(endpoints, realmImport(realmImport));
        }
        outside(overlay).forEach(e -> add(endpoints, e));
        return endpoints;
    }

    private static void add(Map<String, Endpoint> endpoints, Endpoint endpoint) {
        if (endpoints.put(endpoint.name(), endpoint) != null) {
            throw new IllegalStateException("two endpoints named " + endpoint.name());
        }
    }

    private static List<Port> containerPorts(Workload w) {
        List<Port> ports = new ArrayList<>();
        for (JsonNode c : w.containers()) {
            for (JsonNode p : c.path("ports")) {
                ports.add(new Port(p.path("name").asText(null), p.path("containerPort").asInt(),
                        p.path("protocol").asText("TCP")));
            }
        }
        return ports;
    }

    /**
     * Strimzi's pods of a KRaft cluster: one endpoint per KafkaNodePool (named like its pods,
     * {@code <cluster>-<pool>}), labelled as Strimzi labels them, listening on the control plane (controllers: 9090),
     * replication (brokers: 9091) and every listener of the Kafka CR (brokers), plus the node agent (8443, every node);
     * and the entity operator (topic and user operators' health ports).
     */
    static List<Endpoint> strimzi(JsonNode kafka, List<? extends JsonNode> nodePools) {
        String cluster = kafka.path("metadata").path("name").asText();
        List<Endpoint> endpoints = new ArrayList<>();
        for (JsonNode pool : nodePools) {
            if (!cluster.equals(pool.path("metadata").path("labels").path("strimzi.io/cluster").asText())) {
                continue;
            }
            String poolName = pool.path("metadata").path("name").asText();
            List<String> roles = new ArrayList<>();
            pool.path("spec").path("roles").forEach(r -> roles.add(r.asText()));
            boolean controller = roles.contains("controller");
            boolean broker = roles.contains("broker");
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("strimzi.io/cluster", cluster);
            labels.put("strimzi.io/kind", "Kafka");
            labels.put("strimzi.io/name", cluster + "-kafka");
            labels.put("strimzi.io/component-type", "kafka");
            labels.put("strimzi.io/pool-name", poolName);
            labels.put("strimzi.io/controller-role", Boolean.toString(controller));
            labels.put("strimzi.io/broker-role", Boolean.toString(broker));
            labels.put("app.kubernetes.io/name", "kafka");
            labels.put("app.kubernetes.io/instance", cluster);
            labels.put("app.kubernetes.io/part-of", "strimzi-" + cluster);
            labels.put("app.kubernetes.io/managed-by", "strimzi-cluster-operator");
            List<Port> ports = new ArrayList<>();
            if (controller) {
                ports.add(Port.tcp("tcp-ctrlplane", 9090));
            }
            if (broker) {
                ports.add(Port.tcp("tcp-replication", 9091));
                for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
                    ports.add(Port.tcp("tcp-" + listener.path("name").asText(), listener.path("port").asInt()));
                }
            }
            ports.add(Port.tcp("tcp-kafkaagent", 8443));
            endpoints.add(Endpoint.pod(cluster + "-" + poolName, namespaceOf(kafka), labels, ports));
        }
        if (kafka.path("spec").has("entityOperator")) {
            Map<String, String> labels = Map.of("strimzi.io/cluster", cluster, "strimzi.io/kind", "Kafka",
                    "strimzi.io/name", cluster + "-entity-operator", "strimzi.io/component-type", "entity-operator",
                    "app.kubernetes.io/name", "entity-operator", "app.kubernetes.io/instance", cluster,
                    "app.kubernetes.io/managed-by", "strimzi-cluster-operator");
            endpoints.add(Endpoint.pod(cluster + "-entity-operator", namespaceOf(kafka), labels,
                    List.of(Port.tcp("healthcheck", 8080), Port.tcp("healthcheck-uo", 8081))));
        }
        return endpoints;
    }

    /**
     * A CloudNativePG cluster's instances (primary and replicas look alike to the policies, which select the
     * cluster), and its initdb/join job pods, which carry the same cluster label: PostgreSQL, the instance manager's
     * status port the operator polls, and the metrics exporter.
     */
    static Endpoint cloudNativePg(JsonNode cluster) {
        String name = cluster.path("metadata").path("name").asText();
        return Endpoint.pod(name, namespaceOf(cluster),
                Map.of("cnpg.io/cluster", name, "cnpg.io/podRole", "instance"),
                List.of(Port.tcp("postgresql", 5432), Port.tcp("status", 8000), Port.tcp("metrics", 9187)));
    }

    /**
     * The Keycloak operator's server pods: HTTPS, the management interface (health, metrics) and the distributed
     * caches' JGroups ports (7800, and 57800 for failure detection).
     */
    static Endpoint keycloak(JsonNode keycloak) {
        String name = keycloak.path("metadata").path("name").asText();
        return Endpoint.pod(name, namespaceOf(keycloak),
                Map.of("app", "keycloak", "app.kubernetes.io/instance", name,
                        "app.kubernetes.io/managed-by", "keycloak-operator", "app.kubernetes.io/component", "server"),
                List.of(Port.tcp("https", 8443), Port.tcp("management", 9000), Port.tcp("jgroups", 7800),
                        Port.tcp("jgroups-fd", 57800)));
    }

    /** The operator's realm import Job's pod (it writes the realm into Keycloak's database and exits). */
    static Endpoint realmImport(JsonNode realmImport) {
        return Endpoint.pod("keycloak-realm-import", namespaceOf(realmImport), Map.of("app", "keycloak-realm-import"),
                List.of());
    }

    /**
     * Outside the namespace: the platform's parts (each where the README has it), an outside Kafka client's
     * namespace, an unrelated application (nothing may reach or be reached by it), the API server's addresses as this
     * overlay's cluster has them, and one public and one private address.
     */
    static List<Endpoint> outside(Overlay overlay) {
        List<Endpoint> endpoints = new ArrayList<>();
        endpoints.add(Endpoint.pod(INGRESS_CONTROLLER, INGRESS_NAMESPACE,
                Map.of("app.kubernetes.io/name", "ingress-nginx", "app.kubernetes.io/component", "controller"),
                List.of(Port.tcp("http", 80), Port.tcp("https", 443))));
        endpoints.add(Endpoint.pod(PROMETHEUS, MONITORING_NAMESPACE, Map.of("app.kubernetes.io/name", "prometheus"),
                List.of(Port.tcp("web", 9090))));
        endpoints.add(Endpoint.pod(GRAFANA, MONITORING_NAMESPACE, Map.of("app.kubernetes.io/name", "grafana"),
                List.of(Port.tcp("http", 3000))));
        endpoints.add(Endpoint.pod(KUBE_DNS, "kube-system", Map.of("k8s-app", "kube-dns"),
                List.of(Port.udp("dns", 53), Port.tcp("dns-tcp", 53), Port.tcp("metrics", 9153))));
        endpoints.add(Endpoint.pod(STRIMZI_OPERATOR, STRIMZI_NAMESPACE,
                Map.of("name", "strimzi-cluster-operator", "strimzi.io/kind", "cluster-operator"),
                List.of(Port.tcp("http", 8080))));
        endpoints.add(Endpoint.pod(CNPG_OPERATOR, CNPG_NAMESPACE, Map.of("app.kubernetes.io/name", "cloudnative-pg"),
                List.of(Port.tcp("webhook-server", 9443), Port.tcp("metrics", 8080))));
        endpoints.add(Endpoint.pod(KEYCLOAK_OPERATOR, KEYCLOAK_OPERATOR_NAMESPACE,
                Map.of("app.kubernetes.io/name", "keycloak-operator"), List.of(Port.tcp("http", 8080))));
        endpoints.add(new Endpoint(OUTSIDE_KAFKA_CLIENT, "partner-apps", Map.of("app", "data-holder"),
                Map.of(Endpoint.NAMESPACE_NAME_LABEL, "partner-apps", KAFKA_CLIENT_NAMESPACE_LABEL, "true"),
                List.of(), null));
        endpoints.add(Endpoint.pod(OTHER_APP, "default", Map.of("app.kubernetes.io/name", "consent-service"),
                List.of(Port.tcp("http", 8080))));
        endpoints.addAll(apiServer(overlay));
        endpoints.add(Endpoint.address(PUBLIC_INTERNET, "203.0.113.10", List.of(Port.tcp("https", 443),
                Port.tcp("http", 80))));
        endpoints.add(Endpoint.address(PRIVATE_NETWORK, "10.200.0.10", List.of(Port.tcp("https", 443),
                Port.tcp("kube-apiserver", 6443), Port.tcp("postgresql", 5432))));
        return endpoints;
    }

    /**
     * The Kubernetes API server as the pods reach it. Local (kind): the kubernetes Service's address (10.96.0.1:443)
     * and the control-plane node on kind's Docker network (172.18.0.2:6443), where the CNI sees the traffic after the
     * Service's translation. Prod: the address the platform team writes into overlays/prod/cluster-addresses.yaml
     * (a local-config ConfigMap Kustomize does not emit, so it is read from the file), on either port.
     */
    static List<Endpoint> apiServer(Overlay overlay) {
        if (overlay == Overlay.LOCAL) {
            return List.of(Endpoint.address("kube-apiserver-service", "10.96.0.1", List.of(Port.tcp("https", 443))),
                    Endpoint.address("kube-apiserver", "172.18.0.2", List.of(Port.tcp("https", 6443))));
        }
        var file = Kustomize.deployDir().resolve(overlay.dir()).resolve("cluster-addresses.yaml");
        try {
            String cidr = Kustomize.parse(Files.readString(file)).get(0).path("data").path("kube-apiserver-cidr")
                    .asText();
            return List.of(Endpoint.address("kube-apiserver", cidr.substring(0, cidr.indexOf('/')),
                    List.of(Port.tcp("https", 443), Port.tcp("https-alt", 6443))));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    private static String namespaceOf(JsonNode resource) {
        return resource.path("metadata").path("namespace").asText(NAMESPACE);
    }
}
