package dev.warden.analyze.reach;

import static dev.warden.analyze.reach.NetpolModel.TCP_80;
import static dev.warden.analyze.reach.NetpolModel.TCP_81;
import static dev.warden.analyze.reach.NetpolModel.UDP_80;
import static dev.warden.analyze.reach.NetpolModel.cluster;
import static dev.warden.analyze.reach.TruthTable.ALL_ALLOWED;
import static dev.warden.analyze.reach.TruthTable.X_EGRESS_DENIED;
import static dev.warden.analyze.reach.TruthTable.assertTable;

import dev.warden.analyze.cluster.Cluster;
import dev.warden.analyze.cluster.Endpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Truth tables in the style of the upstream e2e network policy tests and Cyclonus: namespaces
 * x, y, z with pods a, b, c each, every pair probed. The diagonal is always allowed: a pod cannot
 * block access to itself.
 */
class ReachabilityTruthTableTest {
    private static final String DENY_ALL_EGRESS_X = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny-all-egress, namespace: x}
            spec:
              podSelector: {}
              policyTypes: [Egress]
            """;

    @Test
    void noPoliciesAllowEverything() {
        Cluster cluster = cluster();
        assertTable(cluster, TCP_80, ALL_ALLOWED);
        assertTable(cluster, TCP_81, ALL_ALLOWED);
        assertTable(cluster, UDP_80, ALL_ALLOWED);
    }

    @Test
    void egressPolicyWithoutRulesDeniesAllEgressOfItsNamespace() {
        Cluster cluster = cluster(DENY_ALL_EGRESS_X);
        assertTable(cluster, TCP_80, X_EGRESS_DENIED);
        assertTable(cluster, UDP_80, X_EGRESS_DENIED);
    }

    @Test
    void namespaceSelectorAloneAllowsAllPodsOfMatchingNamespaces() {
        assertTable(cluster("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: egress-to-y, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress:
                  - to:
                    - namespaceSelector: {matchLabels: {ns: y}}
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
    void podAndNamespaceSelectorInOnePeerAreAnded() {
        assertTable(cluster("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: a-to-y-b, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Egress]
                  egress:
                  - to:
                    - namespaceSelector: {matchLabels: {ns: y}}
                      podSelector: {matchLabels: {pod: b}}
                """), TCP_80, """
                     x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a   .   X   X   X   .   X   X   X   X
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
    void separatePeersAreOredAndPodSelectorAloneMeansThePolicysNamespace() {
        assertTable(cluster("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: a-to-y-or-b, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Egress]
                  egress:
                  - to:
                    - namespaceSelector: {matchLabels: {ns: y}}
                    - podSelector: {matchLabels: {pod: b}}
                """), TCP_80, """
                     x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a   .   .   X   .   .   .   X   X   X
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

    private static final String IP_BLOCK_Y_EXCEPT_Y_B = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: a-to-y-cidr, namespace: x}
            spec:
              podSelector: {matchLabels: {pod: a}}
              policyTypes: [Egress]
              egress:
              - to:
                - ipBlock: {cidr: 192.168.2.0/24, except: [192.168.2.11/32]}
            """;

    @Test
    void ipBlockWithExceptMatchesPodIps() {
        assertTable(cluster(IP_BLOCK_Y_EXCEPT_Y_B), TCP_80, """
                     x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a   .   X   X   .   X   .   X   X   X
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
    void ipBlockMatchesNoPodWhenAssumedClusterExternalOnly() {
        assertTable(cluster(IP_BLOCK_Y_EXCEPT_Y_B), TCP_80, new Assumptions(false, true), """
                     x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a   .   X   X   X   X   X   X   X   X
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
    void ipv6IpBlockWithExceptMatchesTheIpv6AddressesOfDualStackPods() {
        assertTable(cluster("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: to-z-v6, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress:
                  - to:
                    - ipBlock: {cidr: "fd00::3:0/112", except: ["fd00::3:12/128"]}
                """), TCP_80, """
                     x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a   .   X   X   X   X   X   .   .   X
                x/b   X   .   X   X   X   X   .   .   X
                x/c   X   X   .   X   X   X   .   .   X
                y/a   .   .   .   .   .   .   .   .   .
                y/b   .   .   .   .   .   .   .   .   .
                y/c   .   .   .   .   .   .   .   .   .
                z/a   .   .   .   .   .   .   .   .   .
                z/b   .   .   .   .   .   .   .   .   .
                z/c   .   .   .   .   .   .   .   .   .
                """);
    }

    @Test
    void namedPortResolvesAgainstTheDestinationPodsContainerPorts() {
        Cluster cluster = cluster("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: egress-to-81-by-name, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress:
                  - ports:
                    - port: serve-81-tcp
                """);
        assertTable(cluster, TCP_81, ALL_ALLOWED);
        assertTable(cluster, TCP_80, X_EGRESS_DENIED);
        assertTable(cluster, UDP_80, X_EGRESS_DENIED);
    }

    @Test
    void namedPortMatchesOnlyWithTheProtocolItIsDeclaredWith() {
        Cluster cluster = cluster("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: egress-to-80-udp-by-name, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress:
                  - ports:
                    - {port: serve-80-udp, protocol: UDP}
                    # the TCP port's name with UDP names no port: matches nothing
                    - {port: serve-81-tcp, protocol: UDP}
                """);
        assertTable(cluster, UDP_80, ALL_ALLOWED);
        assertTable(cluster, TCP_80, X_EGRESS_DENIED);
        assertTable(cluster, TCP_81, X_EGRESS_DENIED);
    }

    @Test
    void endPortAllowsARange() {
        Cluster cluster = cluster("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: egress-81-to-90, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress:
                  - ports:
                    - {protocol: TCP, port: 81, endPort: 90}
                """);
        assertTable(cluster, TCP_81, ALL_ALLOWED);
        assertTable(cluster, new PortSpec(90, "TCP"), ALL_ALLOWED);
        assertTable(cluster, TCP_80, X_EGRESS_DENIED);
        assertTable(cluster, new PortSpec(91, "TCP"), X_EGRESS_DENIED);
    }

    @Test
    void portEntryWithOnlyAProtocolAllowsEveryPortOfIt() {
        Cluster cluster = cluster("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: egress-udp, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress:
                  - ports:
                    - protocol: UDP
                """);
        assertTable(cluster, UDP_80, ALL_ALLOWED);
        assertTable(cluster, new PortSpec(5353, "UDP"), ALL_ALLOWED);
        assertTable(cluster, TCP_80, X_EGRESS_DENIED);
        assertTable(cluster, TCP_81, X_EGRESS_DENIED);
    }

    @Test
    void emptyToWithPortsAllowsEveryDestinationOnThosePortsAndProtocolDefaultsToTcp() {
        Cluster cluster = cluster("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: egress-80, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress:
                  - to: []
                    ports:
                    - port: 80
                """);
        assertTable(cluster, TCP_80, ALL_ALLOWED);
        assertTable(cluster, UDP_80, X_EGRESS_DENIED);
        assertTable(cluster, TCP_81, X_EGRESS_DENIED);
    }

    @Test
    void omittedPolicyTypesWithAnEgressSectionIsolatesEgressAndAlwaysIngress() {
        assertTable(cluster("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: egress-to-y-defaulted, namespace: x}
                spec:
                  podSelector: {}
                  egress:
                  - to:
                    - namespaceSelector: {matchLabels: {ns: y}}
                """), TCP_80, """
                     x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a   .   X   X   .   .   .   X   X   X
                x/b   X   .   X   .   .   .   X   X   X
                x/c   X   X   .   .   .   .   X   X   X
                y/a   X   X   X   .   .   .   .   .   .
                y/b   X   X   X   .   .   .   .   .   .
                y/c   X   X   X   .   .   .   .   .   .
                z/a   X   X   X   .   .   .   .   .   .
                z/b   X   X   X   .   .   .   .   .   .
                z/c   X   X   X   .   .   .   .   .   .
                """);
    }

    @Test
    void omittedPolicyTypesWithOnlyIngressRulesDoesNotIsolateEgress() {
        assertTable(cluster("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: ingress-from-x, namespace: x}
                spec:
                  podSelector: {}
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {ns: x}}
                """), TCP_80, """
                     x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a   .   .   .   .   .   .   .   .   .
                x/b   .   .   .   .   .   .   .   .   .
                x/c   .   .   .   .   .   .   .   .   .
                y/a   X   X   X   .   .   .   .   .   .
                y/b   X   X   X   .   .   .   .   .   .
                y/c   X   X   X   .   .   .   .   .   .
                z/a   X   X   X   .   .   .   .   .   .
                z/b   X   X   X   .   .   .   .   .   .
                z/c   X   X   X   .   .   .   .   .   .
                """);
    }

    @Test
    void allowsAreTheUnionOfTheSelectingPolicies() {
        assertTable(cluster("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: a-to-y-a, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Egress]
                  egress:
                  - to:
                    - namespaceSelector: {matchLabels: {ns: y}}
                      podSelector: {matchLabels: {pod: a}}
                """, """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: all-to-z, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress:
                  - to:
                    - namespaceSelector: {matchLabels: {ns: z}}
                """), TCP_80, """
                     x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a   .   X   X   .   X   X   .   .   .
                x/b   X   .   X   X   X   X   .   .   .
                x/c   X   X   .   X   X   X   .   .   .
                y/a   .   .   .   .   .   .   .   .   .
                y/b   .   .   .   .   .   .   .   .   .
                y/c   .   .   .   .   .   .   .   .   .
                z/a   .   .   .   .   .   .   .   .   .
                z/b   .   .   .   .   .   .   .   .   .
                z/c   .   .   .   .   .   .   .   .   .
                """);
    }

    @Test
    void matchExpressionsInNotInExistsAndDoesNotExist() {
        assertTable(cluster("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: not-a-to-z-a-b, namespace: x}
                spec:
                  podSelector:
                    matchExpressions:
                    - {key: pod, operator: NotIn, values: [a]}
                  policyTypes: [Egress]
                  egress:
                  - to:
                    - namespaceSelector:
                        matchExpressions:
                        - {key: ns, operator: NotIn, values: [x, y]}
                      podSelector:
                        matchExpressions:
                        - {key: team, operator: DoesNotExist}
                        - {key: pod, operator: Exists}
                        - {key: pod, operator: In, values: [a, b]}
                """), TCP_80, """
                     x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a   .   .   .   .   .   .   .   .   .
                x/b   X   .   X   X   X   X   .   .   X
                x/c   X   X   .   X   X   X   .   .   X
                y/a   .   .   .   .   .   .   .   .   .
                y/b   .   .   .   .   .   .   .   .   .
                y/c   .   .   .   .   .   .   .   .   .
                z/a   .   .   .   .   .   .   .   .   .
                z/b   .   .   .   .   .   .   .   .   .
                z/c   .   .   .   .   .   .   .   .   .
                """);
    }

    @Test
    void destinationIngressIsolationBlocksAnAllowedEgress() {
        assertTable(cluster("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-all-egress, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress:
                  - {}
                """, """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: ingress-only-from-z, namespace: y}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {ns: z}}
                """), TCP_80, """
                     x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a   .   .   .   X   X   X   .   .   .
                x/b   .   .   .   X   X   X   .   .   .
                x/c   .   .   .   X   X   X   .   .   .
                y/a   .   .   .   .   X   X   .   .   .
                y/b   .   .   .   X   .   X   .   .   .
                y/c   .   .   .   X   X   .   .   .   .
                z/a   .   .   .   .   .   .   .   .   .
                z/b   .   .   .   .   .   .   .   .   .
                z/c   .   .   .   .   .   .   .   .   .
                """);
    }

    @Test
    void ingressIpBlockMatchesTheSourcePodsIps() {
        assertTable(cluster("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: ingress-from-z-a-cidr, namespace: y}
                spec:
                  podSelector: {matchLabels: {pod: c}}
                  policyTypes: [Ingress]
                  ingress:
                  - from:
                    - ipBlock: {cidr: 192.168.3.10/32}
                """), TCP_80, """
                     x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a   .   .   .   .   .   X   .   .   .
                x/b   .   .   .   .   .   X   .   .   .
                x/c   .   .   .   .   .   X   .   .   .
                y/a   .   .   .   .   .   X   .   .   .
                y/b   .   .   .   .   .   X   .   .   .
                y/c   .   .   .   .   .   .   .   .   .
                z/a   .   .   .   .   .   .   .   .   .
                z/b   .   .   .   .   .   X   .   .   .
                z/c   .   .   .   .   .   X   .   .   .
                """);
    }

    private static final String[] HOST_NETWORK_POLICIES = {"""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: egress-to-pods-c, namespace: x}
            spec:
              podSelector: {}
              policyTypes: [Egress]
              egress:
              - to:
                - namespaceSelector: {}
                  podSelector: {matchLabels: {pod: c}}
            """, """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny-all, namespace: y}
            spec:
              podSelector: {}
              policyTypes: [Ingress, Egress]
            """, """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: egress-to-nodes, namespace: z}
            spec:
              podSelector: {}
              policyTypes: [Egress]
              egress:
              - to:
                - ipBlock: {cidr: 10.0.0.0/24}
            """};

    /** y/c runs in the host network namespace of node 10.0.0.2. */
    private static Endpoint hostNetworkYc(Endpoint pod) {
        return pod.id().equals("y/c")
                ? new Endpoint(pod.namespace(), pod.name(), pod.kind(), pod.labels(), pod.ports(),
                        List.of("10.0.0.2"), true, pod.serviceAccount(), pod.source())
                : pod;
    }

    @Test
    void hostNetworkPodsAreAssumedOutsidePolicyAndSeenOnlyByIpBlock() {
        // y/c is in no policy's selection, so y's deny-all leaves its egress and ingress open;
        // x's pod selector for pod c does not see it either; z's ipBlock of node IPs does
        assertTable(cluster(ReachabilityTruthTableTest::hostNetworkYc, HOST_NETWORK_POLICIES), TCP_80, """
                     x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a   .   X   .   X   X   X   X   X   .
                x/b   X   .   .   X   X   X   X   X   .
                x/c   X   X   .   X   X   X   X   X   .
                y/a   X   X   X   .   X   X   X   X   X
                y/b   X   X   X   X   .   X   X   X   X
                y/c   .   .   .   X   X   .   .   .   .
                z/a   X   X   X   X   X   .   .   X   X
                z/b   X   X   X   X   X   .   X   .   X
                z/c   X   X   X   X   X   .   X   X   .
                """);
    }

    @Test
    void hostNetworkPodsAreLikeAnyPodWhenThePluginTellsThemApart() {
        assertTable(cluster(ReachabilityTruthTableTest::hostNetworkYc, HOST_NETWORK_POLICIES), TCP_80,
                new Assumptions(true, false), """
                     x/a x/b x/c y/a y/b y/c z/a z/b z/c
                x/a   .   X   .   X   X   X   X   X   .
                x/b   X   .   .   X   X   X   X   X   .
                x/c   X   X   .   X   X   X   X   X   .
                y/a   X   X   X   .   X   X   X   X   X
                y/b   X   X   X   X   .   X   X   X   X
                y/c   X   X   X   X   X   .   X   X   X
                z/a   X   X   X   X   X   X   .   X   X
                z/b   X   X   X   X   X   X   X   .   X
                z/c   X   X   X   X   X   X   X   X   .
                """);
    }
}
