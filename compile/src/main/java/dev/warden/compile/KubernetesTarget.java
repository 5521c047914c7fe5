package dev.warden.compile;

import static dev.warden.compile.KubeObjects.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.model.registry.EgressDependency;
import dev.warden.model.registry.EgressDependency.PortRange;
import dev.warden.model.registry.EgressPath;
import dev.warden.model.registry.EgressPosture;
import dev.warden.model.registry.Registry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The portable baseline (§15): Kubernetes NetworkPolicy, which every CNI that enforces policy
 * understands. Per source namespace a default-deny egress policy — the bypass control of every
 * allow beside it (§18) — and DNS only to the cluster DNS pods; per record the one way out its
 * path allows; and for the gateway's own namespace, egress to public destinations on the ports
 * its records need, never to pods, services or metadata addresses.
 */
public final class KubernetesTarget {
    static final String TARGET = "kubernetes";
    static final String API_VERSION = "networking.k8s.io/v1";
    static final String KIND = "NetworkPolicy";
    static final String GATEWAY_EGRESS = "gateway-egress";

    private KubernetesTarget() {}

    public static Compilation compile(Registry registry) {
        List<String> problems = new ArrayList<>();
        EgressPosture.Spec posture = registry.posture().map(EgressPosture::spec).orElse(null);
        if (posture == null) {
            return new Compilation(List.of(), List.of("the registry has no EgressPosture: the cluster DNS and the"
                    + " gateway it names are needed to compile NetworkPolicy"));
        }
        Map<String, List<EgressDependency>> byNamespace = new TreeMap<>();
        registry.dependencies().stream().sorted(Comparator.comparing(EgressDependency::name))
                .forEach(dependency -> byNamespace.computeIfAbsent(dependency.spec().source().namespace(),
                        namespace -> new ArrayList<>()).add(dependency));
        List<Manifest> manifests = new ArrayList<>();
        byNamespace.forEach((namespace, dependencies) -> {
            List<String> names = dependencies.stream().map(EgressDependency::name).toList();
            manifests.add(defaultDeny(TARGET, namespace, names));
            manifests.add(dnsOnly(TARGET, namespace, posture, names));
            for (EgressDependency dependency : dependencies) {
                ObjectNode rule = egressRule(dependency, posture, problems);
                if (rule != null) {
                    manifests.add(allow(dependency, rule));
                }
            }
        });
        List<EgressDependency> viaGateway = registry.dependencies().stream().filter(KubernetesTarget::viaGateway)
                .sorted(Comparator.comparing(EgressDependency::name)).toList();
        if (!viaGateway.isEmpty() && posture.gateway() != null) {
            String gatewayNamespace = posture.gateway().namespace();
            List<String> names = viaGateway.stream().map(EgressDependency::name).toList();
            if (!byNamespace.containsKey(gatewayNamespace)) {
                manifests.add(defaultDeny(TARGET, gatewayNamespace, names));
                manifests.add(dnsOnly(TARGET, gatewayNamespace, posture, names));
            }
            manifests.add(gatewayEgress(posture, viaGateway));
        }
        manifests.sort(Comparator.comparing((Manifest manifest) -> manifest.namespace()).thenComparing(Manifest::name));
        return new Compilation(manifests, problems);
    }

    private static boolean viaGateway(EgressDependency dependency) {
        EgressPath path = dependency.spec().path();
        return path == EgressPath.EGRESS_GATEWAY || path == EgressPath.HTTP_PROXY;
    }

    private static Manifest manifest(ObjectNode object) {
        return new Manifest(TARGET, object);
    }

    private static ObjectNode policy(String namespace, String name, String control, List<String> records,
            ObjectNode podSelector) {
        ObjectNode object = KubeObjects.object(API_VERSION, KIND, namespace, name, control, records);
        ObjectNode spec = object.putObject("spec");
        spec.set("podSelector", podSelector);
        spec.putArray("policyTypes").add("Egress");
        return object;
    }

    /**
     * Selects every pod for egress and allows nothing: what the allows beside it are exceptions
     * to. {@code target} is the target whose output it belongs to (the Istio target closes the
     * direct path with it too).
     */
    public static Manifest defaultDeny(String target, String namespace, List<String> records) {
        return new Manifest(target, policy(namespace, "warden-default-deny-egress", Manifest.DEFAULT_DENY_EGRESS, records,
                JSON.objectNode()));
    }

    /**
     * DNS to the cluster DNS pods only — namespace and pod selector in one peer, never an ipBlock,
     * so a pod cannot use its own resolver to leak data or resolve around policy (§24.2).
     */
    public static Manifest dnsOnly(String target, String namespace, EgressPosture.Spec posture, List<String> records) {
        ObjectNode object = policy(namespace, "warden-dns-to-cluster-dns", Manifest.DNS_TO_CLUSTER_DNS, records, JSON.objectNode());
        ObjectNode rule = ((ArrayNode) ((ObjectNode) object.get("spec")).putArray("egress")).addObject();
        ObjectNode peer = rule.putArray("to").addObject();
        peer.set("namespaceSelector", KubeObjects.namespaceSelector(posture.clusterDns().namespace()));
        peer.set("podSelector", KubeObjects.selector(posture.clusterDns().podSelector()));
        ArrayNode ports = rule.putArray("ports");
        ports.addObject().put("protocol", "UDP").put("port", 53);
        ports.addObject().put("protocol", "TCP").put("port", 53);
        return new Manifest(target, object);
    }

