package dev.warden.analyze.reach;

import static dev.warden.analyze.reach.NetpolModel.CILIUM_DENY_EGRESS_X_TO_Y;
import static dev.warden.analyze.reach.NetpolModel.TCP_80;
import static dev.warden.analyze.reach.NetpolModel.TCP_81;
import static dev.warden.analyze.reach.NetpolModel.UDP_80;
import static dev.warden.analyze.reach.NetpolModel.ciliumEgressOfX;
import static dev.warden.analyze.reach.NetpolModel.cluster;
import static dev.warden.analyze.reach.NetpolModel.endpoint;
import static dev.warden.analyze.reach.TruthTable.ALL_ALLOWED;
import static dev.warden.analyze.reach.TruthTable.X_EGRESS_DENIED;
import static dev.warden.analyze.reach.TruthTable.assertTable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.analyze.cluster.Cluster;
import dev.warden.analyze.reach.Destination.ToAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cilium policies, alone and with NetworkPolicies, in the upstream e2e model: namespaces x, y, z
 * (labelled {@code ns}) with pods a, b, c (labelled {@code pod}). Each table is what Cilium 1.18
 * enforces; see {@link Reachability} for the sources.
 */
class CiliumTruthTableTest {
    /** x's pods may send only within x. */
    private static final String X_EGRESS_WITHIN_X = """
                 x/a x/b x/c y/a y/b y/c z/a z/b z/c
            x/a   .   .   .   X   X   X   X   X   X
            x/b   .   .   .   X   X   X   X   X   X
            x/c   .   .   .   X   X   X   X   X   X
            y/a   .   .   .   .   .   .   .   .   .
            y/b   .   .   .   .   .   .   .   .   .
            y/c   .   .   .   .   .   .   .   .   .
            z/a   .   .   .   .   .   .   .   .   .
            z/b   .   .   .   .   .   .   .   .   .
            z/c   .   .   .   .   .   .   .   .   .
            """;

    /** x's pods may send anywhere but to y. */
    private static final String X_EGRESS_NOT_TO_Y = """
                 x/a x/b x/c y/a y/b y/c z/a z/b z/c
            x/a   .   .   .   X   X   X   .   .   .
            x/b   .   .   .   X   X   X   .   .   .
            x/c   .   .   .   X   X   X   .   .   .
            y/a   .   .   .   .   .   .   .   .   .
            y/b   .   .   .   .   .   .   .   .   .
            y/c   .   .   .   .   .   .   .   .   .
            z/a   .   .   .   .   .   .   .   .   .
            z/b   .   .   .   .   .   .   .   .   .
            z/c   .   .   .   .   .   .   .   .   .
            """;

    @Test
    void anEmptyToEndpointsSelectorMeansThePolicysNamespace() {
        assertTable(cluster(ciliumEgressOfX("- toEndpoints: [{}]")), TCP_80, X_EGRESS_WITHIN_X);
    }

    @Test
    void anEgressSectionIsolatesEvenWithOnlyAnEmptyRuleButAnEmptyListDoesNot() {
        assertTable(cluster(ciliumEgressOfX("- {}")), TCP_80, X_EGRESS_DENIED);
        assertTable(cluster("""
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: empty-list, namespace: x}
                spec:
                  endpointSelector: {}
                  egress: []
                """), TCP_80, ALL_ALLOWED);
    }

    @Test
    void anEgressDenySectionAloneIsolatesUnlessDefaultDenyIsOff() {
        assertTable(cluster(CILIUM_DENY_EGRESS_X_TO_Y), TCP_80, X_EGRESS_DENIED);
        assertTable(cluster(CILIUM_DENY_EGRESS_X_TO_Y.replace("egressDeny:", "enableDefaultDeny: {egress: false}\n  egressDeny:")),
                TCP_80, X_EGRESS_NOT_TO_Y);
    }

