package dev.warden.analyze.reach;

import dev.warden.analyze.cluster.Cluster;
import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.cluster.PolicyObject;
import dev.warden.analyze.reach.Destination.ToAddress;
import dev.warden.analyze.reach.Destination.ToEndpoint;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Whether one endpoint can connect to another, or to an address, under the cluster's
 * NetworkPolicies, exactly as Kubernetes defines it.
 *
 * <p>A pod is isolated for a direction only when a policy with that direction in its
 * {@code policyTypes} selects it; the API server defaults an omitted {@code policyTypes} to
 * Ingress, plus Egress when the policy has egress rules. An isolated pod's allowed connections
 * are the union of what its selecting policies' rules allow. A connection to a pod needs both
 * the source's egress and the destination's ingress to allow it.
 *
 * <p>Where Kubernetes leaves the behaviour to the network plugin, {@link Assumptions} says what
 * is assumed; {@link Assumptions#COMMON_CNI} unless told otherwise. Also:
 *
 * <ul>
 *   <li>A Pod connecting to itself is always allowed: the Kubernetes docs say a pod cannot block
 *       access to itself (plugins differ on loopback through the pod IP; the upstream e2e tests
 *       ignore it). A workload controller stands for several pods, so replicas reaching each
 *       other are evaluated like any pair.
 *   <li>An endpoint without IPs (a workload controller, an unscheduled pod) matches no ipBlock.
 *   <li>An endpoint with several IPs (dual-stack) matches an ipBlock when any of them does.
 *   <li>Traffic between a pod and its own node is always allowed by Kubernetes, but endpoints
 *       do not say which node they run on, so an {@link ToAddress address} that is a node IP is
 *       evaluated like any other.
 * </ul>
 *
 * <p>Policies the API server would reject are not second-guessed: an {@code except} outside its
 * {@code cidr} excludes nothing, which is what it would mean; a peer with no selector and no
 * ipBlock matches nothing; an unknown selector operator, or a malformed CIDR, throws
 * {@link IllegalArgumentException}.
 */
public final class Reachability {
    private static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    private final Cluster cluster;
    private final Assumptions assumptions;

    private Reachability(Cluster cluster, Assumptions assumptions) {
        this.cluster = cluster;
        this.assumptions = assumptions;
    }

    /** {@link #canReach(Cluster, Endpoint, Destination, Assumptions)} with the common CNI assumptions. */
    public static Verdict canReach(Cluster cluster, Endpoint source, Destination destination) {
        return canReach(cluster, source, destination, Assumptions.COMMON_CNI);
    }

    /**
     * Whether {@code source} can open a connection to {@code destination}: the source's egress
     * side and, for an endpoint destination, that endpoint's ingress side.
     */
    public static Verdict canReach(
            Cluster cluster, Endpoint source, Destination destination, Assumptions assumptions) {
        Objects.requireNonNull(source, "source");
        return new Reachability(cluster, assumptions).evaluate(source, destination);
    }

    private Verdict evaluate(Endpoint source, Destination destination) {
        PortSpec port = destination.port();
        return switch (destination) {
            case ToAddress to -> Verdict.of(
                    side(Direction.EGRESS, source, new AddressParty(Cidr.parseAddress(to.ip())), null, port, false),
                    null);
            case ToEndpoint to -> {
                Endpoint target = to.endpoint();
                boolean self = isSamePod(source, target);
                yield Verdict.of(
                        side(Direction.EGRESS, source, new EndpointParty(target), target, port, self),
                        side(Direction.INGRESS, target, new EndpointParty(source), target, port, self));
            }
        };
    }

    /**
     * One direction's verdict for {@code subject}, the pod whose policies apply.
     *
     * @param peer the other end, which the rules' peers must match
     * @param portOwner the destination endpoint, against whose container ports named ports
     *     resolve; null for an address
     */
    private Side side(
            Direction direction, Endpoint subject, Party peer, Endpoint portOwner, PortSpec port, boolean self) {
        if (outsidePolicy(subject)) {
            return new Side(true, false, List.of(),
                    "allowed: not isolated (hostNetwork pod, assumed outside NetworkPolicy)");
        }
        List<PolicyObject> isolating = cluster.networkPolicies().stream()
                .filter(policy -> selects(policy, subject) && policyTypes(spec(policy)).contains(direction.type))
                .toList();
        if (isolating.isEmpty()) {
            return new Side(true, false, List.of(),
                    "allowed: not isolated (no policy selects it for " + direction.type + ")");
        }
        if (self) {
            return new Side(true, true, List.of(), "allowed: a pod cannot block access to itself");
        }
        List<PolicyObject> allowing = isolating.stream()
                .filter(policy -> direction.rules(spec(policy)).anyMatch(rule -> ruleMatches(
                        rule, namespaceOf(policy), peer, portOwner, port)))
                .toList();
        if (!allowing.isEmpty()) {
            return new Side(true, true, ids(allowing), "allowed by " + String.join(", ", ids(allowing)));
        }
        return new Side(false, true, ids(isolating),
                "denied: isolated by " + String.join(", ", ids(isolating)) + ", no rule matches");
    }

    private static boolean isSamePod(Endpoint source, Endpoint target) {
        return source.kind().equals("Pod") && target.kind().equals("Pod") && source.id().equals(target.id());
    }

    private boolean outsidePolicy(Endpoint endpoint) {
        return endpoint.hostNetwork() && assumptions.hostNetworkOutsidePolicy();
    }

    // a policy without a spec is an empty spec, as the API server decodes it: it selects every
    // pod of its namespace and isolates them for Ingress
    private static NetworkPolicySpec spec(PolicyObject policy) {
        NetworkPolicySpec spec = policy.policy().getSpec();
        return spec == null ? new NetworkPolicySpec() : spec;
    }

    private static String namespaceOf(PolicyObject policy) {
        return policy.policy().getMetadata().getNamespace();
    }

    private static boolean selects(PolicyObject policy, Endpoint endpoint) {
        LabelSelector podSelector = spec(policy).getPodSelector();
        return namespaceOf(policy).equals(endpoint.namespace())
                && (podSelector == null || LabelSelectors.matches(podSelector, endpoint.labels()));
    }

    /** {@code policyTypes}, defaulted as the API server does when omitted. */
    private static List<String> policyTypes(NetworkPolicySpec spec) {
        List<String> declared = spec.getPolicyTypes();
        if (declared != null && !declared.isEmpty()) {
            return declared;
        }
        return isEmpty(spec.getEgress()) ? List.of("Ingress") : List.of("Ingress", "Egress");
    }

    private boolean ruleMatches(Rule rule, String policyNamespace, Party peer, Endpoint portOwner, PortSpec port) {
        // an empty or missing peer list means every peer; an empty or missing port list every port
        boolean peerMatches = isEmpty(rule.peers())
                || rule.peers().stream().anyMatch(p -> peerMatches(p, policyNamespace, peer));
        boolean portMatches = isEmpty(rule.ports())
                || rule.ports().stream().anyMatch(p -> portMatches(p, port, portOwner));
        return peerMatches && portMatches;
    }

    private boolean peerMatches(NetworkPolicyPeer peer, String policyNamespace, Party party) {
        if (peer.getIpBlock() != null) {
            return ipBlockMatches(peer.getIpBlock(), party);
        }
        LabelSelector podSelector = peer.getPodSelector();
        LabelSelector namespaceSelector = peer.getNamespaceSelector();
        if (podSelector == null && namespaceSelector == null) {
            return false;
        }
        if (!(party instanceof EndpointParty(Endpoint endpoint)) || outsidePolicy(endpoint)) {
            return false;
        }
        // podSelector alone means the policy's own namespace; namespaceSelector alone all pods
        // of the matching namespaces; both in one peer must both hold
        boolean namespaceMatches = namespaceSelector == null
                ? endpoint.namespace().equals(policyNamespace)
                : LabelSelectors.matches(namespaceSelector, namespaceLabels(endpoint.namespace()));
        return namespaceMatches && (podSelector == null || LabelSelectors.matches(podSelector, endpoint.labels()));
    }

    private Map<String, String> namespaceLabels(String namespace) {
        return cluster.namespaces().getOrDefault(namespace, Map.of(NAMESPACE_NAME_LABEL, namespace));
    }

    private boolean ipBlockMatches(IPBlock block, Party party) {
        Cidr cidr = Cidr.parse(block.getCidr());
        List<Cidr> except = block.getExcept() == null
                ? List.of()
                : block.getExcept().stream().map(Cidr::parse).toList();
        return addresses(party).anyMatch(address ->
                cidr.contains(address) && except.stream().noneMatch(e -> e.contains(address)));
    }

    private Stream<byte[]> addresses(Party party) {
        return switch (party) {
            case AddressParty(byte[] address) -> Stream.of(address);
            case EndpointParty(Endpoint endpoint) -> {
                // a hostNetwork pod outside policy has the node's IPs, which ipBlock is for
                boolean matchable = outsidePolicy(endpoint) || assumptions.ipBlockMatchesPodIps();
                yield matchable ? endpoint.ips().stream().map(Cidr::parseAddress) : Stream.empty();
            }
        };
    }

    private static boolean portMatches(NetworkPolicyPort rulePort, PortSpec traffic, Endpoint portOwner) {
        String protocol = protocolOrTcp(rulePort.getProtocol());
        if (!protocol.equals(traffic.protocol())) {
            return false;
        }
        IntOrString port = rulePort.getPort();
        if (port == null) {
            // only a protocol: every port of it (endPort is only valid with a port)
            return true;
        }
        if (port.getIntVal() != null) {
            int from = port.getIntVal();
            int to = rulePort.getEndPort() == null ? from : rulePort.getEndPort();
            return from <= traffic.port() && traffic.port() <= to;
        }
        // a named port means whatever the destination pod's container port of that name and
        // protocol is; an address has no container ports
        String name = port.getStrVal();
        return portOwner != null && portOwner.ports().stream().anyMatch(declared -> name.equals(declared.name())
                && declared.port() == traffic.port()
                && protocolOrTcp(declared.protocol()).equals(protocol));
    }

    private static String protocolOrTcp(String protocol) {
        return protocol == null ? "TCP" : protocol;
    }

    private static boolean isEmpty(List<?> list) {
        return list == null || list.isEmpty();
    }

    private static List<String> ids(List<PolicyObject> policies) {
        return policies.stream().map(PolicyObject::id).toList();
    }

    /** The other end of the connection, as a rule's peers see it. */
    private sealed interface Party {}

    private record EndpointParty(Endpoint endpoint) implements Party {}

    private record AddressParty(byte[] address) implements Party {}

    /** An ingress or egress rule: its peers ({@code from} or {@code to}) and ports. */
    private record Rule(List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports) {}

    private enum Direction {
        EGRESS("Egress"),
        INGRESS("Ingress");

        final String type;

        Direction(String type) {
            this.type = type;
        }

        Stream<Rule> rules(NetworkPolicySpec spec) {
            return switch (this) {
                case EGRESS -> spec.getEgress() == null
                        ? Stream.empty()
                        : spec.getEgress().stream().map(r -> new Rule(r.getTo(), r.getPorts()));
                case INGRESS -> spec.getIngress() == null
                        ? Stream.empty()
                        : spec.getIngress().stream().map(r -> new Rule(r.getFrom(), r.getPorts()));
            };
        }
    }
}