    private static Manifest allow(EgressDependency dependency, ObjectNode rule) {
        ObjectNode object = policy(dependency.spec().source().namespace(), "warden-" + dependency.name(), Manifest.ALLOW,
                List.of(dependency.name()), KubeObjects.selector(dependency.spec().source().podSelector()));
        ((ObjectNode) object.get("spec")).putArray("egress").add(rule);
        return manifest(object);
    }

    /** The one egress rule a record's path allows, or null (with a problem) when it cannot be said. */
    private static ObjectNode egressRule(EgressDependency dependency, EgressPosture.Spec posture, List<String> problems) {
        var spec = dependency.spec();
        ObjectNode rule = JSON.objectNode();
        ArrayNode to = rule.putArray("to");
        switch (spec.path()) {
            case EGRESS_GATEWAY, HTTP_PROXY -> {
                if (posture.gateway() == null) {
                    problems.add("record " + dependency.name() + " leaves by " + spec.path().wireName()
                            + ", but the posture names no gateway; add spec.gateway to the EgressPosture");
                    return null;
                }
                ObjectNode peer = to.addObject();
                peer.set("namespaceSelector", KubeObjects.namespaceSelector(posture.gateway().namespace()));
                peer.set("podSelector", KubeObjects.selector(posture.gateway().podSelector()));
                rule.putArray("ports").addObject().put("protocol", "TCP").put("port", posture.gateway().port());
                return rule;
            }
            case MESH_EGRESS_GATEWAY -> {
                if (posture.mesh() == null || posture.mesh().egressGateway() == null) {
                    problems.add("record " + dependency.name() + " leaves by mesh-egress-gateway, but the posture names"
                            + " no mesh egress gateway; add spec.mesh.egressGateway to the EgressPosture");
                    return null;
                }
                ObjectNode peer = to.addObject();
                peer.set("namespaceSelector", KubeObjects.namespaceSelector(posture.mesh().egressGateway().namespace()));
                peer.set("podSelector", KubeObjects.selector(posture.mesh().egressGateway().podSelector()));
                // No ports: a NetworkPolicy matches the gateway pod's own port, which depends on the
                // mesh install (8443 behind a Service on 443 with istioctl), not the record's port.
                return rule;
            }
            case NAT, PRIVATE_ENDPOINT -> {
                Set<String> blocks = new TreeSet<>();
                spec.destination().cidrs().forEach(cidr -> blocks.add(cidr.toString()));
                spec.destination().allowPrivate().forEach(range -> blocks.add(range.cidr().toString()));
                blocks.forEach(cidr -> to.addObject().putObject("ipBlock").put("cidr", cidr));
                if (spec.destination().anyPublic() != null) {
                    anyPublic(to, posture);
                }
                if (to.isEmpty()) {
                    problems.add("record " + dependency.name() + " leaves by " + spec.path().wireName()
                            + " but names its destination only by host names, and a NetworkPolicy can only allow"
                            + " addresses: add destination.cidrs, or choose path egress-gateway or http-proxy");
                    return null;
                }
                ports(rule, spec.destination().ports());
                return rule;
            }
            default -> throw new IllegalStateException("no rule for path " + spec.path());
        }
    }

    /** Every public address: the whole space except pods, services and the special ranges. */
    private static void anyPublic(ArrayNode to, EgressPosture.Spec posture) {
        PublicAddresses.blocks(posture).forEach(block -> to.addObject().set("ipBlock", block));
    }

    private static void ports(ObjectNode rule, List<PortRange> ranges) {
        if (ranges.isEmpty()) {
            return; // the record allows every port; so does a rule without ports
        }
        ArrayNode ports = rule.putArray("ports");
        for (PortRange range : new LinkedHashSet<>(ranges)) {
            ObjectNode port = ports.addObject().put("protocol", range.protocol().wireName()).put("port", range.port());
            if (!range.isSinglePort()) {
                port.put("endPort", range.endPort());
            }
        }
    }

    /**
     * The gateway pods' own egress: DNS (in the namespace's DNS policy) and public destinations on
     * the ports its records need; the private ranges a record allows, on that record's ports;
     * never pods, services or metadata addresses.
     */
    private static Manifest gatewayEgress(EgressPosture.Spec posture, List<EgressDependency> viaGateway) {
        List<String> names = viaGateway.stream().map(EgressDependency::name).toList();
        ObjectNode object = policy(posture.gateway().namespace(), "warden-gateway-egress", GATEWAY_EGRESS, names,
                KubeObjects.selector(posture.gateway().podSelector()));
        ArrayNode egress = ((ObjectNode) object.get("spec")).putArray("egress");
        List<PortRange> publicPorts = new ArrayList<>();
        for (EgressDependency dependency : viaGateway) {
            publicPorts.addAll(dependency.spec().destination().ports());
        }
        ObjectNode publicRule = egress.addObject();
        anyPublic(publicRule.putArray("to"), posture);
        ports(publicRule, publicPorts.stream().distinct().sorted(Comparator.comparing(PortRange::toString)).toList());
        for (EgressDependency dependency : viaGateway) {
            if (dependency.spec().destination().allowPrivate().isEmpty()) {
                continue;
            }
            ObjectNode privateRule = egress.addObject();
            ArrayNode to = privateRule.putArray("to");
            dependency.spec().destination().allowPrivate().stream().map(range -> range.cidr().toString()).sorted()
                    .forEach(cidr -> to.addObject().putObject("ipBlock").put("cidr", cidr));
            ports(privateRule, dependency.spec().destination().ports());
        }
        return manifest(object);
    }
}