    @Test
    void withDefaultDenyOffAPolicyOnlyAddsToWhatOthersAllow() {
        String toY = """
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: also-to-y, namespace: x}
                spec:
                  endpointSelector: {}
                  enableDefaultDeny: {egress: false}
                  egress:
                  - toEndpoints:
                    - matchLabels: {io.kubernetes.pod.namespace: y}
                """;
        assertTable(cluster(toY), TCP_80, ALL_ALLOWED);
        assertTable(cluster(toY, """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-all-egress, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                """), TCP_80, """
                     x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a   .   X   X   .   .   .   X   X   X
                x/b   X   .   X   .   .   .   X   X   X
                x/c   X   X   .   .   .   .   X   X   X
                y/a   .   .   .   .   .   .   .   .   .
                y/b   .   .   .   .   .   .   .   .   .
                y/c   .   .   .   .   .   .   .   .   .
                z/a   .   .   .   .   .   .   .   .   .
                z/b   .   .   .   .   .   .   .   .   .
                z/c   .   .   .   .   .   .   .   .   .
                """);
    }

    @Test
    void aDenyRuleWinsOverANetworkPolicyThatAllows() {
        assertTable(cluster(CILIUM_DENY_EGRESS_X_TO_Y, """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-all-egress, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress: [{}]
                """), TCP_80, X_EGRESS_NOT_TO_Y);
    }

    @Test
    void aDenyRuleWinsOverAnAllowOnIngress() {
        assertTable(cluster("""
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: all-but-x, namespace: y}
                spec:
                  endpointSelector: {}
                  ingress:
                  - fromEntities: [cluster]
                  ingressDeny:
                  - fromEndpoints:
                    - matchLabels: {io.kubernetes.pod.namespace: x}
                """), TCP_80, """
                     x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a   .   .   .   X   X   X   .   .   .
                x/b   .   .   .   X   X   X   .   .   .
                x/c   .   .   .   X   X   X   .   .   .
                y/a   .   .   .   .   .   .   .   .   .
                y/b   .   .   .   .   .   .   .   .   .
                y/c   .   .   .   .   .   .   .   .   .
                z/a   .   .   .   .   .   .   .   .   .
                z/b   .   .   .   .   .   .   .   .   .
                z/c   .   .   .   .   .   .   .   .   .
                """);
    }

    @Test
    void aSelectorNamingANamespaceReachesIntoIt() {
        assertTable(cluster("""
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: a-to-y-b-and-z-c, namespace: x}
                spec:
                  endpointSelector: {matchLabels: {pod: a}}
                  egress:
                  - toEndpoints:
                    - matchLabels: {io.kubernetes.pod.namespace: y, pod: b}
                    - matchLabels: {"k8s:io.kubernetes.pod.namespace": z, "k8s:pod": c}
                """), TCP_80, """
                     x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a   .   X   X   X   .   X   X   X   .
                x/b   .   .   .   .   .   .   .   .   .
                x/c   .   .   .   .   .   .   .   .   .
                y/a   .   .   .   .   .   .   .   .   .
                y/b   .   .   .   .   .   .   .   .   .
                y/c   .   .   .   .   .   .   .   .   .
                z/a   .   .   .   .   .   .   .   .   .
                z/b   .   .   .   .   .   .   .   .   .
                z/c   .   .   .   .   .   .   .   .   .
                """);
    }

    @Test
    void aSelectorOnNamespaceLabelsIsNotConfinedToThePolicysNamespace() {
        assertTable(cluster(ciliumEgressOfX("""
                - toEndpoints:
                  - matchLabels: {io.cilium.k8s.namespace.labels.ns: y}
                """)), TCP_80, """
                     x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a   .   X   X   .   .   .   X   X   X
                x/b   X   .   X   .   .   .   X   X   X
                x/c   X   X   .   .   .   .   X   X   X
                y/a   .   .   .   .   .   .   .   .   .
                y/b   .   .   .   .   .   .   .   .   .
                y/c   .   .   .   .   .   .   .   .   .
                z/a   .   .   .   .   .   .   .   .   .
                z/b   .   .   .   .   .   .   .   .   .
                z/c   .   .   .   .   .   .   .   .   .
                """);
    }

