package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** warden analyze --can-reach on what warden compile wrote for the payments reference, and the workloads beside it. */
class AnalyzeCommandTest {
    private static final String DEPLOYED = Path.of("..", "examples", "deployed").toString();

    @Test
    void the_worker_may_reach_the_gateway_port_and_the_gateway_admits_it() {
        WardenRun run = WardenRun.of("analyze", DEPLOYED, "--can-reach", "payments/payment-worker",
                "warden-system/warden-gateway:3128/TCP");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("""
                egress: allowed by payments/warden-payment-vendor
                ingress: allowed: not isolated (no policy selects it for Ingress)
                allowed
                """);
    }

    @Test
    void a_direct_connection_to_the_vendor_is_denied_naming_the_isolating_policies() {
        WardenRun run = WardenRun.of("analyze", DEPLOYED, "--can-reach", "payments/payment-worker", "203.0.113.10:443/TCP");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("""
                egress: denied: isolated by payments/warden-default-deny-egress, payments/warden-dns-to-cluster-dns, \
                payments/warden-payment-vendor, no rule matches
                denied
                """);
    }

    @Test
    void json_names_the_policies_of_each_side() {
        WardenRun run = WardenRun.of("analyze", DEPLOYED, "--can-reach", "payments/payment-worker",
                "kube-system/coredns:53/UDP", "--format", "json");

        assertThat(run.out().trim()).isEqualTo("{\"egress\":{\"allowed\":true,\"policies\":[\"payments/warden-dns-to-cluster-dns\"]},"
                + "\"ingress\":{\"allowed\":true,\"policies\":[]},\"allowed\":true}");
    }

    @Test
    void an_unknown_source_or_a_destination_without_a_port_is_a_usage_error() {
        assertThat(WardenRun.of("analyze", DEPLOYED, "--can-reach", "payments/nobody", "1.2.3.4:80/TCP").err())
                .contains("SRC payments/nobody is not a Pod or workload in the manifests");
        WardenRun noPort = WardenRun.of("analyze", DEPLOYED, "--can-reach", "payments/payment-worker", "1.2.3.4");
        assertThat(noPort.exitCode()).isEqualTo(2);
        assertThat(noPort.err()).contains("needs a port and protocol");
    }

    @Test
    void a_malformed_manifest_is_an_input_error_at_its_line(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: three}\n");

