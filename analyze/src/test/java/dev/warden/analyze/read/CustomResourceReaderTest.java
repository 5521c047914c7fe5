package dev.warden.analyze.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.analyze.cluster.ServiceObject;
import dev.warden.analyze.cluster.cilium.CiliumPolicy;
import dev.warden.analyze.cluster.cilium.CiliumRule;
import dev.warden.analyze.cluster.cilium.Entity;
import dev.warden.analyze.cluster.cilium.PeerRule;
import dev.warden.analyze.cluster.cilium.PeerRule.CidrPeer;
import dev.warden.analyze.cluster.cilium.PeerRule.PortProtocol;
import dev.warden.analyze.cluster.cilium.PeerRule.PortRule;
import dev.warden.analyze.cluster.cilium.PeerRule.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cilium and Istio objects: checked against their published schemas, and Cilium's bound to the cluster model. */
class CustomResourceReaderTest {
    @TempDir
    Path dir;

    @Test
    void reportsSchemaViolationsWithTheirFieldPathAndLeavesTheObjectOut() throws IOException {
        Path file = write("invalid.yaml", """
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: web, namespace: x}
                spec:
                  endpointSelector: {matchLabels: {app: web}}
                  egress:
                  - toPorts:
                    - ports:
                      - port: 443
                  - toEntities: [world-ipv4]
                ---
                apiVersion: cilium.io/v2
                kind: CiliumClusterwideNetworkPolicy
                metadata: {name: deny}
                spec:
                  endpointSelector: {}
                  egres: []
                ---
                apiVersion: networking.istio.io/v1beta1
                kind: ServiceEntry
                metadata: {name: vendor, namespace: x}
                spec:
                  hosts: [api.vendor.example]
                  resolution: DYNAMIC
                """);
        ReadResult result = ManifestReader.read(List.of(file));

        assertThat(result.errors()).containsExactly(
                file + ":1: CiliumNetworkPolicy x/web: spec.egress[0].toPorts[0].ports[0].port: expected a string,"
                        + " found the number 443",
                file + ":1: CiliumNetworkPolicy x/web: spec.egress[1].toEntities[0]: expected one of all, world,"
                        + " cluster, host, init, ingress, unmanaged, remote-node, health, none or kube-apiserver,"
                        + " found the string \"world-ipv4\"",
                file + ":12: CiliumClusterwideNetworkPolicy deny: spec: needs one of ingress, ingressDeny, egress or egressDeny",
                file + ":12: CiliumClusterwideNetworkPolicy deny: spec.egres: unknown field",
                file + ":19: ServiceEntry x/vendor: spec.resolution: expected one of NONE, STATIC, DNS or"
                        + " DNS_ROUND_ROBIN, found the string \"DYNAMIC\"");
        assertThat(result.objects()).isEmpty();
        assertThat(result.cluster().ciliumPolicies()).isEmpty();
    }

    @Test
    void reportsWhatTheCiliumAgentRejectsThoughTheSchemaAllowsIt() throws IOException {
        Path file = write("rejected.yaml", """
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: two-peers, namespace: x}
                spec:
                  endpointSelector: {}
                  egress:
                  - toEndpoints: [{}]
                    toCIDR: [10.0.0.0/8]
                ---
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: wide-except, namespace: x}
                spec:
                  endpointSelector: {}
                  egress:
                  - toCIDRSet: [{cidr: 10.0.0.0/16, except: [10.1.0.0/24]}]
                ---
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: nodes, namespace: x}
                spec:
                  nodeSelector: {}
                  ingress: [{}]
                ---
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: http-on-udp, namespace: x}
                spec:
                  endpointSelector: {}
                  egress:
                  - toPorts:
                    - ports: [{port: "80", protocol: UDP}]
                      rules: {http: [{method: GET}]}
                ---
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: big-port, namespace: x}
                spec:
                  endpointSelector: {}
                  egress:
                  - toPorts: [{ports: [{port: "99999"}]}]
                ---
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: empty, namespace: x}
                """);

        assertThat(ManifestReader.read(List.of(file)).errors()).containsExactly(
                file + ":1: CiliumNetworkPolicy x/two-peers: spec.egress[0]: Cilium does not accept toEndpoints and"
                        + " toCIDR in one rule; write them as separate rules",
                file + ":10: CiliumNetworkPolicy x/wide-except: spec.egress[0].toCIDRSet[0].except[0]: 10.1.0.0/24 is"
                        + " not inside 10.0.0.0/16, which Cilium rejects",
                file + ":18: CiliumNetworkPolicy x/nodes: spec.nodeSelector: only a CiliumClusterwideNetworkPolicy may"
                        + " select nodes",
                file + ":25: CiliumNetworkPolicy x/http-on-udp: spec.egress[0].toPorts[0].ports[0].protocol: Cilium"
                        + " applies L7 rules (other than DNS) to TCP only, not UDP",
                file + ":35: CiliumNetworkPolicy x/big-port: spec.egress[0].toPorts[0].ports[0].port: not a port"
                        + " number (0-65535) or name: 99999",
                file + ":43: CiliumNetworkPolicy x/empty: missing spec (or specs): Cilium rejects an empty policy");
    }

