package dev.warden.analyze.reach;

import dev.warden.analyze.cluster.ContainerPort;
import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.cluster.ServiceObject;
import dev.warden.analyze.cluster.cilium.CiliumPolicy;
import dev.warden.analyze.cluster.cilium.CiliumRule;
import dev.warden.analyze.cluster.cilium.Entity;
import dev.warden.analyze.cluster.cilium.PeerRule;
import dev.warden.analyze.cluster.cilium.PeerRule.CidrPeer;
import dev.warden.analyze.cluster.cilium.PeerRule.PortProtocol;
import dev.warden.analyze.cluster.cilium.PeerRule.Protocol;
import dev.warden.analyze.cluster.cilium.PeerRule.ServiceSelector;
import dev.warden.analyze.reach.Peer.AddressPeer;
import dev.warden.analyze.reach.Peer.EndpointPeer;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A cluster's Cilium policies, indexed by namespace (cluster-wide ones apart) with selectors made
 * to match Cilium's endpoint labels ({@link CiliumIdentity}), matched as Cilium 1.18 does. See
 * {@link Reachability} for how they combine with NetworkPolicies, and for the sources.
 */
final class CiliumPolicyRules {
    private static final Set<Entity> ANY_ENDPOINT = EnumSet.of(Entity.ALL, Entity.CLUSTER);
    /** A hostNetwork pod's traffic is its node's: Cilium gives it the host or remote-node identity. */
    private static final Set<Entity> NODE = EnumSet.of(Entity.ALL, Entity.CLUSTER, Entity.HOST, Entity.REMOTE_NODE);
    private static final Set<Entity> WORLD = EnumSet.of(Entity.ALL, Entity.WORLD);

    private final ClusterEndpoints clusterEndpoints;
    /** One set per distinct selector: policies repeat the same few ({@code {}}, {@code k8s-app: kube-dns}, ...). */
    private final Map<LabelSelector, EndpointSet> endpointSets = new HashMap<>();
    private final Map<String, List<Rule>> byNamespace = new HashMap<>();
    private final List<Rule> clusterwide = new ArrayList<>();
    private final List<String> hostPolicies = new ArrayList<>();

    /** @param services the Services {@code toServices} entries pick from */
    CiliumPolicyRules(List<CiliumPolicy> policies, List<ServiceObject> services, ClusterEndpoints clusterEndpoints) {
        this.clusterEndpoints = clusterEndpoints;
        for (CiliumPolicy policy : policies) {
            for (CiliumRule rule : policy.rules()) {
                switch (rule.subject()) {
                    case CiliumRule.Subject.Endpoints(LabelSelector selector) -> (policy.clusterwide()
                            ? clusterwide
                            : byNamespace.computeIfAbsent(policy.namespace(), namespace -> new ArrayList<>()))
                            .add(compile(policy, rule, CiliumIdentity.subject(selector, policy.clusterwide()), services));
                    case CiliumRule.Subject.Nodes nodes -> {
                        if (!hostPolicies.contains(policy.id())) {
                            hostPolicies.add(policy.id());
                        }
                    }
                }
            }
        }
    }

    /** Ids of the policies with {@code nodeSelector} rules, which select nodes rather than pods and are not evaluated. */
    List<String> hostPolicies() {
        return hostPolicies;
    }

    /**
     * Adds what the rules selecting {@code subject} say for {@code direction}: a rule with allow or
     * deny rules for it selects the endpoint, and isolates it unless its enableDefaultDeny says not to.
     *
     * @param labels the subject's {@link CiliumIdentity} labels
     */
    void select(Endpoint subject, Map<String, String> labels, Direction direction, Selection.Builder selection) {
        for (List<Rule> rules : List.of(byNamespace.getOrDefault(subject.namespace(), List.of()), clusterwide)) {
            for (Rule rule : rules) {
                List<Matcher> allows = rule.allows(direction);
                List<Matcher> denies = rule.denies(direction);
                if (allows.isEmpty() && denies.isEmpty() || !LabelSelectors.matches(rule.subject(), labels)) {
                    continue;
                }
                if (rule.defaultDeny(direction)) {
                    selection.isolatedBy(rule.policyId());
                } else {
                    selection.selectedWithoutDefaultDenyBy(rule.policyId());
                }
                selection.allows(allows);
                selection.denies(denies);
                if (allows.stream().anyMatch(matcher -> !matcher.names().isEmpty())) {
                    selection.fqdnRules();
                }
            }
        }
    }