        WardenRun run = WardenRun.of("analyze", dir.toString(), "--can-reach", "default/web", "1.2.3.4:80/TCP");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("bad.yaml:1: Deployment default/web: spec.replicas: expected an integer");
    }

    private static final String PROBES = Path.of("..", "examples", "deployed-probes.yaml").toString();

    @Test
    void probes_are_answered_in_input_order_as_a_truth_table() {
        WardenRun run = WardenRun.of("analyze", DEPLOYED, "--probes", PROBES);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().map(line -> line.replaceAll(" +", " ").trim()).toList()).containsExactly(
                "FROM TO PORT EGRESS INGRESS VERDICT",
                "payments/payment-worker warden-system/warden-gateway 3128/TCP allow allow allowed",
                "payments/payment-worker kube-system/coredns 53/UDP allow allow allowed",
                "payments/payment-worker 203.0.113.10 443/TCP deny - denied",
                "payments/payment-worker 169.254.169.254 80/TCP deny - denied",
                "warden-system/warden-gateway 203.0.113.10 443/TCP allow - allowed",
                "warden-system/warden-gateway 10.96.0.1 443/TCP deny - denied");
    }

    @Test
    void probes_as_json_lines_carry_the_probe_they_answer() {
        WardenRun run = WardenRun.of("analyze", DEPLOYED, "--probes", PROBES, "--format", "json");

        assertThat(run.out().lines().toList()).hasSize(6);
        assertThat(run.out().lines().toList().get(2)).isEqualTo("{\"egress\":{\"allowed\":false,\"policies\":["
                + "\"payments/warden-default-deny-egress\",\"payments/warden-dns-to-cluster-dns\",\"payments/warden-payment-vendor\"]},"
                + "\"ingress\":null,\"allowed\":false,\"probe\":{\"from\":\"payments/payment-worker\",\"toIP\":\"203.0.113.10\","
                + "\"port\":443,\"protocol\":\"TCP\"}}");
    }

    @Test
    void a_probe_that_cannot_be_read_is_an_input_error_naming_it(@TempDir Path dir) throws Exception {
        Path probes = dir.resolve("probes.yaml");
        Files.writeString(probes, "- {from: payments/payment-worker, to: kube-system/coredns, toIP: 1.2.3.4, port: 53}\n");

        WardenRun run = WardenRun.of("analyze", DEPLOYED, "--probes", probes.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("probes.yaml: probe 1 needs from and exactly one of to (namespace/name) or toIP");
    }

    @Test
    void without_a_question_the_findings_are_listed_and_exit_one() {
        WardenRun run = WardenRun.of("analyze", DEPLOYED);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out().lines().filter(line -> !line.startsWith(" ")).toList()).containsExactly(
                "high: kube-system/coredns: metadata-reachable",
                "medium: kube-system: no-default-deny-egress",
                "2 findings in 3 workloads, 6 network policies");
    }

    @Test
    void json_carries_the_findings_with_their_locations_and_the_whole_matrix() throws Exception {
        WardenRun run = WardenRun.of("analyze", DEPLOYED, "--format", "json");
        var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());

        var findings = report.path("findings");
        assertThat(findings).hasSize(2);
        assertThat(findings.get(1).path("id").asText()).isEqualTo("no-default-deny-egress");
        assertThat(findings.get(1).path("subject").asText()).isEqualTo("kube-system");
        assertThat(findings.get(1).path("severity").asText()).isEqualTo("MEDIUM");
        assertThat(findings.get(1).path("objects").get(0).path("source").path("line").asInt()).isEqualTo(33);
        assertThat(findings.get(1).path("objects").get(0).path("source").path("file").asText()).endsWith("workloads.yaml");

        var matrix = report.path("matrix");
        assertThat(matrix.path("columns").findValuesAsText("name")).containsExactly(
                "kube-system", "payments", "warden-system", "internet", "metadata", "private network", "cluster DNS");
        // the worker reaches cluster DNS and the gateway, nothing else; the gateway, the internet
        assertThat(matrix.path("rows").get(1).path("id").asText()).isEqualTo("payments/payment-worker");
        assertThat(matrix.path("rows").get(1).path("reached").toString()).isEqualTo("[1,0,1,0,0,0,1]");
        assertThat(matrix.path("rows").get(2).path("id").asText()).isEqualTo("warden-system/warden-gateway");
        assertThat(matrix.path("rows").get(2).path("reached").toString()).isEqualTo("[1,0,0,1,0,0,1]");
    }

    @Test
    void sarif_points_code_scanning_at_the_manifest_line() throws Exception {
        WardenRun run = WardenRun.of("analyze", DEPLOYED, "--format", "sarif");
        var sarif = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        var result = sarif.path("runs").get(0).path("results").get(0);
        assertThat(result.path("ruleId").asText()).isEqualTo("metadata-reachable");
        var location = result.path("locations").get(0).path("physicalLocation");
        // relative to the working directory when under it; the test runs in cli/, beside examples/
        assertThat(location.path("artifactLocation").path("uri").asText())
                .startsWith("file:///").endsWith("/examples/deployed/workloads.yaml");
        assertThat(location.path("region").path("startLine").asInt()).isEqualTo(33);
    }

    @Test
    void html_and_sarif_answer_findings_not_reach_questions() {
        WardenRun run = WardenRun.of("analyze", DEPLOYED, "--format", "html", "--can-reach", "payments/payment-worker",
                "203.0.113.10:443/TCP");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--format html is for findings");
    }

    @Test
    void with_the_registry_the_undeclared_way_out_is_listed_too(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("findings.txt");
        WardenRun run = WardenRun.of("analyze", DEPLOYED, "--registry", Path.of("..", "examples", "payments").toString(),
                "--out", report.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(Files.readString(report).lines().filter(line -> !line.startsWith(" ")).toList())
                .containsExactly(
                        "high: kube-system/coredns: metadata-reachable",
                        "medium: kube-system: no-default-deny-egress",
                        "medium: kube-system/coredns: undeclared-external-destination",
                        "3 findings in 3 workloads, 6 network policies");
    }

    @Test
    void a_broken_registry_is_an_input_error_naming_the_field(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("vendor.yaml"), Files.readString(
                Path.of("..", "examples", "payments", "payment-vendor.yaml")).replace("path: egress-gateway", "path: teleport"));
        WardenRun run = WardenRun.of("analyze", DEPLOYED, "--registry", broken.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(broken + ":").contains("teleport");
    }
}
