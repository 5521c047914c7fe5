package dev.warden.compile.istio;

import static dev.warden.compile.KubeObjects.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.compile.Compilation;
import dev.warden.compile.KubeObjects;
import dev.warden.compile.KubernetesTarget;
import dev.warden.compile.Manifest;
import dev.warden.model.net.Hostname;
import dev.warden.model.registry.AppProtocol;
import dev.warden.model.registry.EgressDependency;
import dev.warden.model.registry.EgressDependency.PortRange;
import dev.warden.model.registry.EgressPath;
import dev.warden.model.registry.EgressPosture;
import dev.warden.model.registry.LabelSelector;
import dev.warden.model.registry.Registry;
import dev.warden.model.registry.Transport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Istio target (§11): records whose path is {@code mesh-egress-gateway} leave through the
 * mesh's egress gateway, as in Istio's "Egress Gateways" task, with the gateway admitting each
 * record's workload by its SPIFFE principal only for that record's hosts.
 *
 * <p>Per record, in the source namespace: a {@code ServiceEntry} (MESH_EXTERNAL, DNS), a
 * {@code DestinationRule} with one subset per host for the egress gateway service, and one
 * {@code VirtualService} per host routing sidecar → egress gateway → host. In the gateway's
 * namespace: one {@code Gateway} and one {@code AuthorizationPolicy}. Per source namespace: a
 * {@code Sidecar} with {@code REGISTRY_ONLY} and the NetworkPolicies that close the direct path —
 * default deny, DNS to the cluster DNS only, the mesh's own pods — because a mesh egress gateway
 * is only a control when the pod cannot go around its sidecar (§18).
 *
 * <p>Sidecar to gateway is Istio mutual TLS (the application's TLS or HTTP inside it), not the
 * task's plain PASSTHROUGH: a passed-through connection carries no peer certificate, so an
 * AuthorizationPolicy could never see the source principal and would deny everything.
 *
 * <p>Records on other paths get nothing here: their namespaces are closed by the targets of their
 * own paths, and a REGISTRY_ONLY Sidecar there would cut the paths they were given.
 */
public final class IstioTarget {
    static final String TARGET = "istio";
    static final String NETWORKING = "networking.istio.io/v1";
    static final String SECURITY = "security.istio.io/v1";
    static final String NETWORK_POLICY = "networking.k8s.io/v1";

    /**
     * The posture names the gateway's pods, not its Service; {@code istio-egressgateway} is what
     * {@code istioctl} and the Istio tasks install.
     */
    static final String GATEWAY_SERVICE = "istio-egressgateway";
    static final String GATEWAY_NAME = "warden-egressgateway";
    /** Istio's default trust domain; SPIFFE IDs are {@code spiffe://TRUST_DOMAIN/ns/NS/sa/SA}. */
    static final String TRUST_DOMAIN = "cluster.local";
    /** Where sidecars fetch configuration and certificates: the default istiod installation. */
    static final String ISTIOD_NAMESPACE = "istio-system";
    static final Map<String, String> ISTIOD_LABELS = Map.of("app", "istiod");
    static final int TLS_PORT = 443;
    static final int HTTP_PORT = 80;

    public static final String SERVICE_ENTRY = "service-entry";
    public static final String ROUTE = "route-via-egress-gateway";
    static final String GATEWAY = "egress-gateway";
    public static final String AUTHORIZATION = "egress-gateway-authorization";
    public static final String REGISTRY_ONLY = "registry-only";
    public static final String MESH_ONLY = "mesh-only";

    private IstioTarget() {}

    /** One host of one record: what a subset, a VirtualService and a gateway server are made for. */
    private record Route(EgressDependency dependency, Hostname host, String name) {
        boolean tls() {
            return dependency.spec().protocol() != AppProtocol.HTTP;
        }

        int port() {
            return tls() ? TLS_PORT : HTTP_PORT;
        }

        String namespace() {
            return dependency.spec().source().namespace();
        }
    }

    public static Compilation compile(Registry registry) {
        List<EgressDependency> mesh = registry.dependencies().stream()
                .filter(dependency -> dependency.spec().path() == EgressPath.MESH_EGRESS_GATEWAY)
                .sorted(Comparator.comparing(EgressDependency::name)).toList();
        if (mesh.isEmpty()) {
            return new Compilation(List.of(), List.of());
        }
        EgressPosture.Spec posture = registry.posture().map(EgressPosture::spec).orElse(null);
        if (posture == null) {
            return new Compilation(List.of(), List.of("the registry has no EgressPosture: the mesh egress gateway and"
                    + " the cluster DNS it names are needed to compile the Istio target"));
        }
        if (posture.mesh() == null || posture.mesh().egressGateway() == null) {
            return new Compilation(List.of(), mesh.stream().map(dependency -> "record " + dependency.name()
                    + " leaves by mesh-egress-gateway, but the posture names no mesh egress gateway; add"
                    + " spec.mesh.egressGateway to the EgressPosture").toList());
        }
        EgressPosture.MeshGateway gateway = posture.mesh().egressGateway();
        LabelSelector gatewayPods = gateway.podSelector();
        if (gatewayPods == null || gatewayPods.matchLabels().isEmpty() || !gatewayPods.matchExpressions().isEmpty()) {
            return new Compilation(List.of(), List.of("the posture's spec.mesh.egressGateway.podSelector must be"
                    + " matchLabels only: an Istio Gateway and AuthorizationPolicy select pods by labels alone"));
        }
        List<String> problems = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        for (EgressDependency dependency : mesh) {
            if (admissible(dependency, problems)) {
                List<Hostname> hosts = dependency.spec().destination().hosts().stream().distinct().toList();
                for (int i = 0; i < hosts.size(); i++) {
                    String name = hosts.size() == 1 ? dependency.name() : dependency.name() + "-" + (i + 1);
                    routes.add(new Route(dependency, hosts.get(i), name));
                }
            }
        }
        List<Manifest> manifests = new ArrayList<>();
        Map<String, List<Route>> byRecord = new TreeMap<>();
        routes.forEach(route -> byRecord.computeIfAbsent(route.dependency().name(), name -> new ArrayList<>()).add(route));
        byRecord.values().forEach(recordRoutes -> {
            manifests.add(serviceEntry(recordRoutes, gateway));
            manifests.add(destinationRule(recordRoutes, gateway));
            recordRoutes.forEach(route -> manifests.add(virtualService(route, gateway)));
        });
        if (!routes.isEmpty()) {
            manifests.add(egressGateway(routes, gateway));
            manifests.add(authorizationPolicy(byRecord, gateway));
        }
        Map<String, List<String>> byNamespace = new TreeMap<>();
        mesh.forEach(dependency -> byNamespace.computeIfAbsent(dependency.spec().source().namespace(),
                namespace -> new ArrayList<>()).add(dependency.name()));
        byNamespace.forEach((namespace, records) -> {
            manifests.add(sidecar(namespace, records, gateway));
            manifests.add(KubernetesTarget.defaultDeny(TARGET, namespace, records));
            manifests.add(KubernetesTarget.dnsOnly(TARGET, namespace, posture, records));
            manifests.add(meshOnly(namespace, records, gateway));
        });
        manifests.sort(Comparator.comparing(Manifest::namespace).thenComparing(Manifest::kind)
                .thenComparing(Manifest::name));
        return new Compilation(manifests, problems);
    }

    /** Whether the record can be said in Istio's terms; otherwise a problem names what to change. */
    private static boolean admissible(EgressDependency dependency, List<String> problems) {
        var spec = dependency.spec();
        String record = "record " + dependency.name();
        int before = problems.size();
        if (spec.source().serviceAccount() == null) {
            problems.add(record + " names no source.serviceAccount, so the egress gateway has no SPIFFE principal to"
                    + " admit; add the workload's service account");
        }
        if (spec.protocol() == AppProtocol.TCP || spec.protocol() == AppProtocol.UDP) {
            problems.add(record + " speaks " + spec.protocol() + ", which carries no name the egress gateway can route"
                    + " or authorize by; choose path egress-gateway or nat");
        } else {
            int expected = spec.protocol() == AppProtocol.HTTP ? HTTP_PORT : TLS_PORT;
            List<PortRange> ports = spec.destination().ports();
            boolean onlyExpected = !ports.isEmpty() && ports.stream().allMatch(range -> range.isSinglePort()
                    && range.port() == expected && range.protocol() == Transport.TCP);
            if (!onlyExpected) {
                problems.add(record + " allows ports " + ports + ", but the Istio target routes HTTPS and TLS on 443 by"
                        + " SNI and HTTP on 80 by host; set destination.ports to [{port: " + expected + "}]");
            }
        }
        var destination = spec.destination();
        if (!destination.wildcards().isEmpty()) {
            // A wildcard ServiceEntry needs resolution NONE, with which the gateway forwards to itself.
            problems.add(record + " allows wildcards " + destination.wildcards().stream()
                    .map(wildcard -> wildcard.pattern().toString()).toList() + ", but a ServiceEntry for the egress"
                    + " gateway must resolve by DNS, which takes exact names only; list the hosts under"
                    + " destination.hosts");
        }
        if (!destination.cidrs().isEmpty() || !destination.allowPrivate().isEmpty() || destination.anyPublic() != null) {
            problems.add(record + " names its destination by address, but the egress gateway routes by name; remove"
                    + " cidrs, allowPrivate and anyPublic, or choose path nat or egress-gateway");
        }
        if (destination.hosts().isEmpty()) {
            problems.add(record + " names no destination.hosts, and the egress gateway routes by host name only");
        }
        return problems.size() == before;
    }

    private static Manifest manifest(ObjectNode object) {
        return new Manifest(TARGET, object);
    }

    private static String gatewayHost(EgressPosture.MeshGateway gateway) {
        return GATEWAY_SERVICE + "." + gateway.namespace() + ".svc.cluster.local";
    }

    private static String gatewayReference(EgressPosture.MeshGateway gateway) {
        return gateway.namespace() + "/" + GATEWAY_NAME;
    }

    private static ArrayNode strings(ArrayNode array, Iterable<String> values) {
        values.forEach(array::add);
        return array;
    }

    /**
     * The record's hosts in its own namespace, seen there and by the gateway only: a sidecar in
     * REGISTRY_ONLY mode elsewhere does not know the host at all.
     */
    private static Manifest serviceEntry(List<Route> routes, EgressPosture.MeshGateway gateway) {
        Route first = routes.get(0);
        ObjectNode object = KubeObjects.object(NETWORKING, "ServiceEntry", first.namespace(),
                "warden-" + first.dependency().name(), SERVICE_ENTRY, List.of(first.dependency().name()));
        ObjectNode spec = object.putObject("spec");
        strings(spec.putArray("hosts"), routes.stream().map(route -> route.host().ascii()).toList());
        strings(spec.putArray("exportTo"), List.of(".", gateway.namespace()));
        spec.putArray("ports").addObject().put("number", first.port())
                .put("name", (first.tls() ? "tls-" : "http-") + first.port()).put("protocol", first.tls() ? "TLS" : "HTTP");
        spec.put("location", "MESH_EXTERNAL");
        // DNS, not NONE: with NONE the gateway would send the connection back to its own address.
        spec.put("resolution", "DNS");
        return manifest(object);
    }

    /**
     * One subset per host for the egress gateway service: Istio mutual TLS with the host as SNI, so
     * the gateway picks the host's server by SNI and knows the caller's principal. Istio merges the
     * DestinationRules of one host in one namespace, so each record keeps its own.
     */
    private static Manifest destinationRule(List<Route> routes, EgressPosture.MeshGateway gateway) {
        Route first = routes.get(0);
        ObjectNode object = KubeObjects.object(NETWORKING, "DestinationRule", first.namespace(),
                "warden-" + first.dependency().name(), ROUTE, List.of(first.dependency().name()));
        ObjectNode spec = object.putObject("spec").put("host", gatewayHost(gateway));
        spec.putArray("exportTo").add(".");
        ArrayNode subsets = spec.putArray("subsets");
        for (Route route : routes) {
            ObjectNode setting = subsets.addObject().put("name", route.name()).putObject("trafficPolicy")
                    .putArray("portLevelSettings").addObject();
            setting.putObject("port").put("number", route.port());
            setting.putObject("tls").put("mode", "ISTIO_MUTUAL").put("sni", route.host().ascii());
        }
        return manifest(object);
    }

    /**
     * Sidecar → gateway subset, then gateway → host. One per host: once the gateway has ended the
     * mutual TLS, a TLS stream is routed by port only ({@code tcp}), so a server and a route per host
     * is what keeps one host's traffic from being sent to another.
     */
    private static Manifest virtualService(Route route, EgressPosture.MeshGateway gateway) {
        String record = route.dependency().name();
        ObjectNode object = KubeObjects.object(NETWORKING, "VirtualService", route.namespace(), "warden-" + route.name(),
                ROUTE, List.of(record));
        ObjectNode spec = object.putObject("spec");
        spec.putArray("hosts").add(route.host().ascii());
        strings(spec.putArray("exportTo"), List.of(".", gateway.namespace()));
        strings(spec.putArray("gateways"), List.of("mesh", gatewayReference(gateway)));
        ObjectNode fromMesh = JSON.objectNode();
        ObjectNode meshMatch = fromMesh.putArray("match").addObject();
        meshMatch.putArray("gateways").add("mesh");
        meshMatch.put("port", route.port());
        if (route.tls()) {
            meshMatch.putArray("sniHosts").add(route.host().ascii());
        }
        destination(fromMesh, gatewayHost(gateway), route.name(), route.port());
        ObjectNode fromGateway = JSON.objectNode();
        ObjectNode gatewayMatch = fromGateway.putArray("match").addObject();
        gatewayMatch.putArray("gateways").add(gatewayReference(gateway));
        gatewayMatch.put("port", route.port());
        destination(fromGateway, route.host().ascii(), null, route.port());
        if (route.tls()) {
            spec.putArray("tls").add(fromMesh);
            spec.putArray("tcp").add(fromGateway);
        } else {
            spec.putArray("http").add(fromMesh).add(fromGateway);
        }
        return manifest(object);
    }

    private static void destination(ObjectNode rule, String host, String subset, int port) {
        ObjectNode destination = rule.putArray("route").addObject().putObject("destination").put("host", host);
        if (subset != null) {
            destination.put("subset", subset);
        }
        destination.putObject("port").put("number", port);
    }

    /**
     * One server per host and port, ending Istio mutual TLS; its hosts are {@code namespace/host}
     * so only the VirtualServices of the namespaces whose records name the host can bind to it.
     */
    private static Manifest egressGateway(List<Route> routes, EgressPosture.MeshGateway gateway) {
        Map<String, Set<String>> servers = new TreeMap<>();
        Map<String, Route> serverRoute = new TreeMap<>();
        for (Route route : routes) {
            String key = (route.tls() ? "tls-" : "https-") + route.port() + "-" + route.host().ascii().replace('.', '-');
            servers.computeIfAbsent(key, k -> new TreeSet<>()).add(route.namespace() + "/" + route.host().ascii());
            serverRoute.putIfAbsent(key, route);
        }
        ObjectNode object = KubeObjects.object(NETWORKING, "Gateway", gateway.namespace(), GATEWAY_NAME, GATEWAY,
                routes.stream().map(route -> route.dependency().name()).toList());
        ObjectNode spec = object.putObject("spec");
        ObjectNode selector = spec.putObject("selector");
        new TreeMap<>(gateway.podSelector().matchLabels()).forEach(selector::put);
        ArrayNode serverList = spec.putArray("servers");
        servers.forEach((name, hosts) -> {
            Route route = serverRoute.get(name);
            ObjectNode server = serverList.addObject();
            server.putObject("port").put("number", route.port()).put("name", name)
                    .put("protocol", route.tls() ? "TLS" : "HTTPS");
            strings(server.putArray("hosts"), hosts);
            server.putObject("tls").put("mode", "ISTIO_MUTUAL");
        });
        return manifest(object);
    }

    /**
     * ALLOW, one rule per record: its principal, and its hosts — by {@code connection.sni} for TLS
     * (the SNI of the mutual TLS, which the DestinationRule sets to the host; HTTP attributes such as
     * {@code to.operation.hosts} never match a TCP stream) and by the Host header for HTTP.
     */
    private static Manifest authorizationPolicy(Map<String, List<Route>> byRecord, EgressPosture.MeshGateway gateway) {
        ObjectNode object = KubeObjects.object(SECURITY, "AuthorizationPolicy", gateway.namespace(),
                GATEWAY_NAME, AUTHORIZATION, byRecord.keySet());
        ObjectNode spec = object.putObject("spec");
        ObjectNode labels = spec.putObject("selector").putObject("matchLabels");
        new TreeMap<>(gateway.podSelector().matchLabels()).forEach(labels::put);
        spec.put("action", "ALLOW");
        ArrayNode rules = spec.putArray("rules");
        byRecord.values().forEach(routes -> {
            Route first = routes.get(0);
            List<String> hosts = routes.stream().map(route -> route.host().ascii()).toList();
            ObjectNode rule = rules.addObject();
            rule.putArray("from").addObject().putObject("source").putArray("principals").add(principal(first.dependency()));
            if (first.tls()) {
                ObjectNode condition = rule.putArray("when").addObject().put("key", "connection.sni");
                strings(condition.putArray("values"), hosts);
            } else {
                strings(rule.putArray("to").addObject().putObject("operation").putArray("hosts"), hosts);
            }
        });
        return manifest(object);
    }

    /** The SPIFFE ID of the record's service account, without the {@code spiffe://} scheme, as Istio writes it. */
    static String principal(EgressDependency dependency) {
        var source = dependency.spec().source();
        return TRUST_DOMAIN + "/ns/" + source.namespace() + "/sa/" + source.serviceAccount();
    }

    /** Sidecars of the namespace reach only what the registry names: no passthrough to unknown hosts. */
    private static Manifest sidecar(String namespace, List<String> records, EgressPosture.MeshGateway gateway) {
        ObjectNode object = KubeObjects.object(NETWORKING, "Sidecar", namespace, "default", REGISTRY_ONLY, records);
        ObjectNode spec = object.putObject("spec");
        Set<String> hosts = new TreeSet<>(List.of(gateway.namespace() + "/*", ISTIOD_NAMESPACE + "/*"));
        ArrayNode egressHosts = spec.putArray("egress").addObject().putArray("hosts").add("./*");
        strings(egressHosts, hosts);
        spec.putObject("outboundTrafficPolicy").put("mode", "REGISTRY_ONLY");
        return manifest(object);
    }

    private static ObjectNode policy(String namespace, String name, String control, List<String> records) {
        ObjectNode object = KubeObjects.object(NETWORK_POLICY, "NetworkPolicy", namespace, name, control, records);
        ObjectNode spec = object.putObject("spec");
        spec.putObject("podSelector");
        spec.putArray("policyTypes").add("Egress");
        return object;
    }

    /**
     * The mesh's own pods: the egress gateway, and istiod for the sidecars' configuration and
     * certificates. No ports: the pods listen on their Services' target ports, which depend on how
     * Istio was installed (8080/8443 by istioctl, 80/443 by the gateway chart) and the posture does
     * not say; the Istio task's own policy opens the whole control-plane namespace.
     */
    private static Manifest meshOnly(String namespace, List<String> records, EgressPosture.MeshGateway gateway) {
        ObjectNode object = policy(namespace, "warden-mesh-egress-gateway", MESH_ONLY, records);
        ArrayNode egress = ((ObjectNode) object.get("spec")).putArray("egress");
        ObjectNode toGateway = egress.addObject().putArray("to").addObject();
        toGateway.set("namespaceSelector", KubeObjects.namespaceSelector(gateway.namespace()));
        toGateway.set("podSelector", KubeObjects.selector(gateway.podSelector()));
        ObjectNode toIstiod = egress.addObject().putArray("to").addObject();
        toIstiod.set("namespaceSelector", KubeObjects.namespaceSelector(ISTIOD_NAMESPACE));
        toIstiod.set("podSelector", KubeObjects.selector(new LabelSelector(ISTIOD_LABELS, List.of())));
        return manifest(object);
    }
}