    @Test
    void keepsValidCiliumAndIstioObjectsAsTreesAndCountsNoneAsSkipped() throws IOException {
        Path file = write("mesh.yaml", """
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: to-vendor}
                spec:
                  endpointSelector: {matchLabels: {app: worker}}
                  egress:
                  - toFQDNs: [{matchPattern: "*.vendor.example"}]
                    toPorts: [{ports: [{port: "443", protocol: TCP}]}]
                ---
                apiVersion: cilium.io/v2
                kind: CiliumClusterwideNetworkPolicy
                metadata: {name: baseline, namespace: ignored}
                specs:
                - endpointSelector: {}
                  enableDefaultDeny: {egress: false}
                  egressDeny:
                  - toCIDRSet: [{cidr: 169.254.169.254/32}]
                - nodeSelector: {}
                  ingress:
                  - fromEntities: [cluster]
                ---
                apiVersion: networking.istio.io/v1beta1
                kind: ServiceEntry
                metadata: {name: vendor, namespace: mesh}
                spec:
                  hosts: [api.vendor.example]
                  ports: [{number: 443, name: tls, protocol: TLS}]
                  resolution: DNS
                ---
                apiVersion: networking.istio.io/v1alpha3
                kind: Sidecar
                metadata: {name: default, namespace: mesh}
                spec:
                  outboundTrafficPolicy: {mode: REGISTRY_ONLY}
                ---
                apiVersion: networking.istio.io/v1
                kind: Gateway
                metadata: {name: egress, namespace: istio-system}
                spec:
                  selector: {istio: egressgateway}
                  servers: [{port: {number: 443, name: tls, protocol: TLS}, hosts: [api.vendor.example]}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: x, labels: {tier: web}}
                spec:
                  selector: {app: web}
                """);
        ReadResult result = ManifestReader.read(List.of(file));

        assertThat(result.errors()).isEmpty();
        assertThat(result.cluster().skippedKinds()).isEmpty();
        assertThat(result.objects()).extracting(ReadObject::kind, ReadObject::namespace, o -> o.typed() instanceof JsonNode)
                .containsExactly(
                        tuple("CiliumNetworkPolicy", "default", true),
                        tuple("CiliumClusterwideNetworkPolicy", null, true),
                        tuple("ServiceEntry", "mesh", true),
                        tuple("Sidecar", "mesh", true),
                        tuple("Gateway", "istio-system", true),
                        tuple("Service", "x", false));
        assertThat(result.cluster().services()).containsExactly(
                new ServiceObject("x", "web", Map.of("tier", "web"), Map.of("app", "web"), result.objects().getLast().source()));
        assertThat(result.cluster().namespaces()).containsKeys("default", "mesh", "istio-system", "x");

        List<CiliumPolicy> policies = result.cluster().ciliumPolicies();
        assertThat(policies).extracting(CiliumPolicy::id)
                .containsExactly("CiliumNetworkPolicy default/to-vendor", "CiliumClusterwideNetworkPolicy baseline");
        PeerRule toVendor = policies.get(0).rules().getFirst().egress().getFirst();
        assertThat(toVendor.fqdns()).extracting(PeerRule.FqdnSelector::matchPattern).containsExactly("*.vendor.example");
        assertThat(toVendor.ports()).containsExactly(new PortRule(List.of(new PortProtocol("443", 0, Protocol.TCP)), false));
        assertThat(policies.get(0).rules().getFirst().egressDefaultDeny()).isTrue();

        List<CiliumRule> baseline = policies.get(1).rules();
        assertThat(baseline.get(0).egressDefaultDeny()).isFalse();
        assertThat(baseline.get(0).egressDeny().getFirst().cidrs())
                .containsExactly(new CidrPeer.Block("169.254.169.254/32", List.of()));
        assertThat(baseline.get(1).subject()).isInstanceOf(CiliumRule.Subject.Nodes.class);
        assertThat(baseline.get(1).ingress().getFirst().entities()).containsExactly(Entity.CLUSTER);
        assertThat(baseline.get(1).ingressDefaultDeny()).isTrue();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
