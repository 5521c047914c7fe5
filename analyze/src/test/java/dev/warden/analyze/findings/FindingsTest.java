package dev.warden.analyze.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.warden.analyze.ManifestFile;
import dev.warden.analyze.read.ManifestReader;
import dev.warden.analyze.read.ReadResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FindingsTest {
    @TempDir
    Path dir;

    private static final String SHOP = """
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

    private static final String DEFAULT_DENY = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: default-deny, namespace: shop}
            spec:
              podSelector: {}
              policyTypes: [Egress]
            """;

    private static final String COREDNS = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: coredns, namespace: kube-system}
            spec:
              selector: {matchLabels: {k8s-app: kube-dns}}
              template:
                metadata: {labels: {k8s-app: kube-dns}}
                spec:
                  containers:
                    - name: coredns
                      image: coredns:1
                      ports: [{containerPort: 53, protocol: UDP}]
            """;

    private static final String ALLOW_DNS = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: allow-dns, namespace: shop}
            spec:
              podSelector: {}
              policyTypes: [Egress]
              egress:
                - to:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
                      podSelector: {matchLabels: {k8s-app: kube-dns}}
                  ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
            """;

    /** Writes the documents to one file and returns the findings with {@code id}. */
    private List<Finding> findings(String id, String... documents) {
        return Findings.analyze(read(documents)).stream().filter(finding -> finding.id().equals(id)).toList();
    }

    private ReadResult read(String... documents) {
        return new ManifestFile(dir).read(documents);
    }

    /** {@code file:line} of the manifest file the test wrote. */
    private String at(int line) {
        return dir.resolve("m.yaml") + ":" + line;
    }

    @Nested
    class NoDefaultDenyEgress {
        @Test
        void namespaceWithoutEgressPoliciesIsReportedOnceForAllItsWorkloads() {
            assertThat(findings("no-default-deny-egress", SHOP, API)).containsExactly(finding(
                    "no-default-deny-egress", "shop", Severity.MEDIUM,
                    List.of("Deployment shop/api (" + at(11) + ")", "Deployment shop/web (" + at(1) + ")"),
                    "No NetworkPolicy selects every pod of namespace shop for Egress, so its pods, and any workload"
                            + " added later, may connect anywhere. Egress control starts from a default deny; every"
                            + " allowed destination is an exception to it.",
                    "Add a NetworkPolicy in shop with `podSelector: {}`, `policyTypes: [Egress]` and no egress"
                            + " rules, then allow what each workload needs, cluster DNS first."));
        }

        @Test
        void anIngressOnlyPolicySelectingEverythingIsNoDefaultDeny() {
            String ingressOnly = DEFAULT_DENY.replace("[Egress]", "[Ingress]");
            assertThat(findings("no-default-deny-egress", SHOP, ingressOnly))
                    .extracting(Finding::subject).containsExactly("shop");
        }

        @Test
        void withPartialPoliciesEachWorkloadLeftOutIsReportedInstead() {
            String apiOnly = """
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: api-egress, namespace: shop}
                    spec:
                      podSelector: {matchLabels: {app: api}}
                      policyTypes: [Egress]
                    """;
            assertThat(findings("no-default-deny-egress", SHOP, API, apiOnly)).containsExactly(finding(
                    "no-default-deny-egress", "shop/web", Severity.MEDIUM,
                    List.of("Deployment shop/web (" + at(1) + ")"),
                    "Namespace shop has egress policies, but none selects shop/web for Egress, so it may connect"
                            + " anywhere while its neighbours are restricted.",
                    "Add a NetworkPolicy in shop with `podSelector: {}`, `policyTypes: [Egress]` and no egress"
                            + " rules (a default deny), or one selecting shop/web's pod labels with"
                            + " `policyTypes: [Egress]` and the destinations it needs."));
        }

        @Test
        void aDefaultDenyCoversTheNamespace() {
            assertThat(findings("no-default-deny-egress", SHOP, API, DEFAULT_DENY)).isEmpty();
        }

        @Test
        void policyTypesDefaultToEgressWhenThePolicyHasEgressRules() {
            String allowAllImplicit = """
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: implicit, namespace: shop}
                    spec:
                      podSelector: {}
                      egress: [{to: [{podSelector: {}}]}]
                    """;
            assertThat(findings("no-default-deny-egress", SHOP, allowAllImplicit)).isEmpty();
        }

        @Test
        void hostNetworkPodsAreLeftToTheirOwnFinding() {
            String agent = """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: agent, namespace: node}
                    spec:
                      hostNetwork: true
                      containers: [{name: agent, image: agent:1}]
                    """;
            assertThat(findings("no-default-deny-egress", agent)).isEmpty();
        }
    }

    @Nested
    class EgressIsolatedWithoutDns {
        @Test
        void isolatedWorkloadThatCannotReachClusterDns() {
            assertThat(findings("egress-isolated-without-dns", SHOP, DEFAULT_DENY, COREDNS)).containsExactly(
                    finding("egress-isolated-without-dns", "shop/web", Severity.MEDIUM,
                            List.of("Deployment shop/web (" + at(1) + ")",
                                    "Deployment kube-system/coredns (" + at(18) + ")",
                                    "NetworkPolicy shop/default-deny (" + at(11) + ")"),
                            "shop/web is egress-isolated but cannot reach cluster DNS (kube-system/coredns) on"
                                    + " 53/UDP, so its name lookups fail; the usual quick fix, opening port 53 to"
                                    + " anywhere, lets pods use outside resolvers and bypass DNS logging and"
                                    + " DNS-based policy.",
                            "Allow egress from shop/web on 53/UDP and 53/TCP to the cluster DNS pods only: a `to`"
                                    + " peer with `namespaceSelector: {matchLabels: {kubernetes.io/metadata.name:"
                                    + " kube-system}}` and `podSelector: {matchLabels: {k8s-app: kube-dns}}`; if"
                                    + " the DNS pods are ingress-isolated, admit it there too."));
        }

        @Test
        void aDnsPodIsFoundByItsPortWhenNotLabelled() {
            String unlabelled = COREDNS.replace("k8s-app: kube-dns", "app: resolver");
            assertThat(findings("egress-isolated-without-dns", SHOP, DEFAULT_DENY, unlabelled))
                    .extracting(Finding::subject).containsExactly("shop/web");
        }

        @Test
        void allowedDnsIsNoFinding() {
            assertThat(findings("egress-isolated-without-dns", SHOP, DEFAULT_DENY, ALLOW_DNS, COREDNS)).isEmpty();
        }

        @Test
        void withoutDnsPodsInTheManifestsNothingIsSaid() {
            assertThat(findings("egress-isolated-without-dns", SHOP, DEFAULT_DENY)).isEmpty();
        }

        @Test
        void notIsolatedWorkloadsReachDnsAnyway() {
            assertThat(findings("egress-isolated-without-dns", SHOP, COREDNS)).isEmpty();
        }
    }

    @Nested
    class DnsEgressTooBroad {
        @Test
        void dnsToAnIpBlockOrToEverything() {
            String broad = """
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: dns, namespace: shop}
                    spec:
                      podSelector: {}
                      policyTypes: [Egress]
                      egress:
                        - to: [{ipBlock: {cidr: 8.8.8.8/32}}]
                          ports: [{protocol: UDP, port: 53}]
                        - to: [{podSelector: {}}]
                          ports: [{protocol: TCP, port: 53}]
                        - ports: [{protocol: TCP, port: 800, endPort: 900}]
                    """;
            assertThat(findings("dns-egress-too-broad", broad)).containsExactly(finding(
                    "dns-egress-too-broad", "shop/dns", Severity.HIGH,
                    List.of("NetworkPolicy shop/dns (" + at(1) + ")"),
                    "shop/dns allows DNS (port 53 or 853) to an ipBlock or to every destination in egress[0],"
                            + " egress[2], so the pods it selects can use resolvers outside the cluster: DNS"
                            + " logging is lost, DNS-based policy is bypassed and DNS can carry data out.",
                    "In egress[0], egress[2], allow ports 53 and 853 only to the cluster DNS pods"
                            + " (`namespaceSelector` kube-system with `podSelector` k8s-app: kube-dns) or NodeLocal"
                            + " DNS, and keep ipBlock and empty-`to` rules to the other ports they need."));
        }

        @Test
        void allPortsToAnIpBlockIncludeDns() {
            String allPorts = """
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: vendor, namespace: shop}
                    spec:
                      podSelector: {}
                      policyTypes: [Egress]
                      egress: [{to: [{ipBlock: {cidr: 198.51.100.0/24}}]}]
                    """;
            assertThat(findings("dns-egress-too-broad", allPorts)).extracting(Finding::subject)
                    .containsExactly("shop/vendor");
        }

        @Test
        void dnsToClusterDnsAndOtherPortsToIpBlocksAreFine() {
            String https = """
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: vendor, namespace: shop}
                    spec:
                      podSelector: {}
                      policyTypes: [Egress]
                      egress:
                        - to: [{ipBlock: {cidr: 198.51.100.0/24}}]
                          ports: [{port: 443}, {port: dns}]
                    """;
            assertThat(findings("dns-egress-too-broad", ALLOW_DNS, https)).isEmpty();
        }

        @Test
        void egressRulesOfAnIngressOnlyPolicyAreIgnored() {
            String ingressOnly = """
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: odd, namespace: shop}
                    spec:
                      podSelector: {}
                      policyTypes: [Ingress]
                      egress: [{}]
                    """;
            assertThat(findings("dns-egress-too-broad", ingressOnly)).isEmpty();
        }
    }

    @Nested
    class EgressToAnywhere {
        @Test
        void emptyToAndWholeInternetBlocks() {
            String open = """
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: open, namespace: shop}
                    spec:
                      podSelector: {}
                      policyTypes: [Egress]
                      egress:
                        - ports: [{port: 443}]
                        - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]
                        - to: [{ipBlock: {cidr: "::/0"}}]
                    """;
            assertThat(findings("egress-to-anywhere", open)).containsExactly(finding(
                    "egress-to-anywhere", "shop/open", Severity.HIGH,
                    List.of("NetworkPolicy shop/open (" + at(1) + ")"),
                    "shop/open allows every address in egress[0], egress[1], egress[2] (an empty `to`, or"
                            + " 0.0.0.0/0 or ::/0 without excepting the private ranges), so the pods it selects"
                            + " keep direct egress to the internet and the cluster network, around any proxy or"
                            + " gateway.",
                    "In egress[0], egress[1], egress[2], name the destinations: pod and namespace selectors"
                            + " inside the cluster, narrow ipBlocks or the egress gateway outside it; a wide ipBlock"
                            + " that must stay needs `except` 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 (IPv6:"
                            + " fc00::/7)."));
        }

        @Test
        void internetBlocksExceptingThePrivateRangesAndNarrowBlocksAreFine() {
            String gateway = """
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: gateway, namespace: shop}
                    spec:
                      podSelector: {}
                      policyTypes: [Egress]
                      egress:
                        - to:
                            - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/7, 172.16.0.0/12, 192.168.0.0/16]}
                            - ipBlock: {cidr: "::/0", except: ["fc00::/7"]}
                            - ipBlock: {cidr: 198.51.100.0/24}
                          ports: [{port: 443}]
                    """;
            assertThat(findings("egress-to-anywhere", gateway)).isEmpty();
        }
    }

    @Nested
    class MetadataReachable {
        @Test
        void unisolatedWorkloadReachesMetadata() {
            assertThat(findings("metadata-reachable", SHOP)).containsExactly(finding(
                    "metadata-reachable", "shop/web", Severity.HIGH,
                    List.of("Deployment shop/web (" + at(1) + ")"),
                    "shop/web can connect to 169.254.169.254:80/TCP, the cloud metadata service, which hands out"
                            + " the node's cloud credentials to whoever asks: a path out of the cluster's trust"
                            + " boundary that egress control must close.",
                    "Give shop/web a default-deny egress policy and allow only what it needs; any wide ipBlock it"
                            + " keeps needs `except: [169.254.0.0/16]`."));
        }

        @Test
        void theAllowingPolicyIsNamed() {
            String wide = """
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: wide, namespace: shop}
                    spec:
                      podSelector: {}
                      policyTypes: [Egress]
                      egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]}]
                    """;
            assertThat(findings("metadata-reachable", SHOP, wide)).extracting(finding -> finding.objects().stream().map(Object::toString).toList()).containsExactly(
                    List.of("Deployment shop/web (" + at(1) + ")", "NetworkPolicy shop/wide (" + at(11) + ")"));
        }

        @Test
        void defaultDenyOrAnExceptClosesIt() {
            String excepted = """
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: wide, namespace: shop}
                    spec:
                      podSelector: {}
                      policyTypes: [Egress]
                      egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.0.0/16]}}]}]
                    """;
            assertThat(findings("metadata-reachable", SHOP, DEFAULT_DENY)).isEmpty();
            assertThat(findings("metadata-reachable", SHOP, excepted)).isEmpty();
        }
    }

    @Nested
    class BypassCapablePods {
        private static final String POD = """
                apiVersion: v1
                kind: Pod
                metadata: {name: tool, namespace: ops}
                spec:
                  hostNetwork: true
                  initContainers:
                    - name: setup
                      image: setup:1
                      securityContext: {capabilities: {add: [CAP_NET_ADMIN]}}
                  containers:
                    - name: main
                      image: main:1
                      securityContext: {privileged: true}
                    - name: helper
                      image: helper:1
                      securityContext: {capabilities: {add: [ALL]}}
                """;

        private static final String CRON_JOB = """
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: probe, namespace: ops}
                spec:
                  schedule: "* * * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: Never
                          containers:
                            - name: ping
                              image: ping:1
                              securityContext: {capabilities: {add: [net_raw]}}
                """;

        private final String tool = "Pod ops/tool (%s)";

        @Test
        void hostNetwork() {
            assertThat(findings("host-network-pod", POD)).containsExactly(finding(
                    "host-network-pod", "ops/tool", Severity.HIGH, List.of(tool.formatted(at(1))),
                    "ops/tool runs in the node's network namespace: NetworkPolicy does not select it, and its"
                            + " traffic leaves as the node's, so pod-level egress control does not apply.",
                    "Remove `hostNetwork: true` from ops/tool; if it must stay, restrict the node's egress (cloud"
                            + " firewall, host policy) and keep the workload in a reviewed system namespace."));
        }

        @Test
        void privileged() {
            assertThat(findings("privileged-pod", POD)).containsExactly(finding(
                    "privileged-pod", "ops/tool", Severity.HIGH, List.of(tool.formatted(at(1))),
                    "ops/tool has privileged containers (main), which can change the node's network, routes and"
                            + " firewall rules, and so undo egress control for every pod on the node.",
                    "Remove `securityContext.privileged: true` from main and add only the capabilities it needs."));
        }

        @Test
        void netAdminIncludingInitContainersAndAll() {
            assertThat(findings("net-admin-capability", POD)).containsExactly(finding(
                    "net-admin-capability", "ops/tool", Severity.MEDIUM, List.of(tool.formatted(at(1))),
                    "ops/tool adds NET_ADMIN (setup, helper), which can rewrite the pod's routes and iptables,"
                            + " undoing a sidecar proxy's or mesh's redirection of its egress.",
                    "Remove NET_ADMIN (and ALL) from `securityContext.capabilities.add` of setup, helper; mesh"
                            + " sidecar setup belongs in an init container or the CNI plugin."));
        }

        @Test
        void netRawInAWorkloadTemplate() {
            assertThat(findings("net-raw-capability", POD, CRON_JOB)).containsExactly(
                    finding("net-raw-capability", "ops/probe", Severity.LOW,
                            List.of("CronJob ops/probe (" + at(18) + ")"),
                            "ops/probe adds NET_RAW (ping), which lets it craft packets and use raw sockets,"
                                    + " traffic a transparent proxy does not see.",
                            "Remove NET_RAW (and ALL) from `securityContext.capabilities.add` of ping, and"
                                    + " consider `drop: [NET_RAW]`, which container runtimes grant by default."),
                    finding("net-raw-capability", "ops/tool", Severity.LOW, List.of(tool.formatted(at(1))),
                            "ops/tool adds NET_RAW (helper), which lets it craft packets and use raw sockets,"
                                    + " traffic a transparent proxy does not see.",
                            "Remove NET_RAW (and ALL) from `securityContext.capabilities.add` of helper, and"
                                    + " consider `drop: [NET_RAW]`, which container runtimes grant by default."));
        }

        @Test
        void plainPodsAndDroppedCapabilitiesAreFine() {
            String plain = """
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: plain, namespace: ops}
                    spec:
                      hostNetwork: false
                      containers:
                        - name: main
                          image: main:1
                          securityContext:
                            privileged: false
                            capabilities: {add: [NET_BIND_SERVICE], drop: [NET_RAW, NET_ADMIN]}
                    """;
            assertThat(Findings.analyze(read(plain, SHOP))).extracting(Finding::id)
                    .doesNotContain("host-network-pod", "privileged-pod", "net-admin-capability", "net-raw-capability");
        }
    }

    @Nested
    class ProxyEnvButDirectEgressOpen {
        private static final String PROXIED = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: worker, namespace: shop}
                spec:
                  selector: {matchLabels: {app: worker}}
                  template:
                    metadata: {labels: {app: worker}}
                    spec:
                      containers:
                        - name: worker
                          image: worker:1
                          env: [{name: https_proxy, value: "http://proxy.egress:3128"}]
                """;

        @Test
        void noProxyEntriesOutsideTheClusterAreNamed() {
            String exempting = PROXIED.replace("env: [{name: https_proxy, value: \"http://proxy.egress:3128\"}]",
                    "env: [{name: https_proxy, value: \"http://proxy.egress:3128\"}, {name: NO_PROXY, value:"
                            + " \"localhost,127.0.0.1,10.0.0.0/8,.svc,.cluster.local,kubernetes,.vendor.example,"
                            + " 203.0.113.7\"}]");
            assertThat(findings("proxy-env-but-direct-egress-open", exempting, SHOP)).singleElement()
                    .extracting(Finding::why).asString()
                    .endsWith(" Its NO_PROXY (.vendor.example, 203.0.113.7) sends those destinations straight out"
                            + " even from libraries that honour the proxy.");
        }

        @Test
        void proxySetButTheInternetReachable() {
            assertThat(findings("proxy-env-but-direct-egress-open", PROXIED, SHOP)).containsExactly(finding(
                    "proxy-env-but-direct-egress-open", "shop/worker", Severity.HIGH,
                    List.of("Deployment shop/worker (" + at(1) + ")"),
                    "shop/worker sets HTTP(S)_PROXY (worker) but can also connect directly to 203.0.113.10:443/TCP,"
                            + " the public address probed, so a library that ignores the proxy, or an attacker,"
                            + " bypasses the proxy's policy and audit.",
                    "Default-deny shop/worker's egress and allow only the proxy's pods and port, and cluster DNS."));
        }

        @Test
        void directEgressClosedIsFine() {
            assertThat(findings("proxy-env-but-direct-egress-open", PROXIED, DEFAULT_DENY)).isEmpty();
        }

        @Test
        void withoutProxyVariablesNothingIsSaid() {
            assertThat(findings("proxy-env-but-direct-egress-open", SHOP)).isEmpty();
        }
    }

    @Nested
    class ExternalNameService {
        private static final String SERVICE = """
                apiVersion: v1
                kind: Service
                metadata: {name: vendor, namespace: shop}
                spec: {type: ExternalName, externalName: %s}
                """;

        @Test
        void aliasForAnOutsideName() {
            assertThat(findings("external-name-service", SERVICE.formatted("api.vendor.example"))).containsExactly(
                    finding("external-name-service", "shop/vendor", Severity.MEDIUM,
                            List.of("Service shop/vendor (" + at(1) + ")"),
                            "Service shop/vendor is an alias for api.vendor.example, outside the cluster: workloads"
                                    + " reach an external destination under an in-cluster name, which an egress"
                                    + " review of Services and policies easily misses.",
                            "Review api.vendor.example as an egress destination and allow it through the proxy or"
                                    + " gateway explicitly, then remove the ExternalName Service, or point it at a"
                                    + " `.svc.cluster.local` name."));
        }

        @Test
        void inClusterNamesAndOtherTypesAreFine() {
            String clusterIp = """
                    apiVersion: v1
                    kind: Service
                    metadata: {name: web, namespace: shop}
                    spec: {selector: {app: web}, ports: [{port: 80}]}
                    """;
            assertThat(findings("external-name-service",
                    SERVICE.formatted("db.data.svc.cluster.local."), clusterIp)).isEmpty();
        }
    }

    @Test
    void deployedExampleLacksOnlyKubeSystemsDefaultDeny() {
        ReadResult read = ManifestReader.read(List.of(Path.of("..", "examples", "deployed")));
        assertThat(read.errors()).isEmpty();
        String coredns = "Deployment kube-system/coredns (" + Path.of("..", "examples", "deployed", "workloads.yaml")
                + ":33)";

        // payments and warden-system have Warden's default deny; the payment worker's HTTPS_PROXY is
        // enforced (only the gateway is allowed), so there is no proxy finding; the gateway's
        // internet ipBlocks except the private ranges and 169.254.0.0/16
        assertThat(Findings.analyze(read))
                .extracting(Finding::id, Finding::subject, Finding::severity, finding -> finding.objects().stream().map(Object::toString).toList())
                .containsExactly(
                        tuple("metadata-reachable", "kube-system/coredns",
                                Severity.HIGH, List.of(coredns)),
                        tuple("no-default-deny-egress", "kube-system",
                                Severity.MEDIUM, List.of(coredns)));
    }

    private static final java.util.regex.Pattern INVOLVED = java.util.regex.Pattern.compile("(\\S+) (\\S+) \\((.*):(\\d+)\\)");

    /** A finding whose objects are written as the text report prints them: {@code Kind ns/name (file:line)}. */
    private static Finding finding(String id, String subject, Severity severity, List<String> objects, String why, String fix) {
        return new Finding(id, subject, severity, objects.stream().map(object -> {
            java.util.regex.Matcher parts = INVOLVED.matcher(object);
            assertThat(parts.matches()).as(object).isTrue();
            return new Involved(parts.group(1), parts.group(2),
                    new dev.warden.analyze.cluster.SourceRef(parts.group(3), Integer.parseInt(parts.group(4))));
        }).toList(), why, fix);
    }
}
