package dev.warden.compile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.model.registry.Registry;
import dev.warden.registry.LoadedRegistry;
import dev.warden.registry.RegistryLoader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

public class KubernetesTargetTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Registry example(String name) {
        LoadedRegistry loaded = new RegistryLoader().load(List.of(Path.of("..", "examples", name)));
        assertThat(loaded.findings().stream().filter(finding -> finding.isError())).as(name).isEmpty();
        return loaded.registry();
    }

    static Stream<String> examples() {
        return Stream.of("payments", "platform", "local");
    }

    private static Manifest find(Compilation compilation, String namespace, String name) {
        return compilation.manifests().stream()
                .filter(manifest -> manifest.namespace().equals(namespace) && manifest.name().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + namespace + "/" + name + " in "
                        + compilation.manifests().stream().map(m -> m.namespace() + "/" + m.name()).toList()));
    }

    private static JsonNode yaml(String text) throws Exception {
        return JSON.readTree(JSON.writeValueAsString(new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(text)));
    }

    @Test
    void the_payments_reference_gets_default_deny_dns_and_the_gateway_only() throws Exception {
        Compilation compilation = KubernetesTarget.compile(example("payments"));

        assertThat(compilation.problems()).isEmpty();
        assertThat(compilation.manifests()).extracting(m -> m.namespace() + "/" + m.name()).containsExactly(
                "payments/warden-default-deny-egress", "payments/warden-dns-to-cluster-dns",
                "payments/warden-payment-vendor", "warden-system/warden-default-deny-egress",
                "warden-system/warden-dns-to-cluster-dns", "warden-system/warden-gateway-egress");
        assertThat(find(compilation, "payments", "warden-default-deny-egress").object().get("spec")).isEqualTo(yaml("""
                podSelector: {}
                policyTypes: [Egress]
                """));
        assertThat(find(compilation, "payments", "warden-dns-to-cluster-dns").object().get("spec")).isEqualTo(yaml("""
                podSelector: {}
                policyTypes: [Egress]
                egress:
                  - to:
                      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
                        podSelector: {matchLabels: {k8s-app: kube-dns}}
                    ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
                """));
        Manifest allow = find(compilation, "payments", "warden-payment-vendor");
        assertThat(allow.object().get("spec")).isEqualTo(yaml("""
                podSelector: {matchLabels: {app: payment-worker}}
                policyTypes: [Egress]
                egress:
                  - to:
                      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: warden-system}}
                        podSelector: {matchLabels: {app: warden-gateway}}
                    ports: [{protocol: TCP, port: 3128}]
                """));
        assertThat(allow.object().path("metadata").path("annotations").path(Manifest.IMPLEMENTS).asText())
                .isEqualTo("payment-vendor");
    }

    @Test
    void the_gateway_may_reach_public_addresses_on_its_records_ports_and_nothing_inside() {
        Manifest gateway = find(KubernetesTarget.compile(example("payments")), "warden-system", "warden-gateway-egress");
        JsonNode rule = gateway.object().path("spec").path("egress").get(0);

        assertThat(rule.path("ports").toString()).isEqualTo("[{\"protocol\":\"TCP\",\"port\":443}]");
        JsonNode v4 = rule.path("to").get(0).path("ipBlock");
        assertThat(v4.path("cidr").asText()).isEqualTo("0.0.0.0/0");
        assertThat(v4.path("except").toString()).contains("\"10.244.0.0/16\"", "\"10.96.0.0/12\"", "\"169.254.0.0/16\"");
    }

    @Test
    void a_host_name_only_record_on_the_nat_path_is_a_problem_naming_it() {
        LoadedRegistry loaded = new RegistryLoader().load("test.yaml", new StringReader("""
                apiVersion: warden.dev/v1alpha1
                kind: EgressPosture
                metadata: {name: cluster}
                spec:
                  defaultEgress: deny
                  clusterDns: {namespace: kube-system, podSelector: {matchLabels: {k8s-app: kube-dns}}}
                ---
                apiVersion: warden.dev/v1alpha1
                kind: EgressDependency
                metadata: {name: status-page}
                spec:
                  owner: team
                  service: shop
                  purpose: read a status page
                  class: public-saas
                  source: {namespace: shop, serviceAccount: shop}
                  destination: {hosts: [status.example.com], ports: [{port: 443}]}
                  protocol: HTTPS
                  path: nat
                  dataClassification: public
                  auth: none
                  tls: {verify: required}
                  availability: low
                  audit: [destination]
                  review: {cadence: annual, lastReviewed: 2026-10-01}
                """));

        Compilation compilation = KubernetesTarget.compile(loaded.registry());

        assertThat(compilation.problems()).containsExactly("record status-page leaves by nat but names its destination"
                + " only by host names, and a NetworkPolicy can only allow addresses: add destination.cidrs, or choose"
                + " path egress-gateway or http-proxy");
        assertThat(compilation.manifests()).extracting(Manifest::name)
                .containsExactly("warden-default-deny-egress", "warden-dns-to-cluster-dns");
    }

    @ParameterizedTest
    @MethodSource("examples")
    void every_object_validates_against_the_published_network_policy_schema(String example) {
        for (Manifest manifest : KubernetesTarget.compile(example(example)).manifests()) {
            assertThat(PublishedSchemas.problems(manifest)).as(manifest.namespace() + "/" + manifest.name()).isEmpty();
        }
    }

    @Test
    void the_schema_check_can_fail() {
        Manifest allow = find(KubernetesTarget.compile(example("payments")), "payments", "warden-payment-vendor");
        ((com.fasterxml.jackson.databind.node.ObjectNode) allow.object().get("spec")).put("egres", "typo");

        assertThat(PublishedSchemas.problems(allow)).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void output_is_byte_identical_across_runs(String example) {
        assertThat(ManifestWriter.render(KubernetesTarget.compile(example(example)).manifests()))
                .isEqualTo(ManifestWriter.render(KubernetesTarget.compile(example(example)).manifests()));
    }

    @Test
    void files_are_one_per_target_namespace_and_kind() {
        assertThat(ManifestWriter.render(KubernetesTarget.compile(example("payments")).manifests()).keySet())
                .containsExactly(Path.of("kubernetes", "payments", "networkpolicy.yaml"),
                        Path.of("kubernetes", "warden-system", "networkpolicy.yaml"));
    }
}
