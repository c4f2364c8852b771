package jp.onplanetz.privacy.deploy.network;

import com.fasterxml.jackson.databind.JsonNode;
import jp.onplanetz.privacy.deploy.network.Endpoint.Port;
import jp.onplanetz.privacy.deploy.render.Kustomize;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The evaluator is the only enforcer the network proof has (no CNI runs here), so each rule of the NetworkPolicy API
 * it implements is pinned by a small policy whose meaning the Kubernetes documentation states, with the case on
 * each side of the rule.
 */
class NetworkPolicyEvaluatorTest {
    private static final String APP = "app";

    private static final Endpoint SERVER = Endpoint.pod("server", APP, Map.of("role", "server"),
            List.of(Port.tcp("http", 8080), Port.tcp("admin", 9000), Port.udp("dns", 53)));
    private static final Endpoint CLIENT = Endpoint.pod("client", APP, Map.of("role", "client"), List.of());
    private static final Endpoint OTHER = Endpoint.pod("other", APP, Map.of("role", "other"), List.of());
    private static final Endpoint CLIENT_ELSEWHERE = Endpoint.pod("client-elsewhere", "elsewhere",
            Map.of("role", "client"), List.of());
    private static final Endpoint OTHER_ELSEWHERE = Endpoint.pod("other-elsewhere", "elsewhere",
            Map.of("role", "other"), List.of());
    private static final Endpoint CLIENT_THIRD = Endpoint.pod("client-third", "third", Map.of("role", "client"),
            List.of());

    /** Policies as YAML documents, the way they reach the evaluator from a render. */
    private static NetworkPolicyEvaluator policies(String yaml) {
        List<? extends JsonNode> documents = Kustomize.parse(yaml);
        return new NetworkPolicyEvaluator(documents);
    }

    private static String policy(String name, String spec) {
        return """
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata:
                  name: %s
                  namespace: app
                spec:
                %s
                """.formatted(name, spec.indent(2).stripTrailing());
    }

    @Nested
    class Isolation {
        @Test
        void a_pod_no_policy_selects_is_open_both_ways() {
            var evaluator = policies(policy("only-others", """
                    podSelector: {matchLabels: {role: other}}
                    policyTypes: [Ingress, Egress]"""));

            assertThat(evaluator.allows(CLIENT, SERVER, 8080, "TCP")).isTrue();
            assertThat(evaluator.allows(CLIENT, OTHER, 1234, "TCP")).isFalse();
            assertThat(evaluator.allows(OTHER, SERVER, 8080, "TCP")).isFalse();
        }

        @Test
        void default_deny_of_ingress_leaves_egress_open() {
            var evaluator = policies(policy("deny-ingress", """
                    podSelector: {}
                    policyTypes: [Ingress]"""));

            assertThat(evaluator.allows(CLIENT, SERVER, 8080, "TCP")).isFalse();
            assertThat(evaluator.allows(CLIENT, CLIENT_ELSEWHERE, 8080, "TCP")).isTrue();
        }

        @Test
        void default_deny_of_both_directions_stops_even_outbound_traffic() {
            var evaluator = policies(policy("deny-all", """
                    podSelector: {}
                    policyTypes: [Ingress, Egress]"""));

            assertThat(evaluator.allows(CLIENT, SERVER, 8080, "TCP")).isFalse();
            assertThat(evaluator.allows(CLIENT, CLIENT_ELSEWHERE, 8080, "TCP")).isFalse();
            assertThat(evaluator.allows(CLIENT_ELSEWHERE, OTHER_ELSEWHERE, 8080, "TCP"))
                    .as("a namespace without policies is not isolated").isTrue();
        }

        @Test
        void without_policy_types_a_policy_isolates_ingress_even_with_no_rules() {
            var evaluator = policies(policy("implied-ingress", "podSelector: {}"));

            assertThat(NetworkPolicyEvaluator.policyTypes(Kustomize.parse(policy("p", "podSelector: {}")).get(0)))
                    .containsExactly("Ingress");
            assertThat(evaluator.allows(CLIENT, SERVER, 8080, "TCP")).isFalse();
            assertThat(evaluator.allows(CLIENT, CLIENT_ELSEWHERE, 8080, "TCP")).isTrue();
        }