    @Test
    void aClusterwidePolicysSelectorsAreConfinedToNoNamespace() {
        assertTable(cluster("""
                apiVersion: cilium.io/v2
                kind: CiliumClusterwideNetworkPolicy
                metadata: {name: a-to-b}
                spec:
                  endpointSelector: {matchLabels: {pod: a}}
                  egress:
                  - toEndpoints:
                    - matchLabels: {pod: b}
                """), TCP_80, """
                     x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a   .   .   X   X   .   X   X   .   X
                x/b   .   .   .   .   .   .   .   .   .
                x/c   .   .   .   .   .   .   .   .   .
                y/a   X   .   X   .   .   X   X   .   X
                y/b   .   .   .   .   .   .   .   .   .
                y/c   .   .   .   .   .   .   .   .   .
                z/a   X   .   X   X   .   X   .   .   X
                z/b   .   .   .   .   .   .   .   .   .
                z/c   .   .   .   .   .   .   .   .   .
                """);
    }

    @Test
    void fromEndpointsAreConfinedToThePolicysNamespaceUnlessTheyNameOne() {
        assertTable(cluster("""
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: from-a-and-z, namespace: y}
                spec:
                  endpointSelector: {}
                  ingress:
                  - fromEndpoints:
                    - matchLabels: {pod: a}
                    - matchLabels: {io.kubernetes.pod.namespace: z}
                """), TCP_80, """
                     x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a   .   .   .   X   X   X   .   .   .
                x/b   .   .   .   X   X   X   .   .   .
                x/c   .   .   .   X   X   X   .   .   .
                y/a   .   .   .   .   .   .   .   .   .
                y/b   .   .   .   X   .   X   .   .   .
                y/c   .   .   .   X   X   .   .   .   .
                z/a   .   .   .   .   .   .   .   .   .
                z/b   .   .   .   .   .   .   .   .   .
                z/c   .   .   .   .   .   .   .   .   .
                """);
    }

    @Test
    void aPortWithoutProtocolIsEveryProtocolAndToPortsWithoutPeersIsEveryPeer() {
        Cluster cluster = cluster(ciliumEgressOfX("- toPorts: [{ports: [{port: \"80\"}]}]"));
        assertTable(cluster, TCP_80, ALL_ALLOWED);
        assertTable(cluster, UDP_80, ALL_ALLOWED);
        assertTable(cluster, TCP_81, X_EGRESS_DENIED);
    }

    @Test
    void portZeroIsEveryPortOfItsProtocol() {
        Cluster cluster = cluster(ciliumEgressOfX("- toPorts: [{ports: [{port: \"0\", protocol: UDP}]}]"));
        assertTable(cluster, UDP_80, ALL_ALLOWED);
        assertTable(cluster, new PortSpec(5353, "UDP"), ALL_ALLOWED);
        assertTable(cluster, TCP_80, X_EGRESS_DENIED);
    }

    @Test
    void endPortAllowsARange() {
        Cluster cluster = cluster(ciliumEgressOfX("- toPorts: [{ports: [{port: \"81\", endPort: 90, protocol: TCP}]}]"));
        assertTable(cluster, TCP_81, ALL_ALLOWED);
        assertTable(cluster, new PortSpec(90, "TCP"), ALL_ALLOWED);
        assertTable(cluster, TCP_80, X_EGRESS_DENIED);
        assertTable(cluster, new PortSpec(91, "TCP"), X_EGRESS_DENIED);
    }

    @Test
    void aNamedPortResolvesAgainstTheDestinationsContainerPorts() {
        Cluster cluster = cluster(ciliumEgressOfX("- toPorts: [{ports: [{port: serve-81-tcp}]}]"));
        assertTable(cluster, TCP_81, ALL_ALLOWED);
        assertTable(cluster, TCP_80, X_EGRESS_DENIED);
        assertTable(cluster, UDP_80, X_EGRESS_DENIED);
    }

