package dev.warden.compile.cilium;

import static dev.warden.compile.KubeObjects.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.compile.Compilation;
import dev.warden.compile.KubeObjects;
import dev.warden.compile.PublicAddresses;
import dev.warden.compile.Manifest;
import dev.warden.model.registry.EgressDependency;
import dev.warden.model.registry.EgressDependency.PortRange;
import dev.warden.model.registry.EgressDependency.Wildcard;
import dev.warden.model.registry.EgressPosture;
import dev.warden.model.registry.LabelSelector;
import dev.warden.model.registry.Mode;
import dev.warden.model.registry.Registry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Cilium target: CiliumNetworkPolicy with {@code toFQDNs}, so a record's host names are
 * enforced by the CNI itself, and CiliumEgressGatewayPolicy for records that need a stable source
 * address and leave directly.
 *
 * <p>Per source namespace a default-deny egress policy, the bypass control of every allow beside
 * it (§18); per record one policy {@code warden-<record>} whose egress rules are the record's way
 * out plus DNS to the cluster DNS pods for the record's names only. That DNS rule is what makes
 * {@code toFQDNs} work — Cilium learns which addresses a name has only from the answers its DNS
 * proxy sees — and it keeps the pods from resolving anything else through the cluster resolver.
 * Every object is annotated with the records it implements and the control it is.
 */
public final class CiliumTarget {
    static final String TARGET = "cilium";
    static final String API_VERSION = "cilium.io/v2";
    public static final String NETWORK_POLICY = "CiliumNetworkPolicy";
    /** The CRD's {@code maxItems} for the ports of one {@code toPorts} entry. */
    private static final int MAX_PORTS_PER_ENTRY = 40;
    private CiliumTarget() {}

    /** Policies for every record, in a stable order, and a problem for each record Cilium cannot express. */
    public static Compilation compile(Registry registry) {
        EgressPosture.Spec posture = registry.posture().map(EgressPosture::spec).orElse(null);
        if (posture == null) {
            return new Compilation(List.of(), List.of("the registry has no EgressPosture: the cluster DNS and the"
                    + " gateway it names are needed to compile CiliumNetworkPolicy"));
        }
        List<String> problems = new ArrayList<>();
        Map<String, List<EgressDependency>> byNamespace = new TreeMap<>();
        registry.dependencies().stream().sorted(Comparator.comparing(EgressDependency::name))
                .forEach(dependency -> byNamespace.computeIfAbsent(dependency.spec().source().namespace(),
                        namespace -> new ArrayList<>()).add(dependency));
        List<Manifest> manifests = new ArrayList<>();
        byNamespace.forEach((namespace, dependencies) -> {
            manifests.add(defaultDeny(namespace, dependencies.stream().map(EgressDependency::name).toList()));
            for (EgressDependency dependency : dependencies) {
                if (dependency.spec().mode() == Mode.REPORT_ONLY) {
                    problems.add("record " + dependency.name() + " is report-only, but a CiliumNetworkPolicy always"
                            + " enforces (Cilium's policy audit mode is set per agent or endpoint, not per policy);"
                            + " its policy and the namespace's default deny take effect as soon as they are applied");
                }
                allow(dependency, posture, problems).ifPresent(manifests::add);
                if (dependency.spec().requiresStableSourceIp()) {
                    EgressGatewayPolicies.forRecord(dependency, posture, problems)
                            .ifPresent(object -> manifests.add(new Manifest(TARGET, object)));
                }
            }
        });
        manifests.sort(Comparator.comparing(Manifest::kind)
                .thenComparing(Manifest::namespace, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Manifest::name));
        return new Compilation(manifests, problems);
    }

    private static ObjectNode policy(String namespace, String name, String control, List<String> records,
            ObjectNode endpointSelector) {
        ObjectNode object = KubeObjects.object(API_VERSION, NETWORK_POLICY, namespace, name, control, records);
        object.putObject("spec").set("endpointSelector", endpointSelector);
        return object;
    }

