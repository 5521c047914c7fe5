package dev.warden.compile.cilium;

import static dev.warden.compile.KubernetesTargetTest.example;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.warden.compile.Compilation;
import dev.warden.compile.Manifest;
import dev.warden.compile.ManifestWriter;
import dev.warden.compile.PublishedSchemas;
import dev.warden.model.registry.Registry;
import dev.warden.registry.RegistryLoader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CiliumTargetTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POSTURE = """
            apiVersion: warden.dev/v1alpha1
            kind: EgressPosture
            metadata: {name: cluster}
            spec:
              defaultEgress: deny
              clusterDns: {namespace: kube-system, podSelector: {matchLabels: {k8s-app: kube-dns}}}
              podCidrs: [10.244.0.0/16]
              serviceCidrs: [10.96.0.0/12]
              cni: cilium
            """;

    static Stream<String> examples() {
        return Stream.of("payments", "platform", "local");
    }

    /** A registry of {@link #POSTURE} and one record in namespace shop, with {@code destination} and {@code extra} spec lines. */
    private static Registry record(String name, String destination, String extra) {
        return new RegistryLoader().load("test.yaml", new StringReader(POSTURE + """
                ---
                apiVersion: warden.dev/v1alpha1
                kind: EgressDependency
                metadata: {name: %s}
                spec:
                  owner: team
                  service: shop
                  purpose: a test
                  class: public-saas
                  source: {namespace: shop, serviceAccount: shop, podSelector: {matchLabels: {app: shop}}}
                  destination: %s
                  protocol: HTTPS
                  dataClassification: public
                  auth: none
                  tls: {verify: required}
                  availability: low
                  audit: [destination]
                  review: {cadence: annual, lastReviewed: 2026-10-01}
                """.formatted(name, destination) + extra)).registry();
    }

    private static Manifest find(Compilation compilation, String kind, String namespace, String name) {
        return compilation.manifests().stream()
                .filter(manifest -> manifest.kind().equals(kind) && Objects.equals(manifest.namespace(), namespace)
                        && manifest.name().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + namespace + "/" + name + " in "
                        + compilation.manifests().stream().map(CiliumTargetTest::describe).toList()));
    }

    private static String describe(Manifest manifest) {
        return manifest.kind() + " " + manifest.namespace() + "/" + manifest.name();
    }

    private static JsonNode yaml(String text) throws Exception {
        return JSON.readTree(JSON.writeValueAsString(new YAMLMapper().readTree(text)));
    }

    @Test
    void the_payments_reference_gets_default_deny_and_the_gateway_with_dns_for_its_one_name() throws Exception {
        Compilation compilation = CiliumTarget.compile(example("payments"));

        assertThat(compilation.problems()).isEmpty();
        assertThat(compilation.manifests()).extracting(CiliumTargetTest::describe).containsExactly(
                "CiliumNetworkPolicy payments/warden-default-deny-egress",
                "CiliumNetworkPolicy payments/warden-payment-vendor");
        assertThat(find(compilation, "CiliumNetworkPolicy", "payments", "warden-default-deny-egress").object().get("spec"))
                .isEqualTo(yaml("""
                        endpointSelector: {}
                        enableDefaultDeny: {egress: true, ingress: false}
                        egress: [{}]
                        """));
        Manifest allow = find(compilation, "CiliumNetworkPolicy", "payments", "warden-payment-vendor");
        assertThat(allow.object().get("spec")).isEqualTo(yaml("""
                endpointSelector:
                  matchLabels: {"k8s:app": payment-worker, "k8s:io.cilium.k8s.policy.serviceaccount": payment-worker-sa}
                egress:
                  - toEndpoints:
                      - matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, "k8s:k8s-app": kube-dns}
                    toPorts:
                      - ports: [{port: "53", protocol: ANY}]
                        rules:
                          dns: [{matchName: api.payment-vendor.example}]
                  - toEndpoints:
                      - matchLabels: {"k8s:io.kubernetes.pod.namespace": warden-system, "k8s:app": warden-gateway}
                    toPorts:
                      - ports: [{port: "3128", protocol: TCP}]
                """));
        assertThat(allow.object().path("apiVersion").asText()).isEqualTo("cilium.io/v2");
        assertThat(allow.object().path("metadata").path("annotations")).isEqualTo(yaml("""
                warden.dev/control: allow
                warden.dev/implements: payment-vendor
                """));
    }

    @Test
    void names_on_the_nat_path_become_to_fqdns_and_the_dns_rule_allows_exactly_them() throws Exception {
        Manifest logs = find(CiliumTarget.compile(example("platform")), "CiliumNetworkPolicy", "observability",
                "warden-log-shipping");

        assertThat(logs.object().path("spec").path("egress")).isEqualTo(yaml("""
                - toEndpoints:
                    - matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, "k8s:k8s-app": kube-dns}
                  toPorts:
                    - ports: [{port: "53", protocol: ANY}]
                      rules:
                        dns: [{matchName: intake.logs.example}, {matchPattern: "*.intake.logs.example"}]
                - toFQDNs: [{matchName: intake.logs.example}, {matchPattern: "*.intake.logs.example"}]
                  toPorts:
                    - ports: [{port: "443", protocol: TCP}]
                """));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void no_dns_rule_ever_allows_every_name(String example) {
        for (Manifest manifest : CiliumTarget.compile(example(example)).manifests()) {
            assertThat(manifest.object().findValuesAsText("matchPattern")).as(describe(manifest)).doesNotContain("*");
        }
    }

    @Test
    void an_unreviewed_wildcard_is_left_out_with_a_problem() {
        Compilation compilation = CiliumTarget.compile(record("status-page", """
                {hosts: [status.example.com], wildcards: [{pattern: "*.cdn.example.com", reviewed: false, reason: r}],
                   ports: [{port: 443}]}""", "  path: nat\n"));

        assertThat(compilation.problems()).containsExactly("record status-page has the unreviewed wildcard"
                + " *.cdn.example.com, which is left out of its toFQDNs and DNS rules; review it (reviewed: true and a reason)");
        Manifest allow = find(compilation, "CiliumNetworkPolicy", "shop", "warden-status-page");
        assertThat(allow.object().findValuesAsText("matchPattern")).isEmpty();
        assertThat(allow.object().findValuesAsText("matchName")).containsExactly("status.example.com", "status.example.com");
    }

    @Test
    void a_host_name_only_record_that_needs_a_stable_source_ip_is_a_problem_and_gets_no_egress_gateway() {
        Compilation compilation = CiliumTarget.compile(record("vendor", "{hosts: [api.vendor.example], ports: [{port: 443}]}",
                "  path: nat\n  sourceIp: {required: true, allowlistedBy: vendor}\n"));

        assertThat(compilation.problems()).containsExactly("record vendor needs a stable source IP, but Cilium's egress"
                + " gateway matches destination CIDRs, not names (api.vendor.example); add destination.cidrs or use path"
                + " egress-gateway");
        assertThat(compilation.manifests()).extracting(Manifest::kind).doesNotContain(EgressGatewayPolicies.KIND);
    }

    @Test
    void a_record_with_cidrs_that_needs_a_stable_source_ip_gets_an_egress_gateway_policy() throws Exception {
        Compilation compilation = CiliumTarget.compile(record("vendor",
                "{cidrs: [203.0.113.0/24, 2001:db8::/32], ports: [{port: 8443, endPort: 8444}]}",
                "  path: nat\n  sourceIp: {required: true, allowlistedBy: vendor}\n"));

        assertThat(compilation.problems()).containsExactly("record vendor needs a stable source IP for 2001:db8::/32, but"
                + " the CiliumEgressGatewayPolicy schema published for Cilium 1.17 takes IPv4 destinations only; that"
                + " traffic leaves from node addresses");
        Manifest gateway = find(compilation, EgressGatewayPolicies.KIND, null, "warden-vendor");
        assertThat(gateway.object().get("spec")).isEqualTo(yaml("""
                selectors:
                  - podSelector:
                      matchLabels: {app: shop, io.cilium.k8s.policy.serviceaccount: shop, io.kubernetes.pod.namespace: shop}
                destinationCIDRs: [203.0.113.0/24]
                egressGateway:
                  nodeSelector: {matchLabels: {warden.dev/egress-gateway-node: "true"}}
                """));
        assertThat(gateway.control()).isEqualTo("stable-source-ip");
        assertThat(find(compilation, "CiliumNetworkPolicy", "shop", "warden-vendor").object().path("spec").path("egress"))
                .isEqualTo(yaml("""
                        - toCIDRSet: [{cidr: 2001:db8::/32}, {cidr: 203.0.113.0/24}]
                          toPorts:
                            - ports: [{port: "8443", endPort: 8444, protocol: TCP}]
                        """));
        assertThat(PublishedSchemas.problems(gateway)).isEmpty();
    }

    @Test
    void a_cloud_nat_with_fixed_addresses_already_gives_the_stable_source_ip() {
        Registry registry = new RegistryLoader().load("test.yaml", new StringReader(POSTURE
                + "  nat: {egressIps: [198.51.100.20]}\n" + """
                ---
                apiVersion: warden.dev/v1alpha1
                kind: EgressDependency
                metadata: {name: vendor}
                spec:
                  owner: team
                  service: shop
                  purpose: a test
                  class: public-saas
                  source: {namespace: shop, serviceAccount: shop}
                  destination: {hosts: [api.vendor.example], ports: [{port: 443}]}
                  protocol: HTTPS
                  path: nat
                  sourceIp: {required: true, allowlistedBy: vendor}
                  dataClassification: public
                  auth: none
                  tls: {verify: required}
                  availability: low
                  audit: [destination]
                  review: {cadence: annual, lastReviewed: 2026-10-01}
                """)).registry();

        Compilation compilation = CiliumTarget.compile(registry);

        assertThat(compilation.problems()).isEmpty();
        assertThat(compilation.manifests()).extracting(Manifest::kind).doesNotContain(EgressGatewayPolicies.KIND);
    }

    @Test
    void any_public_address_excludes_private_metadata_and_cluster_ranges() {
        Compilation compilation = CiliumTarget.compile(record("hooks",
                "{anyPublic: {reason: customer webhooks}, ports: [{port: 443}]}", "  path: nat\n"));

        JsonNode egress = find(compilation, "CiliumNetworkPolicy", "shop", "warden-hooks").object().path("spec").path("egress");
        assertThat(egress).hasSize(1);
        JsonNode v4 = egress.get(0).path("toCIDRSet").get(0);
        assertThat(v4.path("cidr").asText()).isEqualTo("0.0.0.0/0");
        assertThat(v4.path("except").toString()).contains("\"10.0.0.0/8\"", "\"169.254.0.0/16\"", "\"10.244.0.0/16\"",
                "\"10.96.0.0/12\"");
        assertThat(egress.get(0).has("toEntities")).isFalse();
    }

    @Test
    void a_report_only_record_is_a_problem_because_cilium_policies_always_enforce() {
        Compilation compilation = CiliumTarget.compile(record("status", "{cidrs: [203.0.113.0/24], ports: [{port: 443}]}",
                "  path: nat\n  mode: report-only\n"));

        assertThat(compilation.problems()).singleElement().asString().startsWith("record status is report-only");
    }

    @ParameterizedTest
    @MethodSource("examples")
    void every_object_validates_against_the_published_cilium_schemas(String example) {
        List<Manifest> manifests = new ArrayList<>(CiliumTarget.compile(example(example)).manifests());
        assertThat(manifests).isNotEmpty();
        for (Manifest manifest : manifests) {
            assertThat(PublishedSchemas.problems(manifest)).as(describe(manifest)).isEmpty();
        }
    }

    @Test
    void the_schema_check_can_fail() {
        Manifest allow = find(CiliumTarget.compile(example("payments")), "CiliumNetworkPolicy", "payments",
                "warden-payment-vendor");
        ObjectNode dns = (ObjectNode) allow.object().path("spec").path("egress").get(0);
        dns.set("toEndpoint", dns.remove("toEndpoints"));

        assertThat(PublishedSchemas.problems(allow)).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void output_is_byte_identical_across_runs(String example) {
        assertThat(ManifestWriter.render(CiliumTarget.compile(example(example)).manifests()))
                .isEqualTo(ManifestWriter.render(CiliumTarget.compile(example(example)).manifests()));
    }

    /**
     * Cilium's CRD types ports as strings: "53" written as a bare 53 would read back as a number,
     * which the API server refuses; ManifestWriter quotes number-like strings for that.
     */
    @ParameterizedTest
    @MethodSource("examples")
    void the_written_yaml_reads_back_as_the_same_objects(String example) throws Exception {
        List<Manifest> manifests = CiliumTarget.compile(example(example)).manifests();
        List<JsonNode> read = new ArrayList<>();
        for (String text : ManifestWriter.render(manifests).values()) {
            for (String document : text.split("(?m)^---\\n")) {
                if (!document.isBlank()) {
                    read.add(yaml(document));
                }
            }
        }

        assertThat(read).containsExactlyInAnyOrderElementsOf(manifests.stream().map(m -> (JsonNode) m.object()).toList());
    }

    @Test
    void files_are_one_per_namespace_and_kind_with_egress_gateway_policies_cluster_scoped() {
        Compilation compilation = CiliumTarget.compile(record("vendor", "{cidrs: [203.0.113.0/24], ports: [{port: 443}]}",
                "  path: nat\n  sourceIp: {required: true, allowlistedBy: vendor}\n"));

        assertThat(ManifestWriter.render(compilation.manifests()).keySet()).containsExactly(
                Path.of("cilium", "_cluster", "ciliumegressgatewaypolicy.yaml"),
                Path.of("cilium", "shop", "ciliumnetworkpolicy.yaml"));
    }
}
