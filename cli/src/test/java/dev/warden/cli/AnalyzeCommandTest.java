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
}
