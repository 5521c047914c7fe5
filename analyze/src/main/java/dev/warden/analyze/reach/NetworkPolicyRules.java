package dev.warden.analyze.reach;

import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.cluster.PolicyObject;
import dev.warden.analyze.reach.Peer.AddressPeer;
import dev.warden.analyze.reach.Peer.EndpointPeer;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster's Kubernetes NetworkPolicies, indexed by namespace, with CIDRs parsed once and the
 * endpoints each peer matches worked out once, matched as Kubernetes defines them (see
 * {@link Reachability} for the rules and what is assumed).
 */
final class NetworkPolicyRules {
    private final Assumptions assumptions;
    private final ClusterEndpoints endpoints;
    private final Map<String, List<Policy>> byNamespace = new HashMap<>();
    /** One set per distinct peer: policies repeat the same few, such as the cluster DNS pods. */
    private final Map<SelectorPeer, EndpointSet> endpointSets = new HashMap<>();

    /** @throws IllegalArgumentException for a malformed CIDR in an ipBlock */
    NetworkPolicyRules(List<PolicyObject> policies, ClusterEndpoints endpoints, Assumptions assumptions) {
        this.assumptions = assumptions;
        this.endpoints = endpoints;
        for (PolicyObject policy : policies) {
            byNamespace.computeIfAbsent(namespaceOf(policy), namespace -> new ArrayList<>()).add(compile(policy));
        }
    }

    /** Adds the policies that isolate {@code subject} for {@code direction}, with their rules, in cluster order. */
    void select(Endpoint subject, Direction direction, Selection.Builder selection) {
        for (Policy policy : byNamespace.getOrDefault(subject.namespace(), List.of())) {
            if (policy.types(direction) && policy.selects(subject)) {
                selection.isolatedBy(policy.id());
                selection.allows(policy.rules(direction));
            }
        }
    }

    /** @param podSelector null for every pod of the namespace */
    private record Policy(String id, LabelSelector podSelector, boolean ingress, boolean egress,
            List<Rule> ingressRules, List<Rule> egressRules) {
        boolean types(Direction direction) {
            return direction == Direction.EGRESS ? egress : ingress;
        }

        List<Rule> rules(Direction direction) {
            return direction == Direction.EGRESS ? egressRules : ingressRules;
        }

        boolean selects(Endpoint endpoint) {
            return podSelector == null || LabelSelectors.matches(podSelector, endpoint.labels());
        }
    }

    private Policy compile(PolicyObject object) {
        // a policy without a spec is an empty spec, as the API server decodes it: it selects every
        // pod of its namespace and isolates them for Ingress
        NetworkPolicySpec spec = object.policy().getSpec() == null ? new NetworkPolicySpec() : object.policy().getSpec();
        List<String> types = policyTypes(spec);
        String namespace = namespaceOf(object);
        List<Rule> egress = spec.getEgress() == null ? List.of() : spec.getEgress().stream()
                .map(rule -> rule(object.id(), namespace, rule.getTo(), rule.getPorts())).toList();
        List<Rule> ingress = spec.getIngress() == null ? List.of() : spec.getIngress().stream()
                .map(rule -> rule(object.id(), namespace, rule.getFrom(), rule.getPorts())).toList();
        return new Policy(object.id(), spec.getPodSelector(), types.contains(Direction.INGRESS.type),
                types.contains(Direction.EGRESS.type), ingress, egress);
    }

    /** {@code policyTypes}, defaulted as the API server does when omitted. */
    private static List<String> policyTypes(NetworkPolicySpec spec) {
        List<String> declared = spec.getPolicyTypes();
        if (declared != null && !declared.isEmpty()) {
            return declared;
        }
        return isEmpty(spec.getEgress()) ? List.of("Ingress") : List.of("Ingress", "Egress");
    }

    private static String namespaceOf(PolicyObject policy) {
        return policy.policy().getMetadata().getNamespace();
    }

    /** An empty or missing peer or port list means every peer or port: null here. */
    private Rule rule(String policyId, String namespace, List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports) {
        return new Rule(policyId,
                isEmpty(peers) ? null : peers.stream().map(peer -> peer(peer, namespace)).toList(),
                isEmpty(ports) ? null : List.copyOf(ports));
    }