    private record Rule(String policyId, LabelSelector subject, List<Matcher> ingress, List<Matcher> ingressDeny,
            List<Matcher> egress, List<Matcher> egressDeny, boolean ingressDefaultDeny, boolean egressDefaultDeny) {
        List<Matcher> allows(Direction direction) {
            return direction == Direction.EGRESS ? egress : ingress;
        }

        List<Matcher> denies(Direction direction) {
            return direction == Direction.EGRESS ? egressDeny : ingressDeny;
        }

        boolean defaultDeny(Direction direction) {
            return direction == Direction.EGRESS ? egressDefaultDeny : ingressDefaultDeny;
        }
    }

    private Rule compile(CiliumPolicy policy, CiliumRule rule, LabelSelector subject, List<ServiceObject> services) {
        return new Rule(policy.id(), subject,
                matchers(policy, rule.ingress(), services), matchers(policy, rule.ingressDeny(), services),
                matchers(policy, rule.egress(), services), matchers(policy, rule.egressDeny(), services),
                rule.ingressDefaultDeny(), rule.egressDefaultDeny());
    }

    private List<Matcher> matchers(CiliumPolicy policy, List<PeerRule> rules, List<ServiceObject> services) {
        return rules.stream().map(rule -> matcher(policy, rule, services)).toList();
    }

    private Matcher matcher(CiliumPolicy policy, PeerRule rule, List<ServiceObject> services) {
        List<LabelSelector> selectors = new ArrayList<>();
        rule.endpoints().forEach(selector -> selectors.add(CiliumIdentity.peer(selector, policy.namespace())));
        for (ServiceSelector service : rule.services()) {
            services.stream()
                    .filter(candidate -> picks(service, candidate) && !candidate.selector().isEmpty())
                    .forEach(picked -> selectors.add(CiliumIdentity.service(picked.selector(), picked.namespace())));
        }
        List<CidrBlock> blocks = new ArrayList<>();
        for (CidrPeer cidr : rule.cidrs()) {
            // a group names prefixes kept in CiliumCIDRGroups, which the model does not read
            if (cidr instanceof CidrPeer.Block(String prefix, List<String> except)) {
                blocks.add(CidrBlock.parse(prefix, except));
            }
        }
        List<Port> ports = new ArrayList<>();
        rule.ports().forEach(portRule -> portRule.ports().forEach(port -> ports.add(port(port))));
        return new Matcher(policy.id(), rule.hasPeers(), selectors.stream().map(this::endpointSet).toList(),
                names(rule, ANY_ENDPOINT), names(rule, NODE), blocks, names(rule, WORLD), fqdnNames(rule),
                !rule.ports().isEmpty(), ports, rule.icmps());
    }

    /**
     * The endpoints a selector matches by their labels: endpoints outside policy have none for
     * it. Only the namespaces it pins are looked at, when it pins some.
     */
    private EndpointSet endpointSet(LabelSelector selector) {
        return endpointSets.computeIfAbsent(selector, key -> {
            Optional<Set<String>> pinned = CiliumIdentity.pinnedNamespaces(selector);
            return new EndpointSet(clusterEndpoints, namespace -> pinned.map(set -> set.contains(namespace)).orElse(true),
                    endpoint -> !endpoint.outsidePolicy() && LabelSelectors.matches(selector, endpoint.ciliumLabels()));
        });
    }

    private static List<String> fqdnNames(PeerRule rule) {
        return rule.fqdns().stream()
                .map(fqdn -> fqdn.matchName() != null ? fqdn.matchName() : fqdn.matchPattern())
                .filter(Objects::nonNull)
                .toList();
    }

    private static boolean names(PeerRule rule, Set<Entity> entities) {
        return rule.entities().stream().anyMatch(entities::contains);
    }

    /** Whether a {@code toServices} entry picks the Service; no namespace means any namespace, as Cilium matches it. */
    private static boolean picks(ServiceSelector selector, ServiceObject service) {
        return switch (selector) {
            case ServiceSelector.ByName(String name, String namespace) ->
                    name != null && name.equals(service.name()) && inNamespace(namespace, service);
            case ServiceSelector.ByLabels(LabelSelector labels, String namespace) ->
                    inNamespace(namespace, service) && LabelSelectors.matches(labels, service.labels());
        };
    }

    private static boolean inNamespace(String namespace, ServiceObject service) {
        return namespace == null || namespace.isEmpty() || namespace.equals(service.namespace());
    }

