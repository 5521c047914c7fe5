package dev.warden.analyze.reach;

import static dev.warden.analyze.reach.NetpolModel.TCP_80;
import static dev.warden.analyze.reach.NetpolModel.cluster;
import static dev.warden.analyze.reach.NetpolModel.endpoint;
import static dev.warden.analyze.reach.NetpolModel.hostNetwork;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.analyze.cluster.Cluster;
import dev.warden.analyze.cluster.Endpoint;
import dev.warden.analyze.reach.Destination.ToAddress;
import dev.warden.analyze.reach.Destination.ToEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Verdicts and explanations beyond what the truth tables show. */
class ReachabilityTest {
    private static final String DEFAULT_DENY_X = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: default-deny, namespace: x}
            spec:
              podSelector: {}
              policyTypes: [Ingress, Egress]
            """;
    private static final String ALLOW_VENDOR_X = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: allow-vendor, namespace: x}
            spec:
              podSelector: {matchLabels: {pod: a}}
              policyTypes: [Egress]
              egress:
              - to:
                - ipBlock: {cidr: 203.0.113.0/24, except: [203.0.113.128/25]}
                - ipBlock: {cidr: "2001:db8::/32"}
                ports:
                - {port: 443}
                - {port: serve-80-tcp}
            """;

    private static Verdict reach(Cluster cluster, String source, Destination destination) {
        return Reachability.canReach(cluster, endpoint(cluster, source), destination);
    }

    private static ToEndpoint to(Cluster cluster, String id, PortSpec port) {
        return new ToEndpoint(endpoint(cluster, id), port);
    }

    @Test
    void anAllowedAddressNamesThePoliciesThatAllowIt() {
        Verdict verdict = reach(cluster(DEFAULT_DENY_X, ALLOW_VENDOR_X), "x/a", new ToAddress("203.0.113.7", PortSpec.tcp(443)));
        assertThat(verdict).isEqualTo(new Verdict(
                new Side(true, true, List.of("x/allow-vendor"), "allowed by x/allow-vendor"), null, true));
    }

    @Test
    void aDeniedAddressNamesThePoliciesThatIsolate() {
        Cluster cluster = cluster(DEFAULT_DENY_X, ALLOW_VENDOR_X);
        Side denied = new Side(false, true, List.of("x/default-deny", "x/allow-vendor"),
                "denied: isolated by x/default-deny, x/allow-vendor, no rule matches");
        assertThat(reach(cluster, "x/a", new ToAddress("203.0.113.200", PortSpec.tcp(443))).egress())
                .as("in the except").isEqualTo(denied);
        assertThat(reach(cluster, "x/a", new ToAddress("203.0.113.7", PortSpec.tcp(444))).egress())
                .as("another port").isEqualTo(denied);
        assertThat(reach(cluster, "x/a", new ToAddress("203.0.113.7", new PortSpec(443, "UDP"))).egress())
                .as("another protocol").isEqualTo(denied);
        assertThat(reach(cluster, "x/a", new ToAddress("203.0.113.7", TCP_80)).allowed())
                .as("a named port never matches an address").isFalse();
    }

    @Test
    void ipv6AddressesMatchIpv6BlocksOnly() {
        Cluster cluster = cluster(DEFAULT_DENY_X, ALLOW_VENDOR_X);
        assertThat(reach(cluster, "x/a", new ToAddress("2001:db8::1", PortSpec.tcp(443))).allowed()).isTrue();
        assertThat(reach(cluster, "x/a", new ToAddress("2001:db9::1", PortSpec.tcp(443))).allowed()).isFalse();
        assertThat(reach(cluster, "x/a", new ToAddress("::ffff:198.51.100.1", PortSpec.tcp(443))).allowed()).isFalse();
    }

    @Test
    void aSourceNoPolicySelectsForEgressReachesAnyAddress() {
        Verdict verdict = reach(cluster(DEFAULT_DENY_X), "y/a", new ToAddress("198.51.100.1", PortSpec.tcp(443)));
        assertThat(verdict).isEqualTo(new Verdict(
                new Side(true, false, List.of(), "allowed: not isolated (no policy selects it for Egress)"), null, true));
    }

    @Test
    void bothSidesAreExplainedForAnEndpointDestination() {
        Verdict verdict = reach(cluster(DEFAULT_DENY_X), "y/a", to(cluster(DEFAULT_DENY_X), "x/b", TCP_80));
        assertThat(verdict).isEqualTo(new Verdict(
                new Side(true, false, List.of(), "allowed: not isolated (no policy selects it for Egress)"),
                new Side(false, true, List.of("x/default-deny"), "denied: isolated by x/default-deny, no rule matches"),
                false));
    }

    @Test
    void aPodReachesItselfEvenWhenIsolated() {
        Cluster cluster = cluster(DEFAULT_DENY_X);
        Side self = new Side(true, true, List.of(), "allowed: a pod cannot block access to itself");
        assertThat(reach(cluster, "x/a", to(cluster, "x/a", TCP_80))).isEqualTo(new Verdict(self, self, true));
    }

    @Test
    void policyTypesDefaultingCountsEgressRulesNotTheField() {
        // the API server adds Egress only when there is at least one egress rule
        Cluster cluster = cluster("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: empty-egress, namespace: x}
                spec:
                  podSelector: {}
                  egress: []
                """);
        Verdict verdict = reach(cluster, "x/a", to(cluster, "y/a", TCP_80));
        assertThat(verdict.egress().isolated()).isFalse();
        assertThat(verdict.allowed()).isTrue();
        assertThat(reach(cluster, "y/a", to(cluster, "x/a", TCP_80)).ingress().isolated()).isTrue();
    }

    @Test
    void anEgressOnlyPolicyLeavesIngressOpen() {
        Cluster cluster = cluster("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-egress, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                """);
        assertThat(reach(cluster, "y/a", to(cluster, "x/a", TCP_80)).ingress())
                .isEqualTo(new Side(true, false, List.of(), "allowed: not isolated (no policy selects it for Ingress)"));
    }

    @Test
    void aPolicyWithoutASpecIsolatesIngressOfItsWholeNamespace() {
        Cluster cluster = cluster("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: bare, namespace: x}
                """);
        assertThat(reach(cluster, "y/a", to(cluster, "x/c", TCP_80)).allowed()).isFalse();
        assertThat(reach(cluster, "x/c", to(cluster, "y/a", TCP_80)).allowed()).isTrue();
    }

    @Test
    void anExceptOutsideItsCidrExcludesNothing() {
        Cluster cluster = cluster("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: odd-except, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress:
                  - to:
                    - ipBlock: {cidr: 198.51.100.0/24, except: [10.0.0.0/8]}
                """);
        assertThat(reach(cluster, "x/a", new ToAddress("198.51.100.1", TCP_80)).allowed()).isTrue();
        assertThat(reach(cluster, "x/a", new ToAddress("10.0.0.1", TCP_80)).allowed()).isFalse();
    }

    @Test
    void aPeerWithNeitherSelectorNorIpBlockMatchesNothing() {
        // the API server rejects it; matching nothing keeps an invalid policy from allowing
        Cluster cluster = cluster("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: empty-peer, namespace: x}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress:
                  - to: [{}]
                """);
        assertThat(reach(cluster, "x/a", to(cluster, "y/a", TCP_80)).allowed()).isFalse();
    }

    @Test
    void anUnknownSelectorOperatorIsRejected() {
        Cluster cluster = cluster("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: bad-operator, namespace: x}
                spec:
                  podSelector:
                    matchExpressions:
                    - {key: pod, operator: Contains, values: [a]}
                  policyTypes: [Egress]
                """);
        assertThatThrownBy(() -> reach(cluster, "x/a", to(cluster, "y/a", TCP_80)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Contains");
    }

    @Test
    void aHostNetworkSourceIsNotIsolatedEvenByADenyAll() {
        Cluster cluster = cluster(pod -> pod.id().equals("x/a") ? hostNetwork(pod, "10.0.0.1") : pod, DEFAULT_DENY_X);
        Verdict verdict = reach(cluster, "x/a", new ToAddress("198.51.100.1", TCP_80));
        assertThat(verdict.egress()).isEqualTo(new Side(true, false, List.of(),
                "allowed: not isolated (hostNetwork pod, assumed outside NetworkPolicy)"));
        assertThat(Reachability.canReach(cluster, endpoint(cluster, "x/a"),
                        new ToAddress("198.51.100.1", TCP_80), new Assumptions(true, false)).allowed())
                .isFalse();
    }

    @Test
    void aWorkloadControllerHasNoIpsForIpBlocksToMatch() {
        Cluster base = cluster("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: egress-anywhere-by-ip, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: a}}
                  policyTypes: [Egress]
                  egress:
                  - to:
                    - ipBlock: {cidr: 0.0.0.0/0}
                    - ipBlock: {cidr: "::/0"}
                """, """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: egress-to-web, namespace: x}
                spec:
                  podSelector: {matchLabels: {pod: b}}
                  policyTypes: [Egress]
                  egress:
                  - to:
                    - namespaceSelector: {}
                      podSelector: {matchLabels: {app: web}}
                """);
        Endpoint web = new Endpoint("y", "web", "Deployment", Map.of("app", "web"), NetpolModel.PORTS,
                List.of(), false, "default", null);
        List<Endpoint> endpoints = new ArrayList<>(base.endpoints());
        endpoints.add(web);
        Cluster cluster = new Cluster(base.namespaces(), endpoints, base.networkPolicies(), Map.of());

        assertThat(reach(cluster, "x/a", new ToEndpoint(web, TCP_80)).allowed()).isFalse();
        assertThat(reach(cluster, "x/b", new ToEndpoint(web, TCP_80)).allowed()).isTrue();
    }

    @Test
    void replicasOfAWorkloadReachingEachOtherAreNotExempt() {
        Cluster base = cluster("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: default-deny, namespace: y}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress, Egress]
                """);
        Endpoint web = new Endpoint("y", "web", "Deployment", Map.of("app", "web"), NetpolModel.PORTS,
                List.of(), false, "default", null);
        Cluster cluster = new Cluster(base.namespaces(), List.of(web), base.networkPolicies(), Map.of());
        assertThat(Reachability.canReach(cluster, web, new ToEndpoint(web, TCP_80)).allowed()).isFalse();
    }

    @Test
    void destinationsAndPortsAreValidated() {
        assertThatThrownBy(() -> new ToAddress("api.vendor.example", TCP_80)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PortSpec(0, "TCP")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PortSpec(80, "tcp")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PortSpec(80, "ICMP")).isInstanceOf(IllegalArgumentException.class);
    }
}
