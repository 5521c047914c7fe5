package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** warden discover on the real logs of the local example, end to end. */
class DiscoverCommandTest {
    private static final Path LOGS = Path.of("..", "discover", "src", "test", "resources", "logs");
    private static final String AUDIT = LOGS.resolve("warden-audit.jsonl").toString();
    private static final String DNS = LOGS.resolve("warden-dns.jsonl").toString();
    private static final String LOCAL = Path.of("..", "examples", "local").toString();

    @Test
    void the_table_shows_each_workloads_destinations_and_their_status() {
        WardenRun run = WardenRun.of("discover", AUDIT, "--dns-log", DNS, "--registry", LOCAL, "--today", "2026-11-26");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("payments/payment-worker (service account payment-worker-sa)", "shop/cart (service account cart)")
                .containsPattern("status\\.payment-vendor\\.test:8080 +tcp/http +gateway 1, dns 1 .* allow 1 +declared \\(vendor-status\\)")
                .containsPattern("example\\.com:80 +tcp/http +gateway 1 .* deny 1 +undeclared\\n")
                .containsPattern("api\\.unknown\\.example +dns +dns 1 .* undeclared")
                .containsPattern("denied-by-registry \\(vendor-status\\)\\n +no record allows shop/cart")
                .contains("4 destinations of 2 workloads: 1 declared, 2 undeclared, 1 denied by the registry");
    }

    @Test
    void json_lists_the_same_statuses() throws Exception {
        WardenRun run = WardenRun.of("discover", AUDIT, "--dns-log", DNS, "--registry", LOCAL, "--format", "json");

        JsonNode root = new ObjectMapper().readTree(run.out());
        assertThat(root.at("/summary/declared").asInt()).isEqualTo(1);
        assertThat(root.at("/summary/undeclared").asInt()).isEqualTo(2);
        assertThat(root.at("/summary/deniedByRegistry").asInt()).isEqualTo(1);
        assertThat(root.at("/workloads/1/namespace").asText()).isEqualTo("shop");
        assertThat(root.at("/workloads/1/destinations/0/status").asText()).isEqualTo("denied-by-registry");
    }

    @Test
    void the_proposed_yaml_passes_warden_check_beside_the_local_posture(@TempDir Path dir) throws Exception {
        WardenRun run = WardenRun.of("discover", AUDIT, "--dns-log", DNS, "--registry", LOCAL, "--format", "yaml",
                "--today", "2026-11-26");
        assertThat(run.exitCode()).isEqualTo(1);
        Files.writeString(dir.resolve("proposed.yaml"), run.out());
        Files.copy(Path.of(LOCAL, "posture.yaml"), dir.resolve("posture.yaml"));

        WardenRun check = WardenRun.of("check", dir.toString(), "--today", "2026-11-26");

        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("0 errors");
        assertThat(WardenRun.of("check", LOCAL, dir.resolve("proposed.yaml").toString(), "--today", "2026-11-26").exitCode())
                .isZero();
    }

    @Test
    void without_a_registry_everything_is_undeclared() {
        WardenRun run = WardenRun.of("discover", AUDIT);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("3 destinations of 2 workloads: 0 declared, 3 undeclared, 0 denied by the registry"
                + " (no --registry: everything is undeclared)");
    }

    @Test
    void unreadable_lines_are_named_after_the_full_report_and_exit_2(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(AUDIT)));
        lines.add(1, "garbage");
        Path audit = dir.resolve("audit.jsonl");
        Files.write(audit, lines);

        WardenRun run = WardenRun.of("discover", audit.toString(), "--registry", LOCAL);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith(audit + ":2: not JSON");
        assertThat(run.out()).contains("3 destinations of 2 workloads", "1 unreadable line skipped");
    }

    @Test
    void a_missing_log_is_a_usage_error() {
        WardenRun run = WardenRun.of("discover", "no-such.jsonl");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no-such.jsonl: no such file");
    }
}
