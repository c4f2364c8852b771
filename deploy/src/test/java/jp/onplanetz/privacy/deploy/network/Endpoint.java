package jp.onplanetz.privacy.deploy.network;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One end of a flow: a pod (all replicas of one workload or operator-managed set look alike to a NetworkPolicy, so
 * one endpoint stands for all of them) or an address that is not a pod (the API server), which only an
 * {@code ipBlock} can name.
 *
 * @param name how the expected matrix names it
 * @param namespace the pod's namespace; {@code null} for an address
 * @param labels the pod's labels (empty for an address)
 * @param namespaceLabels its namespace's labels (what a {@code namespaceSelector} sees)
 * @param ports what it listens on (the candidate destination ports of every flow to it)
 * @param ip the address an {@code ipBlock} is checked against; {@code null} for pods, whose addresses are
 *        ephemeral and which the suite's policies name by labels only
 */
public record Endpoint(String name, String namespace, Map<String, String> labels, Map<String, String> namespaceLabels,
        List<Port> ports, String ip) {

    /** The label the API server puts on every namespace (since Kubernetes 1.22), so selectors can name one. */
    public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    public Endpoint {
        labels = Map.copyOf(labels);
        namespaceLabels = Map.copyOf(namespaceLabels);
        ports = List.copyOf(ports);
    }

    public static Endpoint pod(String name, String namespace, Map<String, String> labels, List<Port> ports) {
        return new Endpoint(name, namespace, labels, Map.of(NAMESPACE_NAME_LABEL, namespace), ports, null);
    }

    public static Endpoint address(String name, String ip, List<Port> ports) {
        return new Endpoint(name, null, Map.of(), Map.of(), ports, ip);
    }

    public boolean isPod() {
        return namespace != null;
    }

    /** A named port resolved the way Kubernetes does: against this (destination) pod's container ports. */
    public Optional<Port> port(String portName, String protocol) {
        return ports.stream().filter(p -> portName.equals(p.name()) && protocol.equals(p.protocol())).findFirst();
    }

    /**
     * A container port (or an address's listening port).
     *
     * @param name the container port's name ({@code null} if unnamed)
     * @param number the port number
     * @param protocol TCP, UDP or SCTP
     */
    public record Port(String name, int number, String protocol) {
        public static Port tcp(String name, int number) {
            return new Port(name, number, "TCP");
        }

        public static Port udp(String name, int number) {
            return new Port(name, number, "UDP");
        }
    }
}
