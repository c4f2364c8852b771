package jp.onplanetz.privacy.deploy.network;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a set of {@code networking.k8s.io/v1} NetworkPolicies allows, by the semantics the Kubernetes API documents
 * (what every conforming CNI enforces). No cluster can be reached here, so this is the proof's only enforcer: it is
 * small, reads the policies as JSON exactly as Kustomize rendered them, and refuses what the API server would refuse
 * rather than guess (a peer naming nothing, an ipBlock beside a selector, an endPort on a named port).
 *
 * <p>Rules it implements:
 * <ul>
 * <li>A pod is isolated in a direction when a policy of its namespace selects it with that policy type; then only
 * what one of those policies' rules allows passes. A pod no policy selects is open in that direction.</li>
 * <li>{@code policyTypes} absent: Ingress always, Egress only when the policy has egress rules.</li>
 * <li>A flow between pods needs the source's egress and the destination's ingress. An endpoint that is not a pod
 * of a namespace with policies (outside addresses) has no side of its own.</li>
 * <li>One peer's {@code podSelector} and {@code namespaceSelector} both hold (AND); separate peers are
 * alternatives (OR). A {@code podSelector} alone means the policy's own namespace.</li>
 * <li>Ports: absent or empty means every port; protocol defaults to TCP; a port absent with a protocol means every
 * port of it; {@code endPort} makes a range; a named port is resolved against the destination pod's container
 * ports (in both directions, as Kubernetes does).</li>
 * <li>{@code ipBlock} matches addresses in its CIDR outside its exceptions. Pods here carry no address: pod IPs are
 * ephemeral and the suite names pods by labels, so an ipBlock never matches a pod in this model.</li>
 * </ul>
 */
public final class NetworkPolicyEvaluator {
    private static final String INGRESS = "Ingress";
    private static final String EGRESS = "Egress";

    private final List<JsonNode> policies;

    public NetworkPolicyEvaluator(List<? extends JsonNode> networkPolicies) {
        this.policies = List.copyOf(networkPolicies);
        for (JsonNode policy : policies) {
            namespaceOf(policy);
            if (!policy.path("spec").path("podSelector").isObject()) {
                throw new IllegalArgumentException(nameOf(policy) + " has no spec.podSelector (use {} for every pod)");
            }
        }
    }

    /**
     * Every allowed flow between the endpoints (to each port the destination listens on) that has an end in a
     * namespace these policies govern, sorted. Flows between two outside endpoints are not these policies' business.
     */
    public Set<Flow> allowedFlows(List<Endpoint> endpoints) {
        Set<String> governed = new HashSet<>();
        policies.forEach(p -> governed.add(namespaceOf(p)));
        Set<Flow> flows = new TreeSet<>();
        for (Endpoint from : endpoints) {
            for (Endpoint to : endpoints) {
                if (!governed.contains(from.namespace()) && !governed.contains(to.namespace())) {
                    continue;
                }
                for (Endpoint.Port port : to.ports()) {
                    if (allows(from, to, port.number(), port.protocol())) {
                        flows.add(new Flow(from.name(), to.name(), port.number(), port.protocol()));
                    }
                }
            }
        }
        return flows;
    }

    /** Whether a connection from one endpoint to another's port passes both the source's and the destination's side. */
    public boolean allows(Endpoint from, Endpoint to, int port, String protocol) {
        return sideAllows(EGRESS, from, to, to, port, protocol) && sideAllows(INGRESS, to, from, to, port, protocol);
    }

    /**
     * One side of a flow: {@code subject} is the pod whose policies are asked (the source for Egress, the
     * destination for Ingress), {@code peer} the other end; {@code destination} resolves named ports.
     */
    private boolean sideAllows(String direction, Endpoint subject, Endpoint peer, Endpoint destination, int port,
            String protocol) {
        if (!subject.isPod()) {
            return true;
        }
        boolean isolated = false;
        for (JsonNode policy : policies) {
            if (!namespaceOf(policy).equals(subject.namespace())
                    || !selects(policy.path("spec").path("podSelector"), subject.labels())
                    || !policyTypes(policy).contains(direction)) {
                continue;
            }
            isolated = true;
            String rulesField = direction.equals(INGRESS) ? "ingress" : "egress";
            String peersField = direction.equals(INGRESS) ? "from" : "to";
            for (JsonNode rule : policy.path("spec").path(rulesField)) {
                if (peersMatch(policy, rule.path(peersField), peer) && portsMatch(policy, rule.path("ports"), destination,
                        port, protocol)) {
                    return true;
                }
            }
        }
        return !isolated;
    }

    /** The policy's types, defaulted as the API server defaults them. */
    static Set<String> policyTypes(JsonNode policy) {
        JsonNode spec = policy.path("spec");
        Set<String> types = new TreeSet<>();
        if (spec.path("policyTypes").isArray() && !spec.path("policyTypes").isEmpty()) {
            spec.path("policyTypes").forEach(t -> {
                if (!t.asText().equals(INGRESS) && !t.asText().equals(EGRESS)) {
                    throw new IllegalArgumentException(nameOf(policy) + ": unknown policy type " + t);
                }
                types.add(t.asText());
            });
            return types;
        }
        types.add(INGRESS);
        if (spec.path("egress").isArray() && !spec.path("egress").isEmpty()) {
            types.add(EGRESS);
        }
        return types;
    }

