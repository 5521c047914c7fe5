package dev.warden.analyze.reach;

import static dev.warden.analyze.reach.NetpolModel.CILIUM_DENY_EGRESS_X_TO_Y;
import static dev.warden.analyze.reach.NetpolModel.TCP_80;
import static dev.warden.analyze.reach.NetpolModel.ciliumEgressOfX;
import static dev.warden.analyze.reach.NetpolModel.cluster;
import static dev.warden.analyze.reach.NetpolModel.endpoint;
import static dev.warden.analyze.reach.NetpolModel.hostNetwork;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.analyze.cluster.Cluster;
import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.reach.Destination.ToAddress;
import dev.warden.analyze.reach.Destination.ToEndpoint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cilium verdicts and explanations beyond what the truth tables show. */
class CiliumReachabilityTest {
    private static final String ALLOW_ALL_EGRESS_X = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: allow-all-egress, namespace: x}
            spec:
              podSelector: {}
              policyTypes: [Egress]
              egress: [{}]
            """;

    private static Side egress(Cluster cluster, String source, String destination) {
        return verdict(cluster, source, destination).egress();
    }

    private static Verdict verdict(Cluster cluster, String source, String destination) {
        return Reachability.of(cluster).verdict(endpoint(cluster, source), new ToEndpoint(endpoint(cluster, destination), TCP_80));
    }

    private static boolean allowed(Cluster cluster, String source, Destination destination) {
        return Reachability.of(cluster).allows(endpoint(cluster, source), destination);
    }

    private static boolean allowed(Cluster cluster, String source, String destination) {
        return allowed(cluster, source, new ToEndpoint(endpoint(cluster, destination), TCP_80));
    }

    @Test
    void ciliumPoliciesAreNamedWithTheirKind() {
        Cluster cluster = cluster(CILIUM_DENY_EGRESS_X_TO_Y, ALLOW_ALL_EGRESS_X);
        assertThat(egress(cluster, "x/a", "y/a")).isEqualTo(new Side(false, true,
                List.of("CiliumNetworkPolicy x/deny-to-y"), "denied by CiliumNetworkPolicy x/deny-to-y"));
        assertThat(egress(cluster, "x/a", "z/a")).isEqualTo(new Side(true, true,
                List.of("x/allow-all-egress"), "allowed by x/allow-all-egress"));
        assertThat(egress(cluster("""
                apiVersion: cilium.io/v2
                kind: CiliumClusterwideNetworkPolicy
                metadata: {name: to-b}
                spec:
                  endpointSelector: {}
                  egress:
                  - toEndpoints: [{matchLabels: {pod: b}}]
                """), "x/a", "y/b")).isEqualTo(new Side(true, true, List.of("CiliumClusterwideNetworkPolicy to-b"),
                "allowed by CiliumClusterwideNetworkPolicy to-b"));
    }

    @Test
    void aDeniedConnectionNamesEveryPolicyThatIsolates() {
        Cluster cluster = cluster(ciliumEgressOfX("- toEndpoints: [{}]"), """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-all-egress, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                """);
        assertThat(egress(cluster, "x/a", "y/a")).isEqualTo(new Side(false, true,
                List.of("x/deny-all-egress", "CiliumNetworkPolicy x/egress"),
                "denied: isolated by x/deny-all-egress, CiliumNetworkPolicy x/egress, no rule matches"));
    }

    @Test
    void aPolicyWithoutDefaultDenySaysItDoesNotIsolate() {
        Cluster cluster = cluster("""
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: observe-dns, namespace: x}
                spec:
                  endpointSelector: {}
                  enableDefaultDeny: {egress: false}
                  egress:
                  - toEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: kube-system}}]
                    toPorts: [{ports: [{port: "53", protocol: UDP}], rules: {dns: [{matchPattern: "*"}]}}]
                """);
        assertThat(egress(cluster, "x/a", "y/a")).isEqualTo(new Side(true, false, List.of(),
                "allowed: not isolated (CiliumNetworkPolicy x/observe-dns selects it for Egress without default deny)"));
    }

    @Test
    void aHostNetworkPodIsItsNodeAndHostPoliciesAreNotEvaluated() {
        Cluster cluster = cluster(pod -> pod.id().equals("y/b") ? hostNetwork(pod, "10.0.0.2") : pod,
                ciliumEgressOfX("- toEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: y}}]"), """
                apiVersion: cilium.io/v2
                kind: CiliumClusterwideNetworkPolicy
                metadata: {name: lock-nodes}
                spec:
                  nodeSelector: {}
                  ingress:
                  - fromEntities: [cluster]
                """);
        assertThat(allowed(cluster, "x/a", "y/a")).isTrue();
        assertThat(allowed(cluster, "x/a", "y/b")).as("a selector does not match a node").isFalse();
        assertThat(verdict(cluster, "y/b", "x/a").egress()).isEqualTo(new Side(true, false, List.of(),
                "allowed: not isolated (hostNetwork pod, assumed outside NetworkPolicy); host policies (nodeSelector)"
                        + " of CiliumClusterwideNetworkPolicy lock-nodes not evaluated"));

        Cluster toNodes = cluster(pod -> pod.id().equals("y/b") ? hostNetwork(pod, "10.0.0.2") : pod,
                ciliumEgressOfX("- toEntities: [remote-node]"));
        assertThat(allowed(toNodes, "x/a", "y/b")).isTrue();
        assertThat(allowed(toNodes, "x/a", new ToAddress("10.0.0.2", TCP_80))).as("the node's address").isTrue();
        assertThat(allowed(toNodes, "x/a", "y/a")).isFalse();
    }

    @Test
    void anAddressOfAnEndpointIsThatEndpoint() {
        Cluster cluster = cluster(ciliumEgressOfX("- toEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: y, pod: b}}]"));
        assertThat(allowed(cluster, "x/a", new ToAddress("192.168.2.11", TCP_80))).isTrue();
        assertThat(allowed(cluster, "x/a", new ToAddress("fd00::2:11", TCP_80))).isTrue();
        assertThat(allowed(cluster, "x/a", new ToAddress("192.168.2.10", TCP_80))).isFalse();
    }

    @Test
    void toServicesAllowsThePodsOfTheServicesItPicks() {
        String services = """
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: y, labels: {tier: web}}
                spec:
                  selector: {pod: b}
                  ports: [{port: 80}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: external, namespace: y, labels: {tier: web}}
                spec:
                  ports: [{port: 80}]
                """;
        Cluster byName = cluster(services, ciliumEgressOfX("- toServices: [{k8sService: {serviceName: web, namespace: y}}]"));
        assertThat(allowed(byName, "x/a", "y/b")).isTrue();
        assertThat(allowed(byName, "x/a", "y/a")).isFalse();
        assertThat(allowed(byName, "x/a", "x/b")).as("the Service's selector applies in its namespace").isFalse();

        Cluster byLabels = cluster(services, ciliumEgressOfX("- toServices: [{k8sServiceSelector: {selector: {matchLabels: {tier: web}}}}]"));
        assertThat(allowed(byLabels, "x/a", "y/b")).isTrue();
        assertThat(allowed(byLabels, "x/a", "y/c")).isFalse();

        Cluster withoutSelector = cluster(services, ciliumEgressOfX("- toServices: [{k8sService: {serviceName: external}}]"));
        assertThat(allowed(withoutSelector, "x/a", "y/b")).as("its endpoints are not in the manifests").isFalse();
    }

    @Test
    void labelsCiliumLeavesOutOfIdentitiesSelectNothing() {
        Cluster cluster = cluster(pod -> withLabel(pod, "pod-template-hash", "7d9f"),
                ciliumEgressOfX("- toEndpoints: [{matchLabels: {pod-template-hash: 7d9f}}]"));
        assertThat(allowed(cluster, "x/a", "x/b")).isFalse();
    }

    @Test
    void theServiceAccountIsALabel() {
        Cluster cluster = cluster(ciliumEgressOfX("- toEndpoints: [{matchLabels: {io.cilium.k8s.policy.serviceaccount: default}}]"));
        assertThat(allowed(cluster, "x/a", "x/b")).isTrue();
        assertThat(allowed(cluster, "x/a", "y/b")).as("still confined to the namespace").isFalse();
    }

    private static Endpoint withLabel(Endpoint pod, String key, String value) {
        Map<String, String> labels = new HashMap<>(pod.labels());
        labels.put(key, value);
        return new Endpoint(pod.namespace(), pod.name(), pod.kind(), labels, pod.ports(), pod.ips(),
                pod.hostNetwork(), pod.serviceAccount(), pod.source());
    }
}