    /**
     * Every pod of the namespace into default deny for egress, allowing nothing. Both forms are
     * written: {@code enableDefaultDeny.egress} says it outright (Cilium 1.15+), and the one empty
     * egress rule — which selects no peer, so allows nothing — is what puts an endpoint into
     * default deny on every version ("the rule has an egress section"), and what the published
     * CRD schema requires, since it accepts a spec only with an ingress or egress section. An
     * empty list would not do: it is dropped when the object is stored, and with it the section.
     */
    private static Manifest defaultDeny(String namespace, List<String> records) {
        ObjectNode object = policy(namespace, "warden-default-deny-egress", Manifest.DEFAULT_DENY_EGRESS, records, JSON.objectNode());
        ObjectNode spec = (ObjectNode) object.get("spec");
        spec.putObject("enableDefaultDeny").put("egress", true).put("ingress", false);
        spec.putArray("egress").addObject();
        return new Manifest(TARGET, object);
    }

    /**
     * The record's policy, or empty (with a problem) when its way out cannot be said. Cilium
     * policies are allow-lists: this one also puts the selected pods into default deny for
     * egress, so nothing beyond its rules and the other policies selecting them leaves.
     */
    private static Optional<Manifest> allow(EgressDependency dependency, EgressPosture.Spec posture,
            List<String> problems) {
        ArrayNode names = fqdnSelectors(dependency, problems);
        List<ObjectNode> wayOut = wayOut(dependency, names, posture, problems);
        if (wayOut.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode object = policy(dependency.spec().source().namespace(), "warden-" + dependency.name(), Manifest.ALLOW,
                List.of(dependency.name()), CiliumSelectors.endpoints(dependency.spec().source()));
        ArrayNode egress = ((ObjectNode) object.get("spec")).putArray("egress");
        if (!names.isEmpty()) {
            egress.add(dns(posture.clusterDns(), names));
        }
        egress.addAll(wayOut);
        return Optional.of(new Manifest(TARGET, object));
    }

    /**
     * {@code matchName} per host, {@code matchPattern} per reviewed wildcard; the syntax is the
     * same in {@code toFQDNs} and in DNS rules, and {@code *} stands for one label in both, as in
     * the registry. An unreviewed wildcard is left out with a problem: it would open a whole zone.
     */
    private static ArrayNode fqdnSelectors(EgressDependency dependency, List<String> problems) {
        ArrayNode selectors = JSON.arrayNode();
        new TreeSet<>(dependency.spec().destination().hosts().stream().map(Object::toString).toList())
                .forEach(host -> selectors.addObject().put("matchName", host));
        Set<String> patterns = new TreeSet<>();
        for (Wildcard wildcard : dependency.spec().destination().wildcards()) {
            if (wildcard.reviewed()) {
                patterns.add(wildcard.pattern().toString());
            } else {
                problems.add("record " + dependency.name() + " has the unreviewed wildcard " + wildcard.pattern()
                        + ", which is left out of its toFQDNs and DNS rules; review it (reviewed: true and a reason)");
            }
        }
        patterns.forEach(pattern -> selectors.addObject().put("matchPattern", pattern));
        return selectors;
    }

    /**
     * DNS to the cluster DNS pods only, on port 53 over UDP and TCP ({@code ANY}), through
     * Cilium's DNS proxy with the record's names as the only ones allowed: the proxy refuses any
     * other query, and the answers it lets through are what its {@code toFQDNs} rules allow.
     * Never {@code matchPattern: "*"}, which would let the pods resolve, and tunnel data through,
     * any name.
     */
    private static ObjectNode dns(EgressPosture.ClusterDns clusterDns, ArrayNode names) {
        ObjectNode rule = JSON.objectNode();
        rule.putArray("toEndpoints").add(CiliumSelectors.pods(clusterDns.namespace(), clusterDns.podSelector()));
        ObjectNode entry = rule.putArray("toPorts").addObject();
        entry.putArray("ports").addObject().put("port", "53").put("protocol", "ANY");
        entry.putObject("rules").set("dns", names.deepCopy());
        return rule;
    }

    /** The egress rules of the record's path, beside its DNS rule; empty (with a problem) when none can be said. */
    private static List<ObjectNode> wayOut(EgressDependency dependency, ArrayNode names, EgressPosture.Spec posture,
            List<String> problems) {
        var spec = dependency.spec();
        List<ObjectNode> rules = new ArrayList<>();
        switch (spec.path()) {
            case EGRESS_GATEWAY, HTTP_PROXY -> {
                // The names are the gateway's to enforce; Cilium only makes the gateway the one way out.
                EgressPosture.Gateway gateway = posture.gateway();
                if (gateway == null || gateway.port() == null) {
                    problems.add("record " + dependency.name() + " leaves by " + spec.path().wireName() + ", but the"
                            + " posture names no gateway " + (gateway == null ? "" : "port ")
                            + "to allow; add spec.gateway" + (gateway == null ? "" : ".port") + " to the EgressPosture");
                    return rules;
                }
                ObjectNode rule = toPods(gateway.namespace(), gateway.podSelector());
                toPorts(rule, List.of(new PortRange(gateway.port(), null, null)));
                rules.add(rule);
            }
            case MESH_EGRESS_GATEWAY -> {
                if (posture.mesh() == null || posture.mesh().egressGateway() == null) {
                    problems.add("record " + dependency.name() + " leaves by mesh-egress-gateway, but the posture names"
                            + " no mesh egress gateway; add spec.mesh.egressGateway to the EgressPosture");
                    return rules;
                }
                EgressPosture.MeshGateway mesh = posture.mesh().egressGateway();
                ObjectNode rule = toPods(mesh.namespace(), mesh.podSelector());
                toPorts(rule, spec.destination().ports());
                rules.add(rule);
            }
            case NAT, PRIVATE_ENDPOINT -> {
                var destination = spec.destination();
                if (!names.isEmpty()) {
                    // toFQDNs may not share a rule with other peers, so names, addresses and anyPublic are apart.
                    ObjectNode rule = JSON.objectNode();
                    rule.set("toFQDNs", names.deepCopy());
                    rules.add(toPorts(rule, destination.ports()));
                }
                Set<String> blocks = new TreeSet<>();
                destination.cidrs().forEach(cidr -> blocks.add(cidr.toString()));
                destination.allowPrivate().forEach(range -> blocks.add(range.cidr().toString()));
                if (!blocks.isEmpty()) {
                    ObjectNode rule = JSON.objectNode();
                    ArrayNode set = rule.putArray("toCIDRSet");
                    blocks.forEach(cidr -> set.addObject().put("cidr", cidr));
                    rules.add(toPorts(rule, destination.ports()));
                }
                if (destination.anyPublic() != null) {
                    rules.add(toPorts(anyPublic(posture), destination.ports()));
                }
                if (rules.isEmpty()) {
                    problems.add("record " + dependency.name() + " leaves by " + spec.path().wireName() + " but names"
                            + " no destination Cilium can allow (no host, reviewed wildcard, CIDR or anyPublic)");
                }
            }
            default -> throw new IllegalStateException("no rule for path " + spec.path());
        }
        return rules;
    }

    private static ObjectNode toPods(String namespace, LabelSelector selector) {
        ObjectNode rule = JSON.objectNode();
        rule.putArray("toEndpoints").add(CiliumSelectors.pods(namespace, selector));
        return rule;
    }

    /**
     * Every public address. Not {@code toEntities: [world]}: {@code world} is everything outside
     * the cluster, private networks and the link-local metadata address included, which anyPublic
     * does not allow. A CIDR rule never selects the cluster's own endpoints, but the pod and
     * service ranges are excepted too, as the NetworkPolicy target does.
     */
    private static ObjectNode anyPublic(EgressPosture.Spec posture) {
        ObjectNode rule = JSON.objectNode();
        ArrayNode set = rule.putArray("toCIDRSet");
        PublicAddresses.blocks(posture).forEach(set::add);
        return rule;
    }

    /**
     * The record's ports: the number as a string, as Cilium's CRD has it, {@code endPort} for a
     * range. No ports means every port, as a rule without {@code toPorts} does.
     */
    private static ObjectNode toPorts(ObjectNode rule, List<PortRange> ranges) {
        List<PortRange> distinct = List.copyOf(new LinkedHashSet<>(ranges));
        if (distinct.isEmpty()) {
            return rule;
        }
        ArrayNode entries = rule.putArray("toPorts");
        for (int first = 0; first < distinct.size(); first += MAX_PORTS_PER_ENTRY) {
            ArrayNode ports = entries.addObject().putArray("ports");
            for (PortRange range : distinct.subList(first, Math.min(distinct.size(), first + MAX_PORTS_PER_ENTRY))) {
                ObjectNode port = ports.addObject().put("port", String.valueOf(range.port()));
                if (!range.isSinglePort()) {
                    port.put("endPort", range.endPort());
                }
                port.put("protocol", range.protocol().wireName());
            }
        }
        return rule;
    }
}
