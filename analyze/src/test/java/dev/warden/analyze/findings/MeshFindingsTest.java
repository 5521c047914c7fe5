package dev.warden.analyze.findings;

import dev.warden.analyze.ManifestFile;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshFindingsTest {
    @TempDir
    Path dir;

    private ManifestFile manifests;

    @BeforeEach
    void setUp() {
        manifests = new ManifestFile(dir);
    }

    private static final String SHOP = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: shop, labels: {istio-injection: enabled}}
            """;

    private static final String WEB = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: web, image: web:1}]
            """;

    private static final String API = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api, namespace: shop}
            spec:
              selector: {matchLabels: {app: api}}
              template:
                metadata: {labels: {app: api}}
                spec:
                  containers: [{name: api, image: api:1}]
            """;

    /** The mesh config ConfigMap istiod reads, with {@code %s} for its outboundTrafficPolicy mode. */
    private static final String MESH_CONFIG = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: istio, namespace: istio-system}
            data:
              mesh: |
                accessLogFile: /dev/stdout
                outboundTrafficPolicy:
                  mode: %s
            """;

    private static final String REGISTRY_ONLY = MESH_CONFIG.formatted("REGISTRY_ONLY");

    /** A Sidecar with {@code %s} for its name, namespace and outboundTrafficPolicy mode. */
    private static final String SIDECAR = """
            apiVersion: networking.istio.io/v1
            kind: Sidecar
            metadata: {name: %s, namespace: %s}
            spec:
              outboundTrafficPolicy: {mode: %s}
            """;

    private static final String EGRESS_GATEWAY = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: istio-egressgateway, namespace: istio-system}
            spec:
              replicas: 2
              selector: {matchLabels: {istio: egressgateway}}
              template:
                metadata: {labels: {istio: egressgateway, app: istio-egressgateway}}
                spec:
                  containers: [{name: istio-proxy, image: proxyv2:1}]
            """;

    private List<Finding> findings(String id, String... documents) {
        return MeshFindings.find(manifests.read(documents)).stream().filter(finding -> finding.id().equals(id)).toList();
    }

    private List<String> subjects(String id, String... documents) {
        return findings(id, documents).stream().map(Finding::subject).toList();
    }

    private static final String ALLOW_ANY = "mesh-outbound-allow-any";
    private static final String BYPASSABLE = "mesh-egress-gateway-bypassable";

    @Nested
    class OutboundAllowAny {
        @Test
        void injectedNamespaceWithoutMeshConfigHasIstiosDefault() {
            assertThat(findings(ALLOW_ANY, SHOP, WEB, API)).containsExactly(new Finding(ALLOW_ANY, "shop",
                    Severity.HIGH,
                    List.of(manifests.involved("Deployment", "shop/api", API),
                            manifests.involved("Deployment", "shop/web", WEB)),
                    "The sidecars of shop/api, shop/web pass connections to any host outside the service registry"
                            + " straight through: no mesh config in the manifests sets outboundTrafficPolicy, and"
                            + " Istio's default is ALLOW_ANY. The mesh's egress gateway and its policy are then an"
                            + " optional path, not a control.",
                    "Set `outboundTrafficPolicy: {mode: REGISTRY_ONLY}` in the mesh config (`meshConfig`), or in a"
                            + " Sidecar in namespace shop, then add a ServiceEntry for each reviewed external"
                            + " destination, routed through the egress gateway."));
        }

        @Test
        void meshConfigSettingAllowAnyIsInvolved() {
            String allowAny = MESH_CONFIG.formatted("ALLOW_ANY");
            assertThat(findings(ALLOW_ANY, SHOP, WEB, allowAny)).containsExactly(new Finding(ALLOW_ANY, "shop",
                    Severity.HIGH,
                    List.of(manifests.involved("Deployment", "shop/web", WEB),
                            manifests.involved("ConfigMap", "istio-system/istio", allowAny)),
                    "The sidecars of shop/web pass connections to any host outside the service registry straight"
                            + " through: the mesh config (ConfigMap istio-system/istio) sets outboundTrafficPolicy"
                            + " ALLOW_ANY. The mesh's egress gateway and its policy are then an optional path, not"
                            + " a control.",
                    "Set `outboundTrafficPolicy: {mode: REGISTRY_ONLY}` in the mesh config (`meshConfig`), or in a"
                            + " Sidecar in namespace shop, then add a ServiceEntry for each reviewed external"
                            + " destination, routed through the egress gateway."));
        }

        @Test
        void meshConfigLeavingThePolicyUnsetHasIstiosDefault() {
            String unset = """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: istio, namespace: istio-system}
                    data:
                      mesh: |
                        accessLogFile: /dev/stdout
                    """;
            assertThat(findings(ALLOW_ANY, SHOP, WEB, unset)).singleElement().satisfies(finding -> {
                assertThat(finding.objects()).extracting(Involved::name).containsExactly("shop/web", "istio-system/istio");
                assertThat(finding.why()).contains("the mesh config (ConfigMap istio-system/istio) leaves"
                        + " outboundTrafficPolicy unset, and Istio's default is ALLOW_ANY");
            });
        }

        @Test
        void registryOnlyInTheMeshConfigClosesTheMesh() {
            assertThat(findings(ALLOW_ANY, SHOP, WEB, API, REGISTRY_ONLY)).isEmpty();
        }

        @Test
        void aPolicyWithoutModeIsRegistryOnlyTheEnumsZeroValue() {
            String noMode = """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: istio, namespace: istio-system}
                    data:
                      mesh: "outboundTrafficPolicy: {}"
                    """;
            assertThat(findings(ALLOW_ANY, SHOP, WEB, noMode)).isEmpty();
        }

        @Test
        void anIstioOperatorsMeshConfigCountsWhenNoConfigMapIsRead() {
            String operator = """
                    apiVersion: install.istio.io/v1alpha1
                    kind: IstioOperator
                    metadata: {name: installed-state, namespace: istio-system}
                    spec:
                      meshConfig:
                        outboundTrafficPolicy: {mode: %s}
                    """;
            assertThat(findings(ALLOW_ANY, SHOP, WEB, operator.formatted("REGISTRY_ONLY"))).isEmpty();
            assertThat(findings(ALLOW_ANY, SHOP, WEB, operator.formatted("ALLOW_ANY")))
                    .singleElement()
                    .extracting(finding -> finding.objects().getLast().toString())
                    .asString().startsWith("IstioOperator istio-system/installed-state");
        }

        @Test
        void aRevisionReadsItsOwnMeshConfig() {
            String canary = """
                    apiVersion: v1
                    kind: Namespace
                    metadata: {name: shop, labels: {istio.io/rev: canary}}
                    """;
            String canaryConfig = REGISTRY_ONLY.replace("name: istio,", "name: istio-canary,");
            assertThat(subjects(ALLOW_ANY, canary, WEB, canaryConfig)).isEmpty();
            // the default revision's mesh config is not the canary's
            assertThat(subjects(ALLOW_ANY, canary, WEB, REGISTRY_ONLY)).containsExactly("shop");
        }

        @Test
        void aNamespaceSidecarOverridesTheMeshConfigTowardsAllowAny() {
            String sidecar = SIDECAR.formatted("default", "shop", "ALLOW_ANY");
            assertThat(findings(ALLOW_ANY, SHOP, WEB, REGISTRY_ONLY, sidecar)).containsExactly(new Finding(ALLOW_ANY,
                    "shop", Severity.HIGH,
                    List.of(manifests.involved("Deployment", "shop/web", WEB),
                            manifests.involved("Sidecar", "shop/default", sidecar)),
                    "The sidecars of shop/web pass connections to any host outside the service registry straight"
                            + " through: Sidecar shop/default sets outboundTrafficPolicy ALLOW_ANY. The mesh's"
                            + " egress gateway and its policy are then an optional path, not a control.",
                    "Set `outboundTrafficPolicy: {mode: REGISTRY_ONLY}` in Sidecar shop/default, which overrides"
                            + " the mesh config, then add a ServiceEntry for each reviewed external destination,"
                            + " routed through the egress gateway."));
        }

        @Test
        void aNamespaceSidecarOverridesTheDefaultTowardsRegistryOnly() {
            assertThat(findings(ALLOW_ANY, SHOP, WEB, SIDECAR.formatted("default", "shop", "REGISTRY_ONLY"))).isEmpty();
        }

        @Test
        void aSidecarWithoutPolicyLeavesTheMeshConfigs() {
            String bare = """
                    apiVersion: networking.istio.io/v1
                    kind: Sidecar
                    metadata: {name: default, namespace: shop}
                    spec:
                      egress: [{hosts: ["./*", "istio-system/*"]}]
                    """;
            assertThat(findings(ALLOW_ANY, SHOP, WEB, bare, REGISTRY_ONLY)).isEmpty();
            assertThat(findings(ALLOW_ANY, SHOP, WEB, bare)).singleElement().satisfies(finding -> {
                assertThat(finding.objects()).extracting(Involved::name).containsExactly("shop/web", "shop/default");
                assertThat(finding.fix()).contains("or in Sidecar shop/default,");
            });
        }

        @Test
        void aSelectingSidecarSinglesOutItsWorkload() {
            String forWeb = """
                    apiVersion: networking.istio.io/v1
                    kind: Sidecar
                    metadata: {name: web-open, namespace: shop}
                    spec:
                      workloadSelector: {labels: {app: web}}
                      outboundTrafficPolicy: {mode: ALLOW_ANY}
                    """;
            assertThat(findings(ALLOW_ANY, SHOP, WEB, API, REGISTRY_ONLY, forWeb)).containsExactly(new Finding(ALLOW_ANY,
                    "shop/web", Severity.HIGH,
                    List.of(manifests.involved("Deployment", "shop/web", WEB),
                            manifests.involved("Sidecar", "shop/web-open", forWeb)),
                    "The sidecars of shop/web pass connections to any host outside the service registry straight"
                            + " through: Sidecar shop/web-open sets outboundTrafficPolicy ALLOW_ANY. The mesh's"
                            + " egress gateway and its policy are then an optional path, not a control.",
                    "Set `outboundTrafficPolicy: {mode: REGISTRY_ONLY}` in Sidecar shop/web-open, which overrides"
                            + " the mesh config, then add a ServiceEntry for each reviewed external destination,"
                            + " routed through the egress gateway."));
        }

        @Test
        void aSelectingSidecarWinsOverTheNamespaceSidecar() {
            String closedForWeb = """
                    apiVersion: networking.istio.io/v1
                    kind: Sidecar
                    metadata: {name: web-closed, namespace: shop}
                    spec:
                      workloadSelector: {labels: {app: web}}
                      outboundTrafficPolicy: {mode: REGISTRY_ONLY}
                    """;
            String open = SIDECAR.formatted("default", "shop", "ALLOW_ANY");
            assertThat(findings(ALLOW_ANY, SHOP, WEB, API, open, closedForWeb)).singleElement().satisfies(finding -> {
                assertThat(finding.subject()).isEqualTo("shop");
                assertThat(finding.objects()).extracting(Involved::name).containsExactly("shop/api", "shop/default");
            });
        }

        @Test
        void theRootNamespacesSidecarIsTheMeshDefault() {
            String rootClosed = SIDECAR.formatted("default", "istio-system", "REGISTRY_ONLY");
            assertThat(findings(ALLOW_ANY, SHOP, WEB, rootClosed)).isEmpty();
        }

        @Test
        void aNamespaceSidecarReplacesTheRootNamespacesWhole() {
            String rootClosed = SIDECAR.formatted("default", "istio-system", "REGISTRY_ONLY");
            String bare = """
                    apiVersion: networking.istio.io/v1
                    kind: Sidecar
                    metadata: {name: default, namespace: shop}
                    spec:
                      egress: [{hosts: ["./*"]}]
                    """;
            assertThat(subjects(ALLOW_ANY, SHOP, WEB, rootClosed, bare)).containsExactly("shop");
        }

        @Test
        void theRootNamespaceIsTheMeshConfigs() {
            String config = """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: istio, namespace: istio-system}
                    data:
                      mesh: "rootNamespace: istio-config"
                    """;
            String closed = SIDECAR.formatted("default", "istio-config", "REGISTRY_ONLY");
            assertThat(findings(ALLOW_ANY, SHOP, WEB, config, closed)).isEmpty();
            String inIstioSystem = SIDECAR.formatted("default", "istio-system", "REGISTRY_ONLY");
            assertThat(subjects(ALLOW_ANY, SHOP, WEB, config, inIstioSystem)).containsExactly("shop");
        }

        @Test
        void podsOptedOutOfInjectionAreOutsideTheMesh() {
            String byLabel = WEB.replace("labels: {app: web}", "labels: {app: web, sidecar.istio.io/inject: \"false\"}");
            String byAnnotation = API.replace("metadata: {labels: {app: api}}",
                    "metadata: {labels: {app: api}, annotations: {sidecar.istio.io/inject: \"false\"}}");
            assertThat(findings(ALLOW_ANY, SHOP, byLabel, byAnnotation)).isEmpty();
        }

        @Test
        void aPodLabelOptsInWhereTheNamespaceSaysNothing() {
            String unlabelled = "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n";
            String optedIn = WEB.replace("labels: {app: web}", "labels: {app: web, sidecar.istio.io/inject: \"true\"}");
            String annotatedOnly = API.replace("metadata: {labels: {app: api}}",
                    "metadata: {labels: {app: api}, annotations: {sidecar.istio.io/inject: \"true\"}}");
            // the webhook selects pods by label, so the annotation alone injects nothing
            assertThat(findings(ALLOW_ANY, unlabelled, optedIn, annotatedOnly)).singleElement()
                    .extracting(finding -> finding.objects().stream().map(Involved::name).toList())
                    .isEqualTo(List.of("shop/web"));
        }

        @Test
        void aDisabledNamespaceIgnoresThePodsOptIn() {
            String disabled = SHOP.replace("enabled", "disabled");
            String optedIn = WEB.replace("labels: {app: web}", "labels: {app: web, sidecar.istio.io/inject: \"true\"}");
            assertThat(findings(ALLOW_ANY, disabled, optedIn)).isEmpty();
        }

        @Test
        void withoutInjectedWorkloadsThereIsNoMesh() {
            assertThat(findings(ALLOW_ANY, WEB, API)).isEmpty();
        }

        @Test
        void hostNetworkPodsAndGatewaysGetNoSidecar() {
            String hostNetwork = WEB.replace("containers:", "hostNetwork: true\n      containers:");
            String gateway = EGRESS_GATEWAY.replace("namespace: istio-system", "namespace: shop");
            assertThat(findings(ALLOW_ANY, SHOP, hostNetwork, gateway)).isEmpty();
        }
    }

    @Nested
    class EgressGatewayBypassable {
        @Test
        void anInjectedWorkloadWithOpenEgressGoesAroundTheGateway() {
            assertThat(findings(BYPASSABLE, SHOP, WEB, EGRESS_GATEWAY)).containsExactly(new Finding(BYPASSABLE,
                    "shop/web", Severity.HIGH,
                    List.of(manifests.involved("Deployment", "shop/web", WEB),
                            manifests.involved("Deployment", "istio-system/istio-egressgateway", EGRESS_GATEWAY)),
                    "shop/web is in the mesh with egress gateway istio-system/istio-egressgateway, but its"
                            + " NetworkPolicy egress admits 203.0.113.10:443/TCP, the public address probed. Sidecar"
                            + " redirection is no boundary: a container with NET_ADMIN, or a pod that opts out of"
                            + " injection, goes straight out around the gateway's policy and audit.",
                    "Default-deny shop/web's egress and allow only the egress gateway's pods"
                            + " (istio-system/istio-egressgateway) and cluster DNS; at the network edge, let only"
                            + " the gateway's addresses out."));
        }

        @Test
        void thePoliciesThatAdmitThePublicAddressAreInvolved() {
            String anywhere = """
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: anywhere, namespace: shop}
                    spec:
                      podSelector: {}
                      policyTypes: [Egress]
                      egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}]
                    """;
            assertThat(findings(BYPASSABLE, SHOP, WEB, EGRESS_GATEWAY, anywhere)).singleElement()
                    .extracting(finding -> finding.objects().getLast())
                    .isEqualTo(manifests.involved("NetworkPolicy", "shop/anywhere", anywhere));
        }

        @Test
        void egressOnlyToTheGatewayIsNoBypass() {
            String toGateway = """
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: to-gateway, namespace: shop}
                    spec:
                      podSelector: {}
                      policyTypes: [Egress]
                      egress:
                        - to:
                            - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: istio-system}}
                              podSelector: {matchLabels: {istio: egressgateway}}
                    """;
            assertThat(findings(BYPASSABLE, SHOP, WEB, EGRESS_GATEWAY, toGateway)).isEmpty();
        }

        @Test
        void withoutAnEgressGatewayThereIsNothingToBypass() {
            assertThat(findings(BYPASSABLE, SHOP, WEB)).isEmpty();
        }

        @Test
        void workloadsOutsideTheMeshAreLeftToTheOtherFindings() {
            String optedOut = WEB.replace("labels: {app: web}", "labels: {app: web, sidecar.istio.io/inject: \"false\"}");
            assertThat(findings(BYPASSABLE, SHOP, optedOut, EGRESS_GATEWAY)).isEmpty();
        }

        private static final String GATEWAY_BY_OTHER_LABELS = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: edge-out, namespace: mesh-edge}
                spec:
                  selector: {matchLabels: {app: edge-out}}
                  template:
                    metadata: {labels: {app: edge-out}}
                    spec:
                      containers: [{name: istio-proxy, image: proxyv2:1}]
                """;

        private static final String GATEWAY_SERVICE = """
                apiVersion: v1
                kind: Service
                metadata: {name: edge-out, namespace: mesh-edge}
                spec: {selector: {app: edge-out}, ports: [{port: 443}]}
                """;

        private static final String GATEWAY_RESOURCE = """
                apiVersion: networking.istio.io/v1
                kind: Gateway
                metadata: {name: edge-out, namespace: mesh-edge}
                spec:
                  selector: {app: edge-out}
                  servers: [{port: {number: 443, name: tls, protocol: TLS}, hosts: [api.vendor.example], tls: {mode: PASSTHROUGH}}]
                """;

        @Test
        void aGatewaySidecarsAreRoutedToIsAnEgressGatewayWhateverItsLabels() {
            String routeToGateway = """
                    apiVersion: networking.istio.io/v1
                    kind: VirtualService
                    metadata: {name: vendor-via-gateway, namespace: shop}
                    spec:
                      hosts: [api.vendor.example]
                      gateways: [mesh, mesh-edge/edge-out]
                      tls:
                        - match: [{gateways: [mesh], port: 443, sniHosts: [api.vendor.example]}]
                          route: [{destination: {host: edge-out.mesh-edge.svc.cluster.local, port: {number: 443}}}]
                    """;
            assertThat(findings(BYPASSABLE, SHOP, WEB, GATEWAY_BY_OTHER_LABELS, GATEWAY_SERVICE, GATEWAY_RESOURCE,
                    routeToGateway)).singleElement().extracting(Finding::objects)
                    .isEqualTo(List.of(manifests.involved("Deployment", "shop/web", WEB),
                            manifests.involved("Deployment", "mesh-edge/edge-out", GATEWAY_BY_OTHER_LABELS)));
        }

        @Test
        void aGatewayNoSidecarRoutesToIsAnIngressGateway() {
            assertThat(findings(BYPASSABLE, SHOP, WEB, GATEWAY_BY_OTHER_LABELS, GATEWAY_SERVICE, GATEWAY_RESOURCE))
                    .isEmpty();
        }
    }
}
