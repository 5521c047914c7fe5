package dev.warden.analyze.findings;

import dev.warden.analyze.cluster.Cluster;
import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.reach.Reachability;
import dev.warden.analyze.reach.Side;
import dev.warden.analyze.read.ReadResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The seed's mesh egress gateway pattern (§11) and its anti-pattern: a mesh whose sidecars let
 * unknown hosts through, or whose egress gateway workloads can simply go around.
 *
 * <p>Both are HIGH: either way the gateway is, in the seed's words, an optional path rather
 * than a control, and the workloads keep direct egress to the internet.
 */
final class MeshFindings {
    private final Cluster cluster;
    private final IstioMesh mesh;

    private MeshFindings(ReadResult read) {
        this.cluster = read.cluster();
        this.mesh = new IstioMesh(read);
    }

    static List<Finding> find(ReadResult read) {
        MeshFindings findings = new MeshFindings(read);
        List<Finding> found = new ArrayList<>(findings.outboundAllowAny());
        found.addAll(findings.egressGatewayBypassable());
        return found;
    }

    /** The injected workloads one finding covers, and how their mode was decided. */
    private record Group(String subject, IstioMesh.Outbound outbound) {}

    /**
     * {@code mesh-outbound-allow-any}: per namespace, or per workload when a Sidecar with a
     * workloadSelector decides its mode, the injected workloads whose sidecar passes unknown hosts
     * through. Without injected workloads the manifests show no mesh, and nothing is reported.
     */
    private List<Finding> outboundAllowAny() {
        Map<Group, List<Endpoint>> groups = new LinkedHashMap<>();
        for (Endpoint endpoint : mesh.injected()) {
            IstioMesh.Outbound outbound = mesh.outbound(endpoint);
            if (outbound.allowAny()) {
                String subject = outbound.selectsWorkload() ? endpoint.id() : endpoint.namespace();
                groups.computeIfAbsent(new Group(subject, outbound), group -> new ArrayList<>()).add(endpoint);
            }
        }
        List<Finding> found = new ArrayList<>();
        groups.forEach((group, endpoints) -> {
            IstioMesh.Outbound outbound = group.outbound();
            List<Involved> involved = new ArrayList<>(endpoints.stream().map(Involved::of).toList());
            outbound.sidecar().ifPresent(sidecar -> involved.add(sidecar.involved()));
            if (outbound.source() != IstioMesh.ModeSource.SIDECAR) {
                outbound.meshConfig().ifPresent(config -> involved.add(config.involved()));
            }
            String workloads = endpoints.stream().map(Endpoint::id).collect(Collectors.joining(", "));
            found.add(new Finding("mesh-outbound-allow-any", group.subject(), Severity.HIGH, involved,
                    "The sidecars of " + workloads + " pass connections to any host outside the service registry"
                            + " straight through: " + decidedBy(outbound) + ". The mesh's egress gateway and"
                            + " its policy are then an optional path, not a control.",
                    fix(group.subject(), outbound)));
        });
        return found;
    }

    private static String decidedBy(IstioMesh.Outbound outbound) {
        return switch (outbound.source()) {
            case SIDECAR -> outbound.sidecar().orElseThrow().describe() + " sets outboundTrafficPolicy ALLOW_ANY";
            case MESH_CONFIG -> "the mesh config (" + outbound.meshConfig().orElseThrow().describe()
                    + ") sets outboundTrafficPolicy ALLOW_ANY";
            case ISTIO_DEFAULT -> outbound.meshConfig()
                    .map(config -> "the mesh config (" + config.describe() + ") leaves outboundTrafficPolicy"
                            + " unset, and Istio's default is ALLOW_ANY")
                    .orElse("no mesh config in the manifests sets outboundTrafficPolicy, and Istio's default is"
                            + " ALLOW_ANY");
        };
    }

    private static String fix(String subject, IstioMesh.Outbound outbound) {
        String then = ", then add a ServiceEntry for each reviewed external destination, routed through the"
                + " egress gateway.";
        if (outbound.source() == IstioMesh.ModeSource.SIDECAR) {
            return "Set `outboundTrafficPolicy: {mode: REGISTRY_ONLY}` in " + outbound.sidecar().orElseThrow().describe()
                    + ", which overrides the mesh config" + then;
        }
        String sidecar = outbound.sidecar().map(TreeObject::describe)
                .orElse("a Sidecar " + (outbound.selectsWorkload() ? "selecting " : "in namespace ") + subject);
        return "Set `outboundTrafficPolicy: {mode: REGISTRY_ONLY}` in the mesh config (`meshConfig`), or in " + sidecar
                + then;
    }

    /**
     * {@code mesh-egress-gateway-bypassable}: with an Istio egress gateway deployed, each injected
     * workload whose NetworkPolicy egress still admits a public address. Asked of {@link
     * Reachability}, so the finding and {@code --can-reach} agree.
     */
    private List<Finding> egressGatewayBypassable() {
        List<Endpoint> gateways = mesh.egressGateways();
        if (gateways.isEmpty()) {
            return List.of();
        }
        String gatewayIds = gateways.stream().map(Endpoint::id).collect(Collectors.joining(", "));
        Reachability reach = Reachability.of(cluster);
        Function<Collection<String>, List<Involved>> policyObjects = Involved.policies(cluster);
        List<Finding> found = new ArrayList<>();
        for (Endpoint endpoint : mesh.injected()) {
            Side egress = reach.verdict(endpoint, Findings.PUBLIC).egress();
            if (!egress.allowed()) {
                continue;
            }
            List<Involved> involved = new ArrayList<>();
            involved.add(Involved.of(endpoint));
            gateways.forEach(gateway -> involved.add(Involved.of(gateway)));
            involved.addAll(policyObjects.apply(egress.policies()));
            found.add(new Finding("mesh-egress-gateway-bypassable", endpoint.id(), Severity.HIGH, involved,
                    endpoint.id() + " is in the mesh with egress gateway " + gatewayIds + ", but its NetworkPolicy"
                            + " egress admits 203.0.113.10:443/TCP, the public address probed. Sidecar redirection"
                            + " is no boundary: a container with NET_ADMIN, or a pod that opts out of injection,"
                            + " goes straight out around the gateway's policy and audit.",
                    "Default-deny " + endpoint.id() + "'s egress and allow only the egress gateway's pods ("
                            + gatewayIds + ") and cluster DNS; at the network edge, let only the gateway's"
                            + " addresses out."));
        }
        return found;
    }
}
