package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileCommandTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    private static WardenRun run(String... args) {
        return WardenRun.of(args);
    }

    @Test
    void the_payments_reference_compiles_cleanly_and_twice_to_the_same_bytes(@TempDir Path dir) throws Exception {
        WardenRun first = run("compile", "--today=2026-11-25", "--out", dir.resolve("a").toString(),
                EXAMPLES.resolve("payments").toString());
        WardenRun second = run("compile", "--today=2026-11-25", "--out", dir.resolve("b").toString(),
                EXAMPLES.resolve("payments").toString());

        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("wrote " + dir.resolve("a/kubernetes/payments/networkpolicy.yaml"),
                "wrote " + dir.resolve("a/gateway/warden-system/configmap.yaml"));
        for (String file : new String[] {"kubernetes/payments/networkpolicy.yaml", "kubernetes/warden-system/networkpolicy.yaml",
                "gateway/warden-system/configmap.yaml"}) {
            assertThat(Files.readString(dir.resolve("a").resolve(file))).isEqualTo(Files.readString(dir.resolve("b").resolve(file)));
        }
        assertThat(second.exitCode()).isZero();
    }

    @Test
    void a_record_a_target_cannot_express_is_named_and_exits_one(@TempDir Path dir) {
        WardenRun result = run("compile", "--today=2026-11-25", "--target", "kubernetes", "--out", dir.toString(),
                EXAMPLES.resolve("platform").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("kubernetes: cannot express: record log-shipping leaves by nat but names its"
                + " destination only by host names");
        assertThat(dir.resolve("kubernetes/orders/networkpolicy.yaml")).exists();
    }

    @Test
    void a_registry_with_errors_is_not_compiled(@TempDir Path dir) {
        WardenRun result = run("compile", "--today=2026-11-25", "--out", dir.toString(), EXAMPLES.resolve("broken").toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("not compiled: the registry has 26 errors");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void an_unknown_target_is_a_usage_error_listing_the_targets(@TempDir Path dir) {
        WardenRun result = run("compile", "--target", "calico", "--out", dir.toString(), EXAMPLES.resolve("payments").toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("unknown target 'calico'; use kubernetes");
    }
    @Test
    void explain_prints_the_control_matrix_per_dependency_before_writing(@TempDir Path dir) {
        WardenRun result = run("compile", "--explain", "--today=2026-11-25", "--target", "kubernetes,gateway,nftables",
                "--out", dir.toString(), EXAMPLES.resolve("payments").toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).startsWith("payment-vendor (namespace payments, path egress-gateway)\n"
                + "  default deny               kubernetes NetworkPolicy          payments/warden-default-deny-egress\n"
                + "                             kubernetes NetworkPolicy          warden-system/warden-default-deny-egress\n"
                + "                             nftables node firewall            nftables/ruleset.nft: forward chain default drop\n");
        assertThat(result.out()).contains("\n                             warden gateway                    warden-system/"
                + "warden-gateway-registry: api.payment-vendor.example on 443/TCP (host name by CONNECT/Host and TLS SNI)\n",
                "\n  TLS verification           none — the client application must verify the destination's certificate");
        assertThat(result.out().indexOf("exception handling")).isLessThan(result.out().indexOf("wrote "));
        assertThat(dir.resolve("gateway/warden-system/configmap.yaml")).exists();
    }

    @Test
    void without_explain_no_matrix_is_printed(@TempDir Path dir) {
        WardenRun result = run("compile", "--today=2026-11-25", "--out", dir.toString(), EXAMPLES.resolve("payments").toString());

        assertThat(result.out()).startsWith("wrote ").doesNotContain("default deny");
    }
}
