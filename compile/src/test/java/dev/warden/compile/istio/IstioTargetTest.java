package dev.warden.compile.istio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.warden.compile.BypassCheck;
import dev.warden.compile.Compilation;
import dev.warden.compile.KubernetesTargetTest;
import dev.warden.compile.Manifest;
import dev.warden.compile.ManifestWriter;
import dev.warden.compile.PublishedSchemas;
import dev.warden.model.registry.Registry;
import dev.warden.registry.LoadedRegistry;
import dev.warden.registry.RegistryLoader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IstioTargetTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String POSTURE = """
            apiVersion: warden.dev/v1alpha1
            kind: EgressPosture
            metadata: {name: cluster}
            spec:
              defaultEgress: deny
              clusterDns: {namespace: kube-system, podSelector: {matchLabels: {k8s-app: kube-dns}}}
              mesh:
                kind: istio
                egressGateway: {namespace: istio-system, podSelector: {matchLabels: {istio: egressgateway}}}
            """;

    /** A dependency on the mesh path; {@code source}, {@code destination} and {@code protocol} vary. */
    private static String record(String name, String source, String destination, String protocol) {
        return """
                ---
                apiVersion: warden.dev/v1alpha1
                kind: EgressDependency
                metadata: {name: %s}
                spec:
                  owner: team
                  service: shop
                  purpose: call a vendor
                  class: regulated-third-party
                  source: %s
                  destination: %s
                  protocol: %s
                  path: mesh-egress-gateway
                  dataClassification: confidential
                  auth: api-key
                  tls: {verify: required}
                  availability: high
                  audit: [destination]
                  review: {cadence: annual, lastReviewed: 2026-10-01}
                """.formatted(name, source, destination, protocol);
    }

    private static Registry registry(String... records) {
        LoadedRegistry loaded = new RegistryLoader().load("test.yaml", new StringReader(POSTURE + String.join("", records)));
        assertThat(loaded.findings().stream().filter(finding -> finding.isError())).isEmpty();
        return loaded.registry();
    }

    /** One HTTPS record on 443 in shop, one HTTP record on 80 in reports. */
    private static Registry mesh() {
        return registry(
                record("vendor-api", "{namespace: shop, serviceAccount: checkout, podSelector: {matchLabels: {app: checkout}}}",
                        "{hosts: [api.vendor.example], ports: [{port: 443}]}", "HTTPS"),
                record("status-feed", "{namespace: reports, serviceAccount: reporter}",
                        "{hosts: [status.vendor.example], ports: [{port: 80}]}", "HTTP"));
    }

    private static Manifest find(Compilation compilation, String namespace, String kind, String name) {
        return compilation.manifests().stream()
                .filter(m -> m.namespace().equals(namespace) && m.kind().equals(kind) && m.name().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + namespace + "/" + kind + "/" + name));
    }

    private static JsonNode yaml(String text) throws Exception {
        return JSON.readTree(JSON.writeValueAsString(new YAMLMapper().readTree(text)));
    }

    private static JsonNode spec(Compilation compilation, String namespace, String kind, String name) {
        return find(compilation, namespace, kind, name).object().get("spec");
    }

    @Test
    void each_mesh_record_gets_its_routing_and_each_source_namespace_is_closed() {
        Compilation compilation = IstioTarget.compile(mesh());

        assertThat(compilation.problems()).isEmpty();
        assertThat(compilation.manifests()).extracting(m -> m.namespace() + "/" + m.kind() + "/" + m.name()).containsExactly(
                "istio-system/AuthorizationPolicy/warden-egressgateway",
                "istio-system/Gateway/warden-egressgateway",
                "reports/DestinationRule/warden-status-feed",
                "reports/NetworkPolicy/warden-default-deny-egress",
                "reports/NetworkPolicy/warden-dns-to-cluster-dns",
                "reports/NetworkPolicy/warden-mesh-egress-gateway",
                "reports/ServiceEntry/warden-status-feed",
                "reports/Sidecar/default",
                "reports/VirtualService/warden-status-feed",
                "shop/DestinationRule/warden-vendor-api",
                "shop/NetworkPolicy/warden-default-deny-egress",
                "shop/NetworkPolicy/warden-dns-to-cluster-dns",
                "shop/NetworkPolicy/warden-mesh-egress-gateway",
                "shop/ServiceEntry/warden-vendor-api",
                "shop/Sidecar/default",
                "shop/VirtualService/warden-vendor-api");
        assertThat(compilation.manifests()).extracting(Manifest::apiVersion).containsOnly(
                "networking.istio.io/v1", "security.istio.io/v1", "networking.k8s.io/v1");
    }

    @Test
    void the_https_record_is_routed_by_sni_through_the_gateway_in_istio_mutual_tls() throws Exception {
        Compilation compilation = IstioTarget.compile(mesh());

        assertThat(spec(compilation, "shop", "ServiceEntry", "warden-vendor-api")).isEqualTo(yaml("""
                hosts: [api.vendor.example]
                exportTo: [".", istio-system]
                ports: [{number: 443, name: tls-443, protocol: TLS}]
                location: MESH_EXTERNAL
                resolution: DNS
                """));
        assertThat(spec(compilation, "shop", "DestinationRule", "warden-vendor-api")).isEqualTo(yaml("""
                host: istio-egressgateway.istio-system.svc.cluster.local
                exportTo: ["."]
                subsets:
                  - name: vendor-api
                    trafficPolicy:
                      portLevelSettings:
                        - port: {number: 443}
                          tls: {mode: ISTIO_MUTUAL, sni: api.vendor.example}
                """));
        assertThat(spec(compilation, "shop", "VirtualService", "warden-vendor-api")).isEqualTo(yaml("""
                hosts: [api.vendor.example]
                exportTo: [".", istio-system]
                gateways: [mesh, istio-system/warden-egressgateway]
                tls:
                  - match: [{gateways: [mesh], port: 443, sniHosts: [api.vendor.example]}]
                    route:
                      - destination:
                          host: istio-egressgateway.istio-system.svc.cluster.local
                          subset: vendor-api
                          port: {number: 443}
                tcp:
                  - match: [{gateways: [istio-system/warden-egressgateway], port: 443}]
                    route: [{destination: {host: api.vendor.example, port: {number: 443}}}]
                """));
        assertThat(find(compilation, "shop", "VirtualService", "warden-vendor-api").object()
                .path("metadata").path("annotations").path(Manifest.IMPLEMENTS).asText()).isEqualTo("vendor-api");
    }

    @Test
    void the_http_record_is_routed_by_host_through_the_gateway() throws Exception {
        Compilation compilation = IstioTarget.compile(mesh());

        assertThat(spec(compilation, "reports", "ServiceEntry", "warden-status-feed").path("ports")).isEqualTo(yaml("""
                [{number: 80, name: http-80, protocol: HTTP}]
                """));
        assertThat(spec(compilation, "reports", "VirtualService", "warden-status-feed")).isEqualTo(yaml("""
                hosts: [status.vendor.example]
                exportTo: [".", istio-system]
                gateways: [mesh, istio-system/warden-egressgateway]
                http:
                  - match: [{gateways: [mesh], port: 80}]
                    route:
                      - destination:
                          host: istio-egressgateway.istio-system.svc.cluster.local
                          subset: status-feed
                          port: {number: 80}
                  - match: [{gateways: [istio-system/warden-egressgateway], port: 80}]
                    route: [{destination: {host: status.vendor.example, port: {number: 80}}}]
                """));
    }

    @Test
    void the_gateway_has_one_mutual_tls_server_per_host_bound_to_the_source_namespace() throws Exception {
        Compilation compilation = IstioTarget.compile(mesh());

        assertThat(spec(compilation, "istio-system", "Gateway", "warden-egressgateway")).isEqualTo(yaml("""
                selector: {istio: egressgateway}
                servers:
                  - port: {number: 80, name: https-80-status-vendor-example, protocol: HTTPS}
                    hosts: [reports/status.vendor.example]
                    tls: {mode: ISTIO_MUTUAL}
                  - port: {number: 443, name: tls-443-api-vendor-example, protocol: TLS}
                    hosts: [shop/api.vendor.example]
                    tls: {mode: ISTIO_MUTUAL}
                """));
    }

    @Test
    void the_gateway_admits_each_spiffe_principal_only_for_its_own_hosts() throws Exception {
        Manifest policy = find(IstioTarget.compile(mesh()), "istio-system", "AuthorizationPolicy", "warden-egressgateway");

        assertThat(policy.object().get("spec")).isEqualTo(yaml("""
                selector: {matchLabels: {istio: egressgateway}}
                action: ALLOW
                rules:
                  - from: [{source: {principals: [cluster.local/ns/reports/sa/reporter]}}]
                    to: [{operation: {hosts: [status.vendor.example]}}]
                  - from: [{source: {principals: [cluster.local/ns/shop/sa/checkout]}}]
                    when: [{key: connection.sni, values: [api.vendor.example]}]
                """));
        assertThat(policy.object().path("metadata").path("annotations").path(Manifest.IMPLEMENTS).asText())
                .isEqualTo("status-feed,vendor-api");
    }

    @Test
    void the_source_namespace_is_registry_only_and_its_direct_path_closed() throws Exception {
        Compilation compilation = IstioTarget.compile(mesh());

        assertThat(spec(compilation, "shop", "Sidecar", "default")).isEqualTo(yaml("""
                egress: [{hosts: ["./*", "istio-system/*"]}]
                outboundTrafficPolicy: {mode: REGISTRY_ONLY}
                """));
        assertThat(spec(compilation, "shop", "NetworkPolicy", "warden-default-deny-egress")).isEqualTo(yaml("""
                podSelector: {}
                policyTypes: [Egress]
                """));
        assertThat(spec(compilation, "shop", "NetworkPolicy", "warden-dns-to-cluster-dns")).isEqualTo(yaml("""
                podSelector: {}
                policyTypes: [Egress]
                egress:
                  - to:
                      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
                        podSelector: {matchLabels: {k8s-app: kube-dns}}
                    ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
                """));
        assertThat(spec(compilation, "shop", "NetworkPolicy", "warden-mesh-egress-gateway")).isEqualTo(yaml("""
                podSelector: {}
                policyTypes: [Egress]
                egress:
                  - to:
                      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: istio-system}}
                        podSelector: {matchLabels: {istio: egressgateway}}
                  - to:
                      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: istio-system}}
                        podSelector: {matchLabels: {app: istiod}}
                """));
    }

    @Test
    void a_record_with_several_hosts_gets_a_subset_route_and_server_per_host() {
        Compilation compilation = IstioTarget.compile(registry(record("vendor-api", "{namespace: shop, serviceAccount: checkout}",
                "{hosts: [b.vendor.example, a.vendor.example], ports: [{port: 443}]}", "TLS")));

        assertThat(compilation.problems()).isEmpty();
        assertThat(spec(compilation, "shop", "DestinationRule", "warden-vendor-api").path("subsets").findValuesAsText("sni"))
                .containsExactly("b.vendor.example", "a.vendor.example");
        assertThat(spec(compilation, "shop", "VirtualService", "warden-vendor-api-1").path("hosts").toString())
                .isEqualTo("[\"b.vendor.example\"]");
        assertThat(spec(compilation, "shop", "VirtualService", "warden-vendor-api-2").path("tcp").findValuesAsText("host"))
                .containsExactly("a.vendor.example");
        assertThat(spec(compilation, "istio-system", "Gateway", "warden-egressgateway").path("servers").findValuesAsText("name"))
                .containsExactly("tls-443-a-vendor-example", "tls-443-b-vendor-example");
        assertThat(spec(compilation, "istio-system", "AuthorizationPolicy", "warden-egressgateway")
                .path("rules").get(0).path("when").get(0).path("values").toString())
                .isEqualTo("[\"b.vendor.example\",\"a.vendor.example\"]");
    }

    @Test
    void records_the_gateway_cannot_route_or_authorize_are_problems_naming_them() {
        Compilation compilation = IstioTarget.compile(registry(
                record("no-account", "{namespace: shop, podSelector: {matchLabels: {app: shop}}}",
                        "{hosts: [api.vendor.example], ports: [{port: 443}]}", "HTTPS"),
                record("wrong-port", "{namespace: shop, serviceAccount: shop}",
                        "{hosts: [api.vendor.example], ports: [{port: 8443}]}", "HTTPS"),
                record("raw-tcp", "{namespace: shop, serviceAccount: shop}",
                        "{hosts: [db.vendor.example], ports: [{port: 5432}]}", "TCP")));

        assertThat(compilation.problems()).containsExactly(
                "record no-account names no source.serviceAccount, so the egress gateway has no SPIFFE principal to"
                        + " admit; add the workload's service account",
                "record raw-tcp speaks TCP, which carries no name the egress gateway can route or authorize by;"
                        + " choose path egress-gateway or nat",
                "record wrong-port allows ports [8443/TCP], but the Istio target routes HTTPS and TLS on 443 by SNI and"
                        + " HTTP on 80 by host; set destination.ports to [{port: 443}]");
        // Nothing is routed, but the namespace is still closed: failing closed, not open.
        assertThat(compilation.manifests()).extracting(Manifest::kind).containsOnly("Sidecar", "NetworkPolicy");
    }

    @ParameterizedTest
    @MethodSource("dev.warden.compile.KubernetesTargetTest#examples")
    void the_examples_have_no_mesh_records_and_get_nothing(String example) {
        Compilation compilation = IstioTarget.compile(KubernetesTargetTest.example(example));

        assertThat(compilation.manifests()).isEmpty();
        assertThat(compilation.problems()).isEmpty();
    }

    @Test
    void output_is_byte_identical_across_runs() {
        assertThat(ManifestWriter.render(IstioTarget.compile(mesh()).manifests()))
                .isEqualTo(ManifestWriter.render(IstioTarget.compile(mesh()).manifests()))
                .containsKey(java.nio.file.Path.of("istio", "istio-system", "authorizationpolicy.yaml"));
    }

    @Test
    void every_object_validates_against_its_published_schema() {
        List<Manifest> manifests = IstioTarget.compile(mesh()).manifests();
        for (Manifest manifest : manifests) {
            assertThat(PublishedSchemas.problems(manifest)).as(manifest.namespace() + "/" + manifest.kind() + "/"
                    + manifest.name()).isEmpty();
        }
    }

    @Test
    void the_schema_check_can_fail() {
        Manifest entry = find(IstioTarget.compile(mesh()), "shop", "ServiceEntry", "warden-vendor-api");
        ((ObjectNode) entry.object().get("spec")).put("resolution", "SOMETIMES");

        assertThat(PublishedSchemas.problems(entry)).isNotEmpty();
    }

    @Test
    void the_direct_path_is_closed_for_the_bypass_checker() {
        assertThat(BypassCheck.check(IstioTarget.compile(mesh()).manifests())).isEmpty();
    }

    static Stream<String> sourceNamespaces() {
        return Stream.of("shop", "reports");
    }

    @ParameterizedTest
    @MethodSource("sourceNamespaces")
    void removing_a_default_deny_is_a_gap_in_that_namespace(String namespace) {
        List<Manifest> manifests = new ArrayList<>(IstioTarget.compile(mesh()).manifests());
        Manifest deny = find(new Compilation(manifests, List.of()), namespace, "NetworkPolicy", "warden-default-deny-egress");
        manifests.remove(deny);

        assertThat(BypassCheck.check(manifests)).extracting(BypassCheck.Gap::namespace).containsExactly(namespace);
    }
}
