package dev.warden.analyze.findings;

import dev.warden.analyze.ManifestFile;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayAvailabilityFindingsTest {
    @TempDir
    Path dir;

    private ManifestFile manifests;

    @BeforeEach
    void setUp() {
        manifests = new ManifestFile(dir);
    }

    private static final String SINGLE = "egress-gateway-single-replica";
    private static final String NO_BUDGET = "egress-gateway-no-disruption-budget";

    /** Warden's gateway with {@code %s} for its replicas line. */
    private static final String GATEWAY = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: warden-gateway, namespace: warden-system}
            spec:
              %s
              selector: {matchLabels: {app: warden-gateway}}
              template:
                metadata: {labels: {app: warden-gateway, tier: egress}}
                spec:
                  containers: [{name: gateway, image: warden-gateway:1}]
            """;

    private static final String TWO_REPLICAS = GATEWAY.formatted("replicas: 2");

    /** A PodDisruptionBudget in warden-system with {@code %s} for its budget and selector lines. */
    private static final String BUDGET = """
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: warden-gateway, namespace: warden-system}
            spec:
              %s
              selector: {matchLabels: {app: warden-gateway}}
            """;

    private static final String MIN_AVAILABLE_ONE = BUDGET.formatted("minAvailable: 1");

    private List<Finding> findings(String id, String... documents) {
        return GatewayAvailabilityFindings.find(manifests.read(documents)).stream()
                .filter(finding -> finding.id().equals(id))
                .toList();
    }

    @Nested
    class SingleReplica {
        @Test
        void aGatewayWithoutReplicasRunsOnePod() {
            String unset = GATEWAY.formatted("minReadySeconds: 5");
            assertThat(findings(SINGLE, unset, MIN_AVAILABLE_ONE)).containsExactly(new Finding(SINGLE,
                    "warden-system/warden-gateway", Severity.MEDIUM,
                    List.of(manifests.involved("Deployment", "warden-system/warden-gateway", unset)),
                    "warden-system/warden-gateway is Warden's egress gateway and runs a single replica"
                            + " (spec.replicas is unset, which the API server defaults to 1): every workload whose"
                            + " egress goes through it loses egress while that pod restarts, is evicted or its node"
                            + " is drained, and failing closed there is no fallback.",
                    "Run at least 2 replicas (`spec.replicas: 2`), spread across nodes and zones with pod"
                            + " anti-affinity or `topologySpreadConstraints`, and give them a PodDisruptionBudget"
                            + " with `minAvailable: 1`."));
        }

        @Test
        void twoReplicasAndABudgetAreFine() {
            assertThat(GatewayAvailabilityFindings.find(manifests.read(TWO_REPLICAS, MIN_AVAILABLE_ONE))).isEmpty();
        }

        @Test
        void theKubernetesNameLabelMarksWardensGatewayToo() {
            String named = GATEWAY.formatted("replicas: 1").replace("app: warden-gateway, tier",
                    "app.kubernetes.io/name: warden-gateway, tier");
            assertThat(findings(SINGLE, named)).extracting(Finding::subject)
                    .containsExactly("warden-system/warden-gateway");
        }

        @Test
        void anAutoscalerOwnsTheReplicaCount() {
            String autoscaler = """
                    apiVersion: autoscaling/v2
                    kind: HorizontalPodAutoscaler
                    metadata: {name: warden-gateway, namespace: warden-system}
                    spec:
                      scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: warden-gateway}
                      %s
                      maxReplicas: 6
                    """;
            String one = GATEWAY.formatted("replicas: 1");
            assertThat(findings(SINGLE, one, autoscaler.formatted("minReplicas: 2"))).isEmpty();
            String defaulted = autoscaler.formatted("metrics: []");
            assertThat(findings(SINGLE, TWO_REPLICAS, defaulted)).singleElement().satisfies(finding -> {
                assertThat(finding.objects()).containsExactly(
                        manifests.involved("Deployment", "warden-system/warden-gateway", TWO_REPLICAS),
                        manifests.involved("HorizontalPodAutoscaler", "warden-system/warden-gateway", defaulted));
                assertThat(finding.why()).contains("(HorizontalPodAutoscaler warden-system/warden-gateway leaves"
                        + " minReplicas unset, which defaults to 1)");
                assertThat(finding.fix()).startsWith("Run at least 2 replicas (`minReplicas: 2` in"
                        + " HorizontalPodAutoscaler warden-system/warden-gateway)");
            });
        }

        @Test
        void daemonSetsAreExempt() {
            String perNode = """
                    apiVersion: apps/v1
                    kind: DaemonSet
                    metadata: {name: warden-gateway, namespace: warden-system}
                    spec:
                      selector: {matchLabels: {app: warden-gateway}}
                      template:
                        metadata: {labels: {app: warden-gateway}}
                        spec:
                          containers: [{name: gateway, image: warden-gateway:1}]
                    """;
            assertThat(GatewayAvailabilityFindings.find(manifests.read(perNode))).isEmpty();
        }

        @Test
        void aWorkloadScaledToZeroIsDownNotFragile() {
            assertThat(GatewayAvailabilityFindings.find(manifests.read(GATEWAY.formatted("replicas: 0")))).isEmpty();
        }

        @Test
        void anIstioEgressGatewayIsOnTheEgressPath() {
            String istio = """
                    apiVersion: apps/v1
                    kind: StatefulSet
                    metadata: {name: istio-egressgateway, namespace: istio-system}
                    spec:
                      replicas: 1
                      serviceName: istio-egressgateway
                      selector: {matchLabels: {istio: egressgateway}}
                      template:
                        metadata: {labels: {istio: egressgateway}}
                        spec:
                          containers: [{name: istio-proxy, image: proxyv2:1}]
                    """;
            assertThat(findings(SINGLE, istio)).singleElement().satisfies(finding -> {
                assertThat(finding.subject()).isEqualTo("istio-system/istio-egressgateway");
                assertThat(finding.why()).startsWith("istio-system/istio-egressgateway is an Istio egress gateway"
                        + " and runs a single replica (spec.replicas: 1)");
            });
        }

        @Test
        void otherWorkloadsAreNotOnTheEgressPath() {
            String web = GATEWAY.formatted("replicas: 1").replace("warden-gateway", "web");
            assertThat(GatewayAvailabilityFindings.find(manifests.read(web))).isEmpty();
        }
    }

    @Nested
    class ProxiesOthersPointAt {
        private static final String SQUID = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: squid, namespace: proxy}
                spec:
                  selector: {matchLabels: {app: squid}}
                  template:
                    metadata: {labels: {app: squid}}
                    spec:
                      containers: [{name: squid, image: squid:6, ports: [{containerPort: 3128}]}]
                """;

        private static final String SQUID_SERVICE = """
                apiVersion: v1
                kind: Service
                metadata: {name: squid, namespace: proxy}
                spec: {selector: {app: squid}, clusterIP: 10.96.0.40, ports: [{port: 3128}]}
                """;

        /** A client in {@code %s} whose HTTPS_PROXY is {@code %s}. */
        private static final String CLIENT = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: %s}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                        - name: web
                          image: web:1
                          env: [{name: %s, value: "%s"}]
                """;

        @Test
        void aProxyNamedInHttpsProxyIsOnTheEgressPath() {
            String client = CLIENT.formatted("shop", "HTTPS_PROXY", "http://squid.proxy:3128");
            assertThat(findings(SINGLE, SQUID, SQUID_SERVICE, client)).containsExactly(new Finding(SINGLE,
                    "proxy/squid", Severity.MEDIUM,
                    List.of(manifests.involved("Deployment", "proxy/squid", SQUID),
                            manifests.involved("Service", "proxy/squid", SQUID_SERVICE)),
                    "proxy/squid is the proxy that shop/web point HTTP(S)_PROXY at and runs a single replica"
                            + " (spec.replicas is unset, which the API server defaults to 1): every workload whose"
                            + " egress goes through it loses egress while that pod restarts, is evicted or its node"
                            + " is drained, and failing closed there is no fallback.",
                    "Run at least 2 replicas (`spec.replicas: 2`), spread across nodes and zones with pod"
                            + " anti-affinity or `topologySpreadConstraints`, and give them a PodDisruptionBudget"
                            + " with `minAvailable: 1`."));
        }

        @ParameterizedTest
        @CsvSource({
                "shop, HTTP_PROXY, squid.proxy.svc:3128",
                "shop, https_proxy, https://user:secret@squid.proxy.svc.cluster.local.:3128/",
                "shop, HTTPS_PROXY, http://SQUID.PROXY:3128",
                "proxy, HTTPS_PROXY, http://squid:3128",
                "shop, HTTPS_PROXY, http://10.96.0.40:3128",
        })
        void everyWayDnsNamesTheServiceCounts(String namespace, String variable, String value) {
            assertThat(findings(SINGLE, SQUID, SQUID_SERVICE, CLIENT.formatted(namespace, variable, value)))
                    .extracting(Finding::subject).containsExactly("proxy/squid");
        }

        @ParameterizedTest
        @CsvSource({
                "shop, HTTPS_PROXY, http://squid:3128",
                "shop, HTTPS_PROXY, http://squid.example:3128",
                "shop, NO_PROXY, squid.proxy",
        })
        void otherNamesDoNotCount(String namespace, String variable, String value) {
            assertThat(findings(SINGLE, SQUID, SQUID_SERVICE, CLIENT.formatted(namespace, variable, value))).isEmpty();
        }

        @Test
        void aServiceSelectingOtherPodsPointsAtThem() {
            String elsewhere = SQUID_SERVICE.replace("selector: {app: squid}", "selector: {app: squid-v2}");
            String client = CLIENT.formatted("shop", "HTTPS_PROXY", "http://squid.proxy:3128");
            assertThat(findings(SINGLE, SQUID, elsewhere, client)).isEmpty();
        }
    }

    @Nested
    class NoDisruptionBudget {
        @Test
        void noBudgetSelectsTheGateway() {
            assertThat(findings(NO_BUDGET, TWO_REPLICAS)).containsExactly(new Finding(NO_BUDGET,
                    "warden-system/warden-gateway", Severity.MEDIUM,
                    List.of(manifests.involved("Deployment", "warden-system/warden-gateway", TWO_REPLICAS)),
                    "warden-system/warden-gateway is Warden's egress gateway, and no PodDisruptionBudget in"
                            + " warden-system selects its pods: a node drain or cluster upgrade may evict every"
                            + " replica at once, cutting egress for every workload that depends on it.",
                    "Add a PodDisruptionBudget in warden-system whose selector matches"
                            + " warden-system/warden-gateway's pod labels, with `minAvailable: 1` (or"
                            + " `maxUnavailable: 1`), with at least 2 replicas so node drains can still proceed."));
        }

        @Test
        void aBudgetThatLetsEveryPodGoIsNamed() {
            String all = BUDGET.formatted("maxUnavailable: 2");
            assertThat(findings(NO_BUDGET, TWO_REPLICAS, all)).containsExactly(new Finding(NO_BUDGET,
                    "warden-system/warden-gateway", Severity.MEDIUM,
                    List.of(manifests.involved("Deployment", "warden-system/warden-gateway", TWO_REPLICAS),
                            manifests.involved("PodDisruptionBudget", "warden-system/warden-gateway", all)),
                    "warden-system/warden-gateway is Warden's egress gateway, and PodDisruptionBudget"
                            + " warden-system/warden-gateway lets all its pods be evicted (maxUnavailable: 2 with 2"
                            + " replicas): a node drain or cluster upgrade may evict every replica at once, cutting"
                            + " egress for every workload that depends on it.",
                    "Set `minAvailable: 1` (or `maxUnavailable: 1`) in PodDisruptionBudget"
                            + " warden-system/warden-gateway, with at least 2 replicas so node drains can still"
                            + " proceed."));
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "minAvailable: 1 | ",
                "minAvailable: 2 | ",
                "minAvailable: 50% | ",
                "maxUnavailable: 1 | ",
                "maxUnavailable: 0 | ",
                "maxUnavailable: 50% | ",
                "minAvailable: 0 | minAvailable: 0",
                "minAvailable: 0% | minAvailable: \"0%\"",
                "maxUnavailable: 2 | maxUnavailable: 2 with 2 replicas",
                "maxUnavailable: 100% | maxUnavailable: \"100%\" with 2 replicas",
                "maxUnavailable: 51% | maxUnavailable: \"51%\" with 2 replicas",
                "unhealthyPodEvictionPolicy: AlwaysAllow | neither minAvailable nor maxUnavailable is set",
        })
        void whetherABudgetKeepsAPod(String budget, String evictsAllBecause) {
            Optional<String> reason = findings(NO_BUDGET, TWO_REPLICAS, BUDGET.formatted(budget)).stream()
                    .map(Finding::why).findFirst();
            if (evictsAllBecause == null) {
                assertThat(reason).isEmpty();
            } else {
                assertThat(reason).get().asString().contains("(" + evictsAllBecause + ")");
            }
        }

        @Test
        void aBudgetForOtherPodsDoesNotCount() {
            String other = BUDGET.formatted("minAvailable: 1").replace("{app: warden-gateway}", "{app: web}");
            assertThat(findings(NO_BUDGET, TWO_REPLICAS, other)).singleElement()
                    .satisfies(finding -> assertThat(finding.objects()).hasSize(1));
        }

        @Test
        void aBudgetInAnotherNamespaceDoesNotCount() {
            String other = MIN_AVAILABLE_ONE.replace("namespace: warden-system", "namespace: default");
            assertThat(findings(NO_BUDGET, TWO_REPLICAS, other)).hasSize(1);
        }

        @Test
        void matchExpressionsSelectToo() {
            String expressions = """
                    apiVersion: policy/v1
                    kind: PodDisruptionBudget
                    metadata: {name: egress, namespace: warden-system}
                    spec:
                      maxUnavailable: 1
                      selector:
                        matchExpressions: [{key: tier, operator: In, values: [egress]}]
                    """;
            assertThat(findings(NO_BUDGET, TWO_REPLICAS, expressions)).isEmpty();
        }

        @Test
        void oneProtectingBudgetIsEnough() {
            assertThat(findings(NO_BUDGET, TWO_REPLICAS, BUDGET.formatted("maxUnavailable: 2"),
                    MIN_AVAILABLE_ONE.replace("name: warden-gateway,", "name: keep-one,"))).isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "http://squid.proxy:3128 | squid.proxy",
            "squid.proxy:3128 | squid.proxy",
            "https://user:p@ss@squid.proxy:3128/path | squid.proxy",
            "http://[fd00::1]:3128 | fd00::1",
            "'  http://squid  ' | squid",
            "http://:3128 | none",
            "http://[]:3128 | none",
    })
    void proxyHostReadsWhatHttpClientsRead(String value, String host) {
        assertThat(GatewayAvailabilityFindings.proxyHost(value)).isEqualTo(Optional.ofNullable(host));
    }
}