    /** A {@code to} or {@code from} entry. */
    private sealed interface RulePeer {
        /** An ipBlock: the addresses in it, and the endpoints with one of them that it matches under the assumptions. */
        record Block(CidrBlock addresses, EndpointSet endpoints) implements RulePeer {}

        /** A podSelector, namespaceSelector or both: the endpoints they match. */
        record Selectors(EndpointSet endpoints) implements RulePeer {}

        /** A peer with neither selector nor ipBlock, which the API server rejects: it matches nothing. */
        record Nothing() implements RulePeer {}
    }

    private RulePeer peer(NetworkPolicyPeer peer, String policyNamespace) {
        IPBlock block = peer.getIpBlock();
        if (block != null) {
            CidrBlock addresses = CidrBlock.parse(block.getCidr(), block.getExcept() == null ? List.of() : block.getExcept());
            // a hostNetwork pod outside policy has the node's IPs, which ipBlock is for
            return new RulePeer.Block(addresses, new EndpointSet(endpoints, namespace -> true,
                    endpoint -> (endpoint.outsidePolicy() || assumptions.ipBlockMatchesPodIps())
                            && endpoint.ips().stream().anyMatch(addresses::contains)));
        }
        LabelSelector podSelector = peer.getPodSelector();
        LabelSelector namespaceSelector = peer.getNamespaceSelector();
        if (podSelector == null && namespaceSelector == null) {
            return new RulePeer.Nothing();
        }
        // the policy's namespace matters only to a podSelector alone
        return new RulePeer.Selectors(endpointSets.computeIfAbsent(
                new SelectorPeer(namespaceSelector == null ? policyNamespace : null, namespaceSelector, podSelector),
                this::endpointSet));
    }

    /**
     * A peer's selectors: podSelector alone means the policy's own namespace; namespaceSelector
     * alone all pods of the matching namespaces; both in one peer must both hold.
     *
     * @param namespace the policy's namespace when there is no namespaceSelector; null otherwise
     */
    private record SelectorPeer(String namespace, LabelSelector namespaceSelector, LabelSelector podSelector) {
        boolean inNamespace(String name, Map<String, String> labels) {
            return namespaceSelector == null ? name.equals(namespace) : LabelSelectors.matches(namespaceSelector, labels);
        }
    }

    private EndpointSet endpointSet(SelectorPeer peer) {
        return new EndpointSet(endpoints, namespace -> peer.inNamespace(namespace, endpoints.namespaceLabels(namespace)),
                endpoint -> !endpoint.outsidePolicy()
                        && peer.inNamespace(endpoint.endpoint().namespace(), endpoint.namespaceLabels())
                        && (peer.podSelector() == null
                                || LabelSelectors.matches(peer.podSelector(), endpoint.endpoint().labels())));
    }

    /**
     * An ingress or egress rule.
     *
     * @param peers null for every peer
     * @param ports null for every port
     */
    private record Rule(String policyId, List<RulePeer> peers, List<NetworkPolicyPort> ports) implements PolicyRule {
        @Override
        public boolean matches(Peer peer, Endpoint portOwner, PortSpec port) {
            return (peers == null || anyPeerMatches(peer)) && (ports == null || anyPortMatches(port, portOwner));
        }

        private boolean anyPeerMatches(Peer peer) {
            for (RulePeer rulePeer : peers) {
                if (peerMatches(rulePeer, peer)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean peerMatches(RulePeer rulePeer, Peer peer) {
            return switch (rulePeer) {
                case RulePeer.Block block -> switch (peer) {
                    case AddressPeer(byte[] address, EndpointFacts owner) -> block.addresses().contains(address);
                    case EndpointPeer(EndpointFacts endpoint) -> block.endpoints().contains(endpoint);
                };
                case RulePeer.Selectors(EndpointSet matched) ->
                        peer instanceof EndpointPeer(EndpointFacts endpoint) && matched.contains(endpoint);
                case RulePeer.Nothing() -> false;
            };
        }

        private boolean anyPortMatches(PortSpec port, Endpoint portOwner) {
            for (NetworkPolicyPort rulePort : ports) {
                if (portMatches(rulePort, port, portOwner)) {
                    return true;
                }
            }
            return false;
        }
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
}