    @Test
    void anL7RuleStillAllowsItsPort() {
        Cluster cluster = cluster(ciliumEgressOfX("""
                - toEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: y}}]
                  toPorts:
                  - ports: [{port: "80", protocol: TCP}]
                    rules:
                      http: [{method: GET, path: /healthz}]
                """));
        assertTable(cluster, TCP_80, """
                     x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a   .   X   X   .   .   .   X   X   X
                x/b   X   .   X   .   .   .   X   X   X
                x/c   X   X   .   .   .   .   X   X   X
                y/a   .   .   .   .   .   .   .   .   .
                y/b   .   .   .   .   .   .   .   .   .
                y/c   .   .   .   .   .   .   .   .   .
                z/a   .   .   .   .   .   .   .   .   .
                z/b   .   .   .   .   .   .   .   .   .
                z/c   .   .   .   .   .   .   .   .   .
                """);
        assertTable(cluster, TCP_81, X_EGRESS_DENIED);
    }

    @Test
    void theClusterEntityIsEveryEndpointButNoOutsideAddress() {
        Cluster cluster = cluster(ciliumEgressOfX("- toEntities: [cluster]"));
        assertTable(cluster, TCP_80, ALL_ALLOWED);
        assertThat(allowedFromXa(cluster, "203.0.113.7")).isFalse();
        assertThat(allowedFromXa(cluster, "192.168.2.11")).as("y/b's IP").isTrue();
    }

    @Test
    void theWorldEntityIsEveryAddressOutsideTheClusterButNoEndpoint() {
        Cluster cluster = cluster(ciliumEgressOfX("- toEntities: [world]"));
        assertTable(cluster, TCP_80, X_EGRESS_DENIED);
        assertThat(allowedFromXa(cluster, "203.0.113.7")).isTrue();
        assertThat(allowedFromXa(cluster, "169.254.169.254")).as("cloud metadata is outside the cluster").isTrue();
        assertThat(allowedFromXa(cluster, "fd00::2:11")).as("y/b's IPv6 address").isFalse();
    }

    @Test
    void theAllEntityIsEverything() {
        Cluster cluster = cluster(ciliumEgressOfX("- toEntities: [all]"));
        assertTable(cluster, TCP_80, ALL_ALLOWED);
        assertThat(allowedFromXa(cluster, "203.0.113.7")).isTrue();
    }

    @Test
    void cidrsWithExceptMatchOnlyAddressesOutsideTheCluster() {
        Cluster cluster = cluster(ciliumEgressOfX("""
                - toCIDRSet:
                  - {cidr: 192.168.0.0/16, except: [192.168.2.0/24]}
                  - {cidr: 192.168.2.192/26}
                  - {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
                  toPorts: [{ports: [{port: "80"}]}]
                - toCIDR: [198.51.100.7]
                """));
        // unlike an ipBlock, a CIDR never matches a pod: Cilium knows it by its labels
        assertTable(cluster, TCP_80, X_EGRESS_DENIED);
        Map<String, Boolean> expected = Map.of(
                "192.168.5.5", true, "10.2.3.4", true, "198.51.100.7", true,
                "192.168.2.100", false, "10.1.2.3", false, "198.51.100.8", false, "169.254.169.254", false,
                "192.168.3.12", false,
                // an except leaves an address out of its own cidr only
                "192.168.2.200", true);
        expected.forEach((address, allowed) ->
                assertThat(allowedFromXa(cluster, address)).as(address).isEqualTo(allowed));
    }

    @Test
    void toFqdnsMatchesNoAddress() {
        Cluster cluster = cluster(ciliumEgressOfX("""
                - toFQDNs: [{matchName: api.vendor.example}]
                  toPorts: [{ports: [{port: "443", protocol: TCP}]}]
                """));
        Verdict verdict = Reachability.canReach(cluster, endpoint(cluster, "x/a"), new ToAddress("203.0.113.7", PortSpec.tcp(443)));
        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.egress().explanation()).isEqualTo(
                "denied: isolated by CiliumNetworkPolicy x/egress, no rule matches; toFQDNs rules not evaluated against addresses");
        assertTable(cluster, TCP_80, X_EGRESS_DENIED);
    }

    private static boolean allowedFromXa(Cluster cluster, String address) {
        return Reachability.of(cluster).allows(endpoint(cluster, "x/a"), new ToAddress(address, TCP_80));
    }
}
