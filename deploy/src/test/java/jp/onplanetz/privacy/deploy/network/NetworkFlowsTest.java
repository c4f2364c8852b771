package jp.onplanetz.privacy.deploy.network;

import jp.onplanetz.privacy.deploy.render.Kustomize;
import jp.onplanetz.privacy.deploy.render.Overlay;
import jp.onplanetz.privacy.deploy.rules.Workload;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import static jp.onplanetz.privacy.deploy.network.SuiteEndpoints.CNPG_OPERATOR;
import static jp.onplanetz.privacy.deploy.network.SuiteEndpoints.INGRESS_CONTROLLER;
import static jp.onplanetz.privacy.deploy.network.SuiteEndpoints.KUBE_DNS;
import static jp.onplanetz.privacy.deploy.network.SuiteEndpoints.NAMESPACE;
import static jp.onplanetz.privacy.deploy.network.SuiteEndpoints.OTHER_APP;
import static jp.onplanetz.privacy.deploy.network.SuiteEndpoints.OUTSIDE_KAFKA_CLIENT;
import static jp.onplanetz.privacy.deploy.network.SuiteEndpoints.PROMETHEUS;
import static jp.onplanetz.privacy.deploy.network.SuiteEndpoints.PUBLIC_INTERNET;
import static jp.onplanetz.privacy.deploy.network.SuiteEndpoints.STRIMZI_OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rendered NetworkPolicies allow exactly the flows the suite is designed to have: the matrix below is that
 * design, written out, and the evaluator computes what the policies allow between every pair of endpoints on every
 * port the destination listens on. A flow the design has and the policies block (the suite breaks) and a flow the
 * policies allow and the design lacks (a hole) both fail, listed.
 */
class NetworkFlowsTest {

    /** A database per service (and Keycloak's): each service reaches its own and no other. */
    static final Map<String, String> DATABASE_OF = Map.of("consent-service", "consent-db",
            "disclosure-log-service", "disclosure-log-db", "data-request-service", "data-request-db",
            "analytics-gateway", "analytics-db", "keycloak", "keycloak-db");
    private static final String LEDGER_VERIFIER = "ledger-verifier";
    private static final String MIGRATION = "disclosure-log-migrate";
    private static final String KEYCLOAK = "keycloak";
    private static final String REALM_IMPORT = "keycloak-realm-import";
    private static final String ENTITY_OPERATOR = "privacy-ops-entity-operator";

    /** The design, for one overlay's endpoints (node pools, database clusters and API server addresses vary). */
    static Set<Flow> expected(Overlay overlay, Map<String, Endpoint> endpoints) {
        Expected e = new Expected(endpoints);
        List<String> brokers = e.names(p -> "true".equals(p.labels().get("strimzi.io/broker-role")));
        List<String> controllers = e.names(p -> "true".equals(p.labels().get("strimzi.io/controller-role")));
        List<String> kafkaNodes = e.names(p -> "privacy-ops-kafka".equals(p.labels().get("strimzi.io/name")));
        List<String> databases = e.names(p -> p.labels().containsKey("cnpg.io/cluster"));
        List<String> apiServer = e.names(p -> p.name().startsWith("kube-apiserver"));
        List<String> inNamespace = e.names(p -> NAMESPACE.equals(p.namespace()));

        for (String service : Workload.SERVICES) {
            e.flow(service, DATABASE_OF.get(service), 5432);
            e.flows(List.of(service), brokers, 9093);
            e.flow(service, KEYCLOAK, 8443);
            // the suite's API for people and systems, and metrics
            e.flow(INGRESS_CONTROLLER, service, 8080);
            e.flow(PROMETHEUS, service, 8080);
        }
        // the recipients of the policy and the standing of consents
        e.flow("disclosure-log-service", "consent-service", 8080);

        // the verifier compares the disclosure log's database with the checkpoints on Kafka; the migration runs
        // Flyway as the owner
        e.flow(LEDGER_VERIFIER, DATABASE_OF.get("disclosure-log-service"), 5432);
        e.flows(List.of(LEDGER_VERIFIER), brokers, 9093);
        e.flow(MIGRATION, DATABASE_OF.get("disclosure-log-service"), 5432);

        // every pod of the namespace resolves names
        for (String pod : inNamespace) {
            e.flow(pod, KUBE_DNS, 53, "UDP");
            e.flow(pod, KUBE_DNS, 53, "TCP");
        }

        // Kafka: the KRaft quorum (every node to the controllers), replication between brokers, the entity
        // operator's administration over replication, Strimzi's cluster operator on the quorum, replication and the
        // node agent of each node, the outside clients (the catalogue's outside producers and consumers) on the TLS
        // listener; the entity operator watches its KafkaTopics and KafkaUsers through the API server.
        e.flows(kafkaNodes, controllers, 9090);
        e.flows(brokers, brokers, 9091);
        e.flows(List.of(ENTITY_OPERATOR), brokers, 9091);
        e.flows(List.of(STRIMZI_OPERATOR), controllers, 9090);
        e.flows(List.of(STRIMZI_OPERATOR), brokers, 9091);
        e.flows(List.of(STRIMZI_OPERATOR), kafkaNodes, 8443);
        e.flows(List.of(OUTSIDE_KAFKA_CLIENT), brokers, 9093);
        e.toEveryPort(ENTITY_OPERATOR, apiServer);

        // PostgreSQL: each cluster's instances among themselves (streaming replication, cloning a replica), the
        // operator polling each instance manager, Prometheus scraping the exporter, the instance manager watching
        // its Cluster through the API server; in prod the WAL archive and base backups to the object store.
        for (String database : databases) {
            e.flow(database, database, 5432);
            e.flow(CNPG_OPERATOR, database, 8000);
            e.flow(PROMETHEUS, database, 9187);
            e.toEveryPort(database, apiServer);
            if (overlay == Overlay.PROD) {
                e.flow(database, PUBLIC_INTERNET, 443);
            }
        }

        // Keycloak: its database (the server and the realm import Job), its cluster's caches, and people signing in
        // through the ingress controller
        e.flow(KEYCLOAK, DATABASE_OF.get(KEYCLOAK), 5432);
        e.flow(REALM_IMPORT, DATABASE_OF.get(KEYCLOAK), 5432);
        e.flow(KEYCLOAK, KEYCLOAK, 7800);
        e.flow(KEYCLOAK, KEYCLOAK, 57800);
        e.flow(INGRESS_CONTROLLER, KEYCLOAK, 8443);
        return e.flows;
    }