        @Test
        void without_policy_types_egress_is_isolated_only_when_egress_rules_are_present() {
            var withRules = policies(policy("egress-rules", """
                    podSelector: {matchLabels: {role: client}}
                    egress:
                      - to: [{podSelector: {matchLabels: {role: server}}}]"""));
            var emptyEgress = policies(policy("empty-egress", """
                    podSelector: {matchLabels: {role: client}}
                    ingress: [{}]
                    egress: []"""));

            assertThat(withRules.allows(CLIENT, CLIENT_ELSEWHERE, 8080, "TCP")).isFalse();
            assertThat(withRules.allows(CLIENT, SERVER, 8080, "TCP")).isTrue();
            assertThat(emptyEgress.allows(CLIENT, CLIENT_ELSEWHERE, 8080, "TCP"))
                    .as("an empty egress list does not imply Egress").isTrue();
        }

        @Test
        void explicit_egress_type_with_no_rules_denies_all_egress() {
            var evaluator = policies(policy("deny-egress", """
                    podSelector: {matchLabels: {role: client}}
                    policyTypes: [Egress]"""));

            assertThat(evaluator.allows(CLIENT, SERVER, 8080, "TCP")).isFalse();
            assertThat(evaluator.allows(OTHER, SERVER, 8080, "TCP")).isTrue();
            assertThat(evaluator.allows(SERVER, CLIENT, 8080, "TCP")).as("ingress is not isolated").isTrue();
        }

        @Test
        void policies_selecting_the_same_pod_add_up() {
            var evaluator = policies(policy("from-client", """
                    podSelector: {matchLabels: {role: server}}
                    ingress: [{from: [{podSelector: {matchLabels: {role: client}}}]}]""")
                    + policy("from-other", """
                    podSelector: {matchLabels: {role: server}}
                    ingress: [{from: [{podSelector: {matchLabels: {role: other}}}]}]"""));

            assertThat(evaluator.allows(CLIENT, SERVER, 8080, "TCP")).isTrue();
            assertThat(evaluator.allows(OTHER, SERVER, 8080, "TCP")).isTrue();
            assertThat(evaluator.allows(CLIENT_ELSEWHERE, SERVER, 8080, "TCP")).isFalse();
        }
    }

    @Nested
    class BothSides {
        private final NetworkPolicyEvaluator evaluator = policies(policy("deny-all", """
                podSelector: {}
                policyTypes: [Ingress, Egress]""") + policy("server-ingress", """
                podSelector: {matchLabels: {role: server}}
                policyTypes: [Ingress]
                ingress: [{from: [{podSelector: {matchLabels: {role: client}}}, {namespaceSelector: {}}]}]""")
                + policy("other-egress", """
                podSelector: {matchLabels: {role: other}}
                policyTypes: [Egress]
                egress: [{to: [{podSelector: {matchLabels: {role: server}}}]}]"""));

        @Test
        void a_flow_between_pods_needs_the_sources_egress_and_the_destinations_ingress() {
            assertThat(evaluator.allows(OTHER, SERVER, 8080, "TCP")).as("egress and ingress allow it").isTrue();
            assertThat(evaluator.allows(CLIENT, SERVER, 8080, "TCP")).as("ingress alone").isFalse();
        }

        @Test
        void ingress_from_any_namespace_lets_an_outside_pod_in_as_only_the_destination_side_counts() {
            assertThat(evaluator.allows(CLIENT_ELSEWHERE, SERVER, 8080, "TCP")).isTrue();
            assertThat(evaluator.allows(SERVER, CLIENT_ELSEWHERE, 8080, "TCP")).as("the server has no egress")
                    .isFalse();
        }