    /**
     * A port or range on a set of protocols.
     *
     * @param protocols bits of {@link #bit(String)}
     * @param from 0 for every port
     * @param name a container port name, lower-cased as Cilium normalizes it; null for a number
     */
    private record Port(int protocols, int from, int to, String name) {
        boolean matches(PortSpec traffic, Endpoint portOwner) {
            if ((protocols & bit(traffic.protocol())) == 0) {
                return false;
            }
            if (name == null) {
                return from == 0 || from <= traffic.port() && traffic.port() <= to;
            }
            // the container port's own protocol narrows ANY down
            if (portOwner == null) {
                return false;
            }
            for (ContainerPort declared : portOwner.ports()) {
                if (name.equals(declared.name()) && declared.port() == traffic.port()
                        && (declared.protocol() == null ? "TCP" : declared.protocol()).equals(traffic.protocol())) {
                    return true;
                }
            }
            return false;
        }
    }

    private static Port port(PortProtocol port) {
        int protocols = port.protocol() == Protocol.ANY ? bit("TCP") | bit("UDP") | bit("SCTP") : bit(port.protocol().name());
        if (port.named()) {
            return new Port(protocols, 0, 0, port.port().toLowerCase(Locale.ROOT));
        }
        int from = Integer.parseInt(port.port());
        return new Port(protocols, from, Math.max(from, port.endPort()), null);
    }

    private static int bit(String protocol) {
        return switch (protocol) {
            case "TCP" -> 1;
            case "UDP" -> 2;
            case "SCTP" -> 4;
            default -> throw new IllegalArgumentException("not a port protocol: " + protocol);
        };
    }

    /**
     * One allow or deny rule, compiled. Peers are alternatives; {@code toPorts} restricts them.
     *
     * @param hasPeers whether the rule names peers at all; one that does not applies to every peer
     *     on its ports, and one with neither peers nor ports matches nothing
     * @param selectors the endpoints its selectors take in, {@code toServices} ones included
     * @param anyEndpoint whether its entities take in every endpoint ({@code all}, {@code cluster})
     * @param nodes whether they take in nodes, and so hostNetwork pods outside policy ({@code all},
     *     {@code cluster}, {@code host}, {@code remote-node}: the model does not know which node a
     *     pod runs on, so both of the last two are taken to match)
     * @param world whether its entities take in addresses outside the cluster ({@code all}, {@code world})
     * @param hasPorts whether the rule has {@code toPorts}; without, it covers every port
     * @param icmps whether it has {@code icmps}: without ports then, it is about ICMP only
     */
    private record Matcher(String policyId, boolean hasPeers, List<EndpointSet> selectors, boolean anyEndpoint,
            boolean nodes, List<CidrBlock> blocks, boolean world, List<String> names, boolean hasPorts, List<Port> ports,
            boolean icmps) implements PolicyRule {
        @Override
        public boolean matches(Peer peer, Endpoint portOwner, PortSpec port) {
            if (!hasPorts && (icmps || !hasPeers)) {
                return false;
            }
            if (hasPeers && !peerMatches(peer)) {
                return false;
            }
            if (!hasPorts) {
                return true;
            }
            for (Port rulePort : ports) {
                if (rulePort.matches(port, portOwner)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * How Cilium sees the peer: an endpoint by its labels, a hostNetwork pod outside policy as
         * its node, an address as the endpoint it belongs to or else as the world. CIDRs match
         * only the world, as Cilium's default {@code policy-cidr-match-mode} has it; toFQDNs
         * match only addresses learnt from DNS answers, which the model has none of.
         */
        private boolean peerMatches(Peer peer) {
            return switch (peer) {
                case EndpointPeer(EndpointFacts endpoint) -> endpointMatches(endpoint);
                case AddressPeer(byte[] address, EndpointFacts owner) ->
                        owner != null ? endpointMatches(owner) : worldMatches(address);
            };
        }

        private boolean endpointMatches(EndpointFacts endpoint) {
            if (endpoint.outsidePolicy()) {
                return nodes;
            }
            if (anyEndpoint) {
                return true;
            }
            for (EndpointSet selected : selectors) {
                if (selected.contains(endpoint)) {
                    return true;
                }
            }
            return false;
        }

        private boolean worldMatches(byte[] address) {
            if (world) {
                return true;
            }
            for (CidrBlock block : blocks) {
                if (block.contains(address)) {
                    return true;
                }
            }
            return false;
        }
    }
}