    @ParameterizedTest
    @EnumSource(Overlay.class)
    void the_policies_allow_exactly_the_designed_flows(Overlay overlay) {
        Map<String, Endpoint> endpoints = SuiteEndpoints.of(overlay);
        Set<Flow> allowed = evaluator(overlay).allowedFlows(List.copyOf(endpoints.values()));
        Set<Flow> expected = expected(overlay, endpoints);

        Set<Flow> missing = new TreeSet<>(expected);
        missing.removeAll(allowed);
        Set<Flow> extra = new TreeSet<>(allowed);
        extra.removeAll(expected);
        assertThat(missing.isEmpty() && extra.isEmpty())
                .as("%s: designed but blocked (%d):%n  %s%nallowed but not designed (%d):%n  %s", overlay,
                        missing.size(), String.join("\n  ", missing.stream().map(Flow::toString).toList()),
                        extra.size(), String.join("\n  ", extra.stream().map(Flow::toString).toList()))
                .isTrue();
    }

    @ParameterizedTest
    @EnumSource(Overlay.class)
    void no_service_reaches_another_services_database_on_any_port(Overlay overlay) {
        Map<String, Endpoint> endpoints = SuiteEndpoints.of(overlay);
        var evaluator = evaluator(overlay);
        for (String service : Workload.SERVICES) {
            for (var database : DATABASE_OF.values()) {
                Endpoint db = endpoints.get(database);
                assertThat(db).as("the " + database + " cluster is rendered").isNotNull();
                if (database.equals(DATABASE_OF.get(service))) {
                    assertThat(evaluator.allows(endpoints.get(service), db, 5432, "TCP")).as(service + " -> " + database)
                            .isTrue();
                    continue;
                }
                for (Endpoint.Port port : db.ports()) {
                    assertThat(evaluator.allows(endpoints.get(service), db, port.number(), port.protocol()))
                            .as(service + " -> " + database + " " + port.number()).isFalse();
                }
            }
        }
    }

    /**
     * A pod of another namespace that wears a service's labels is not that service: selectors without a namespace
     * mean the policy's own namespace, so it reaches nothing and nothing reaches it.
     */
    @ParameterizedTest
    @EnumSource(Overlay.class)
    void an_unrelated_application_reaches_nothing_of_the_suite(Overlay overlay) {
        Map<String, Endpoint> endpoints = SuiteEndpoints.of(overlay);
        Set<Flow> allowed = evaluator(overlay).allowedFlows(List.copyOf(endpoints.values()));

        assertThat(allowed).noneMatch(f -> f.source().equals(OTHER_APP) || f.destination().equals(OTHER_APP));
    }

    private static NetworkPolicyEvaluator evaluator(Overlay overlay) {
        return new NetworkPolicyEvaluator(Kustomize.render(overlay).ofKind("NetworkPolicy"));
    }

    /** Builds the design's flows, refusing a name no endpoint has (a typo in the design would hide a flow). */
    private static final class Expected {
        private final Map<String, Endpoint> endpoints;
        private final Set<Flow> flows = new TreeSet<>();

        Expected(Map<String, Endpoint> endpoints) {
            this.endpoints = endpoints;
        }

        List<String> names(Predicate<Endpoint> which) {
            return endpoints.values().stream().filter(which).map(Endpoint::name).toList();
        }

        void flow(String source, String destination, int port) {
            flow(source, destination, port, "TCP");
        }

        void flow(String source, String destination, int port, String protocol) {
            for (String name : List.of(source, destination)) {
                if (!endpoints.containsKey(name)) {
                    throw new AssertionError("the design names " + name + ", which the cluster lacks: " + endpoints.keySet());
                }
            }
            flows.add(new Flow(source, destination, port, protocol));
        }

        void flows(List<String> sources, List<String> destinations, int port) {
            if (sources.isEmpty() || destinations.isEmpty()) {
                throw new AssertionError("a flow group is empty: " + sources + " -> " + destinations);
            }
            sources.forEach(s -> destinations.forEach(d -> flow(s, d, port)));
        }

        void toEveryPort(String source, List<String> destinations) {
            if (destinations.isEmpty()) {
                throw new AssertionError("no destination for " + source);
            }
            for (String d : destinations) {
                endpoints.get(d).ports().forEach(p -> flow(source, d, p.number(), p.protocol()));
            }
        }
    }
}