        @Test
        void allowed_flows_list_each_destination_port_and_skip_flows_the_policies_do_not_govern() {
            var flows = evaluator.allowedFlows(List.of(SERVER, CLIENT_ELSEWHERE, OTHER_ELSEWHERE));

            assertThat(flows).extracting(Flow::toString).containsExactly(
                    "client-elsewhere -> server 53/UDP", "client-elsewhere -> server 8080/TCP",
                    "client-elsewhere -> server 9000/TCP", "other-elsewhere -> server 53/UDP",
                    "other-elsewhere -> server 8080/TCP", "other-elsewhere -> server 9000/TCP");
        }
    }

    @Nested
    class Peers {
        private static final List<Endpoint> EVERYONE = List.of(CLIENT, OTHER, CLIENT_ELSEWHERE, OTHER_ELSEWHERE,
                CLIENT_THIRD);
        private static final String NAMESPACES_LABELLED = "{matchLabels: {kubernetes.io/metadata.name: elsewhere}}";

        private List<String> sourcesAllowedBy(String from) {
            var evaluator = policies(policy("server", """
                    podSelector: {matchLabels: {role: server}}
                    ingress: [{from: %s}]""".formatted(from)));
            return EVERYONE.stream().filter(e -> evaluator.allows(e, SERVER, 8080, "TCP")).map(Endpoint::name)
                    .toList();
        }

        @Test
        void a_pod_selector_alone_means_the_policys_own_namespace() {
            assertThat(sourcesAllowedBy("[{podSelector: {matchLabels: {role: client}}}]")).containsExactly("client");
        }

        @Test
        void a_namespace_selector_alone_means_every_pod_there() {
            assertThat(sourcesAllowedBy("[{namespaceSelector: " + NAMESPACES_LABELLED + "}]"))
                    .containsExactly("client-elsewhere", "other-elsewhere");
        }

        @Test
        void both_selectors_in_one_peer_must_both_hold() {
            assertThat(sourcesAllowedBy("[{namespaceSelector: " + NAMESPACES_LABELLED
                    + ", podSelector: {matchLabels: {role: client}}}]")).containsExactly("client-elsewhere");
        }

        @Test
        void the_same_selectors_as_separate_peers_are_alternatives() {
            assertThat(sourcesAllowedBy("[{namespaceSelector: " + NAMESPACES_LABELLED
                    + "}, {podSelector: {matchLabels: {role: client}}}]"))
                    .containsExactly("client", "client-elsewhere", "other-elsewhere");
        }

        @Test
        void an_empty_namespace_selector_with_a_pod_selector_means_those_pods_in_every_namespace() {
            assertThat(sourcesAllowedBy("[{namespaceSelector: {}, podSelector: {matchLabels: {role: client}}}]"))
                    .containsExactly("client", "client-elsewhere", "client-third");
        }

        @Test
        void an_absent_or_empty_from_admits_everyone() {
            var absent = policies(policy("server", """
                    podSelector: {matchLabels: {role: server}}
                    ingress: [{ports: [{port: 8080}]}]"""));

            assertThat(sourcesAllowedBy("[]")).hasSize(EVERYONE.size());
            assertThat(EVERYONE).allMatch(e -> absent.allows(e, SERVER, 8080, "TCP"));
            assertThat(EVERYONE).noneMatch(e -> absent.allows(e, SERVER, 9000, "TCP"));
        }

        @Test
        void an_ip_block_admits_addresses_in_its_range_outside_its_exceptions_and_never_a_pod() {
            var evaluator = policies(policy("client", """
                    podSelector: {matchLabels: {role: client}}
                    policyTypes: [Egress]
                    egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]}]"""));

            assertThat(evaluator.allows(CLIENT, Endpoint.address("in", "10.2.3.4", List.of()), 443, "TCP")).isTrue();
            assertThat(evaluator.allows(CLIENT, Endpoint.address("edge", "10.255.255.255", List.of()), 443, "TCP"))
                    .isTrue();
            assertThat(evaluator.allows(CLIENT, Endpoint.address("excepted", "10.1.9.9", List.of()), 443, "TCP"))
                    .isFalse();
            assertThat(evaluator.allows(CLIENT, Endpoint.address("outside", "11.0.0.1", List.of()), 443, "TCP"))
                    .isFalse();
            assertThat(evaluator.allows(CLIENT, Endpoint.address("v6", "fd00::1", List.of()), 443, "TCP"))
                    .as("another address family").isFalse();
            assertThat(evaluator.allows(CLIENT, SERVER, 8080, "TCP")).isFalse();
        }

