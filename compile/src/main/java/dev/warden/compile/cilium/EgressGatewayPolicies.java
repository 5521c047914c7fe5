package dev.warden.compile.cilium;

import static dev.warden.compile.KubeObjects.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.compile.KubeObjects;
import dev.warden.compile.Manifest;
import dev.warden.model.net.Cidr;
import dev.warden.model.net.WildcardName;
import dev.warden.model.registry.EgressDependency;
import dev.warden.model.registry.EgressPosture;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * CiliumEgressGatewayPolicy for a record that needs a stable source address (§6) and leaves
 * directly: its pods' traffic to the record's destination CIDRs goes through a gateway node and is
 * SNATed there. The policy only chooses the source address; what may leave at all is the
 * CiliumNetworkPolicy's to decide.
 *
 * <p>No policy where something else already gives the stable address: records on the
 * egress-gateway and http-proxy paths leave from Warden's gateway (posture {@code gateway.egressIps})
 * — their pods talk to a pod inside the cluster, which Cilium never redirects — records on the
 * mesh path leave from the mesh egress gateway, and nat records leave from the cloud NAT's fixed
 * addresses when the posture names them.
 */
final class EgressGatewayPolicies {
    static final String KIND = "CiliumEgressGatewayPolicy";
    /**
     * The node label the policies select gateway nodes by, because the posture names no egress
     * gateway node. If no node carries it, Cilium drops the matching traffic (documented), so a
     * missing label fails closed; label the gateway node {@code warden.dev/egress-gateway-node=true}.
     */
    static final String GATEWAY_NODE_LABEL = "warden.dev/egress-gateway-node";

    private EgressGatewayPolicies() {}

    /** The record's policy, or empty when it needs none or it cannot be said (then with a problem). */
    static Optional<ObjectNode> forRecord(EgressDependency dependency, EgressPosture.Spec posture,
            List<String> problems) {
        var spec = dependency.spec();
        boolean natHasFixedAddresses = posture.nat() != null && !posture.nat().egressIps().isEmpty();
        boolean leavesDirectly = switch (spec.path()) {
            case NAT -> !natHasFixedAddresses;
            case PRIVATE_ENDPOINT -> true;
            case EGRESS_GATEWAY, HTTP_PROXY, MESH_EGRESS_GATEWAY -> false;
        };
        if (!leavesDirectly) {
            return Optional.empty();
        }
        var destination = spec.destination();
        if (destination.namedOnlyByHostname()) {
            List<String> names = Stream.concat(destination.hosts().stream().map(Object::toString),
                    destination.wildcards().stream().map(EgressDependency.Wildcard::pattern).map(WildcardName::toString))
                    .sorted().toList();
            problems.add("record " + dependency.name() + " needs a stable source IP, but Cilium's egress gateway"
                    + " matches destination CIDRs, not names (" + String.join(", ", names) + "); add"
                    + " destination.cidrs or use path egress-gateway");
            return Optional.empty();
        }
        Set<String> v4 = new TreeSet<>();
        List<String> v6 = new ArrayList<>();
        List<Cidr> blocks = new ArrayList<>(destination.cidrs());
        destination.allowPrivate().forEach(range -> blocks.add(range.cidr()));
        for (Cidr cidr : blocks) {
            (cidr.network().isV4() ? v4 : v6).add(cidr.toString());
        }
        if (destination.anyPublic() != null) {
            // Every address: which of them may be reached at all is the network policy's to say.
            v4.add("0.0.0.0/0");
            v6.add("::/0");
        }
        if (!v6.isEmpty()) {
            problems.add("record " + dependency.name() + " needs a stable source IP for " + String.join(", ", v6.stream()
                    .sorted().toList()) + ", but the CiliumEgressGatewayPolicy schema published for Cilium 1.17 takes"
                    + " IPv4 destinations only; that traffic leaves from node addresses");
        }
        if (v4.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode object = KubeObjects.object(CiliumTarget.API_VERSION, KIND, null, "warden-" + dependency.name(),
                Manifest.STABLE_SOURCE_IP, List.of(dependency.name()));
        ObjectNode policy = object.putObject("spec");
        policy.putArray("selectors").addObject().set("podSelector", CiliumSelectors.clusterWide(spec.source()));
        ArrayNode cidrs = policy.putArray("destinationCIDRs");
        v4.forEach(cidrs::add);
        // No egressIP: the posture names none that is on a node (nat.egressIps are the cloud NAT's),
        // so Cilium uses the first address of the gateway node's default-route interface (documented).
        ObjectNode nodeSelector = JSON.objectNode();
        nodeSelector.putObject("matchLabels").put(GATEWAY_NODE_LABEL, "true");
        policy.putObject("egressGateway").set("nodeSelector", nodeSelector);
        return Optional.of(object);
    }
}