    /** Absent or empty peers: everyone. Otherwise any one peer. */
    private static boolean peersMatch(JsonNode policy, JsonNode peers, Endpoint peer) {
        if (peers.isMissingNode() || peers.isNull() || peers.isEmpty()) {
            return true;
        }
        for (JsonNode p : peers) {
            if (peerMatches(policy, p, peer)) {
                return true;
            }
        }
        return false;
    }

    private static boolean peerMatches(JsonNode policy, JsonNode p, Endpoint endpoint) {
        boolean hasPods = p.has("podSelector");
        boolean hasNamespaces = p.has("namespaceSelector");
        if (p.has("ipBlock")) {
            if (hasPods || hasNamespaces) {
                throw new IllegalArgumentException(nameOf(policy) + ": an ipBlock cannot be combined with a selector: " + p);
            }
            return endpoint.ip() != null && inBlock(p.path("ipBlock"), endpoint.ip());
        }
        if (!hasPods && !hasNamespaces) {
            throw new IllegalArgumentException(nameOf(policy) + ": a peer must name pods, namespaces or an ipBlock: " + p);
        }
        if (!endpoint.isPod()) {
            return false;
        }
        boolean namespaceOk = hasNamespaces ? selects(p.path("namespaceSelector"), endpoint.namespaceLabels())
                : endpoint.namespace().equals(namespaceOf(policy));
        return namespaceOk && (!hasPods || selects(p.path("podSelector"), endpoint.labels()));
    }

    /** Absent or empty ports: every port. Otherwise any one entry. */
    private static boolean portsMatch(JsonNode policy, JsonNode ports, Endpoint destination, int port, String protocol) {
        if (ports.isMissingNode() || ports.isNull() || ports.isEmpty()) {
            return true;
        }
        for (JsonNode entry : ports) {
            String entryProtocol = entry.path("protocol").asText("TCP");
            if (!entryProtocol.equals(protocol)) {
                continue;
            }
            JsonNode p = entry.path("port");
            if (p.isMissingNode() || p.isNull()) {
                if (entry.has("endPort")) {
                    throw new IllegalArgumentException(nameOf(policy) + ": endPort without port: " + entry);
                }
                return true;
            }
            if (p.isTextual()) {
                if (p.asText().chars().allMatch(Character::isDigit)) {
                    // IntOrString: a quoted number is a name, and a port name must contain a letter
                    throw new IllegalArgumentException(nameOf(policy) + ": a port name needs a letter: " + entry);
                }
                if (entry.has("endPort")) {
                    throw new IllegalArgumentException(nameOf(policy) + ": endPort on a named port: " + entry);
                }
                if (destination.port(p.asText(), protocol).map(resolved -> resolved.number() == port).orElse(false)) {
                    return true;
                }
                continue;
            }
            int first = p.asInt();
            int last = entry.has("endPort") ? entry.path("endPort").asInt() : first;
            if (last < first) {
                throw new IllegalArgumentException(nameOf(policy) + ": endPort below port: " + entry);
            }
            if (port >= first && port <= last) {
                return true;
            }
        }
        return false;
    }

    /** A label selector as Kubernetes defines it: every matchLabels entry and every expression hold; {} selects all. */
    public static boolean selects(JsonNode selector, Map<String, String> labels) {
        var fields = selector.fieldNames();
        while (fields.hasNext()) {
            String field = fields.next();
            if (!field.equals("matchLabels") && !field.equals("matchExpressions")) {
                throw new IllegalArgumentException("not a label selector field: " + field);
            }
        }
        JsonNode matchLabels = selector.path("matchLabels");
        var keys = matchLabels.fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            if (!matchLabels.path(key).asText().equals(labels.get(key))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            String operator = expression.path("operator").asText();
            boolean holds = switch (operator) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> throw new IllegalArgumentException("unknown selector operator: " + operator);
            };
            if ((operator.equals("In") || operator.equals("NotIn")) == values.isEmpty()) {
                // the API server refuses In/NotIn without values and Exists/DoesNotExist with them
                throw new IllegalArgumentException("invalid selector expression: " + expression);
            }
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    private static boolean inBlock(JsonNode ipBlock, String ip) {
        if (!inCidr(ipBlock.path("cidr").asText(), ip)) {
            return false;
        }
        for (JsonNode except : ipBlock.path("except")) {
            if (inCidr(except.asText(), ip)) {
                return false;
            }
        }
        return true;
    }

    static boolean inCidr(String cidr, String ip) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR: " + cidr);
        }
        byte[] network = literal(cidr.substring(0, slash));
        byte[] address = literal(ip);
        if (network.length != address.length) {
            return false;
        }
        int bits = network.length * 8;
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("not a CIDR: " + cidr);
        }
        BigInteger mask = prefix == 0 ? BigInteger.ZERO
                : BigInteger.ONE.shiftLeft(prefix).subtract(BigInteger.ONE).shiftLeft(bits - prefix);
        return new BigInteger(1, network).and(mask).equals(new BigInteger(1, address).and(mask));
    }

    /** An address literal (never a host name: InetAddress would look a name up). */
    private static byte[] literal(String text) {
        if (!text.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
    }

    private static String namespaceOf(JsonNode policy) {
        String namespace = policy.path("metadata").path("namespace").asText("");
        if (namespace.isEmpty()) {
            // a namespace-less policy would land wherever kubectl points: the render must say where
            throw new IllegalArgumentException(nameOf(policy) + " has no metadata.namespace");
        }
        return namespace;
    }

    private static String nameOf(JsonNode policy) {
        return "NetworkPolicy " + policy.path("metadata").path("name").asText("?");
    }
}