        @ParameterizedTest
        @CsvSource({"10.96.0.1, 10.96.0.1/32, true", "10.96.0.2, 10.96.0.1/32, false", "172.18.0.5, 172.16.0.0/12, true",
                "172.32.0.5, 172.16.0.0/12, false", "8.8.8.8, 0.0.0.0/0, true", "fd00::1:2, fd00::/64, true",
                "fd00:0:0:1::2, fd00::/64, false"})
        void cidr_ranges_are_prefixes_of_the_address(String ip, String cidr, boolean inside) {
            assertThat(NetworkPolicyEvaluator.inCidr(cidr, ip)).isEqualTo(inside);
        }
    }

    @Nested
    class Selectors {
        @ParameterizedTest(name = "{0} on {1}: {2}")
        @CsvSource(delimiter = '|', value = {
                "{matchExpressions: [{key: tier, operator: In, values: [a, b]}]}          | tier=a  | true",
                "{matchExpressions: [{key: tier, operator: In, values: [a, b]}]}          | tier=c  | false",
                "{matchExpressions: [{key: tier, operator: In, values: [a, b]}]}          | none=x  | false",
                "{matchExpressions: [{key: tier, operator: NotIn, values: [a]}]}          | tier=c  | true",
                "{matchExpressions: [{key: tier, operator: NotIn, values: [a]}]}          | tier=a  | false",
                "{matchExpressions: [{key: tier, operator: NotIn, values: [a]}]}          | none=x  | true",
                "{matchExpressions: [{key: tier, operator: Exists}]}                      | tier=   | true",
                "{matchExpressions: [{key: tier, operator: Exists}]}                      | none=x  | false",
                "{matchExpressions: [{key: tier, operator: DoesNotExist}]}                | none=x  | true",
                "{matchExpressions: [{key: tier, operator: DoesNotExist}]}                | tier=a  | false",
                "{matchLabels: {tier: a}, matchExpressions: [{key: x, operator: Exists}]} | tier=a  | false",
                "{matchLabels: {tier: a}}                                                 | tier=a  | true",
                "{matchLabels: {tier: a}}                                                 | tier=b  | false",
                "{}                                                                       | none=x  | true"})
        void label_selectors_hold_when_every_requirement_holds(String selector, String label, boolean selects) {
            String[] kv = label.split("=", -1);
            JsonNode node = Kustomize.parse("s: " + selector).get(0).path("s");

            assertThat(NetworkPolicyEvaluator.selects(node, Map.of(kv[0], kv[1]))).isEqualTo(selects);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {"{matchExpressions: [{key: tier, operator: In}]}",
                "{matchExpressions: [{key: tier, operator: Exists, values: [a]}]}",
                "{matchExpressions: [{key: tier, operator: Equals, values: [a]}]}", "{matchLabel: {tier: a}}"})
        void selectors_the_api_server_would_refuse_are_refused(String selector) {
            JsonNode node = Kustomize.parse("s: " + selector).get(0).path("s");

            assertThatThrownBy(() -> NetworkPolicyEvaluator.selects(node, Map.of("tier", "a")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Ports {
        private List<String> portsAllowedBy(String ports, Endpoint destination) {
            var evaluator = policies(policy("server", """
                    podSelector: {}
                    ingress: [{ports: %s}]""".formatted(ports)));
            return List.of(new Port(null, 53, "UDP"), new Port(null, 53, "TCP"), new Port(null, 8080, "TCP"),
                    new Port(null, 8080, "UDP"), new Port(null, 8999, "TCP"), new Port(null, 9000, "TCP"),
                    new Port(null, 9001, "TCP"), new Port(null, 9000, "SCTP")).stream()
                    .filter(p -> evaluator.allows(CLIENT, destination, p.number(), p.protocol()))
                    .map(p -> p.number() + "/" + p.protocol()).toList();
        }

        @Test
        void a_port_without_a_protocol_is_tcp() {
            assertThat(portsAllowedBy("[{port: 8080}]", SERVER)).containsExactly("8080/TCP");
        }

        @Test
        void a_protocol_without_a_port_is_every_port_of_it() {
            assertThat(portsAllowedBy("[{protocol: UDP}]", SERVER)).containsExactly("53/UDP", "8080/UDP");
        }

        @Test
        void an_end_port_makes_an_inclusive_range() {
            assertThat(portsAllowedBy("[{port: 8080, endPort: 9000}]", SERVER))
                    .containsExactly("8080/TCP", "8999/TCP", "9000/TCP");
        }

        @Test
        void several_entries_are_alternatives() {
            assertThat(portsAllowedBy("[{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]", SERVER))
                    .containsExactly("53/UDP", "53/TCP");
        }

        @Test
        void a_named_port_is_the_destination_pods_container_port_of_that_name_and_protocol() {
            Endpoint adminElsewhere = Endpoint.pod("admin-on-9001", APP, Map.of(),
                    List.of(Port.tcp("admin", 9001), Port.udp("http", 8080)));

            assertThat(portsAllowedBy("[{port: admin}]", SERVER)).containsExactly("9000/TCP");
            assertThat(portsAllowedBy("[{port: admin}]", adminElsewhere)).containsExactly("9001/TCP");
            assertThat(portsAllowedBy("[{port: http}]", adminElsewhere)).as("http is UDP there").isEmpty();
            assertThat(portsAllowedBy("[{port: dns, protocol: UDP}]", SERVER)).containsExactly("53/UDP");
            assertThat(portsAllowedBy("[{port: missing}]", SERVER)).isEmpty();
        }

        @Test
        void a_named_port_in_an_egress_rule_is_resolved_on_the_destination_too() {
            var evaluator = policies(policy("client", """
                    podSelector: {matchLabels: {role: client}}
                    policyTypes: [Egress]
                    egress: [{ports: [{port: admin}]}]"""));

            assertThat(evaluator.allows(CLIENT, SERVER, 9000, "TCP")).isTrue();
            assertThat(evaluator.allows(CLIENT, SERVER, 8080, "TCP")).isFalse();
            assertThat(evaluator.allows(CLIENT, Endpoint.address("api", "10.0.0.1", List.of()), 9000, "TCP"))
                    .as("an address has no named ports").isFalse();
        }
    }

    @Nested
    class Refusals {
        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
                "ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]}]",
                "ingress: [{from: [{}]}]",
                "ingress: [{ports: [{port: http, endPort: 9000}]}]",
                "ingress: [{ports: [{port: 9000, endPort: 8080}]}]",
                "ingress: [{ports: [{port: '8080'}]}]",
                "ingress: [{from: [{ipBlock: {cidr: 10.0.0.0}}]}]"})
        void what_the_api_server_would_refuse_fails_instead_of_being_guessed(String rules) {
            var evaluator = policies(policy("bad", "podSelector: {}\n" + rules));

            assertThatThrownBy(() -> evaluator.allows(Endpoint.address("a", "10.1.1.1", List.of()), SERVER, 8080, "TCP"))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void a_policy_without_a_namespace_or_pod_selector_is_refused() {
            assertThatThrownBy(() -> policies("""
                    kind: NetworkPolicy
                    metadata: {name: nowhere}
                    spec: {podSelector: {}}""")).hasMessageContaining("namespace");
            assertThatThrownBy(() -> policies(policy("no-selector", "policyTypes: [Ingress]")))
                    .hasMessageContaining("podSelector");
        }
    }
}
