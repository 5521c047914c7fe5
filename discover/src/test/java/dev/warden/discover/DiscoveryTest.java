package dev.warden.discover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.discover.Discovery.Report;
import dev.warden.discover.Discovery.Row;
import dev.warden.discover.Discovery.Status;
import dev.warden.model.finding.Finding;
import dev.warden.registry.LoadedRegistry;
import dev.warden.registry.RegistryLoader;
import dev.warden.registry.check.RegistryCheck;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real gateway and resolver logs of the local example, held against its registry. */
class DiscoveryTest {
    private static final Path LOGS = Path.of("src", "test", "resources", "logs");
    private static final Path AUDIT = LOGS.resolve("warden-audit.jsonl");
    private static final Path DNS = LOGS.resolve("warden-dns.jsonl");
    private static final Path LOCAL = Path.of("..", "examples", "local");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 26);

    private static LoadedRegistry local() {
        LoadedRegistry loaded = new RegistryLoader().load(List.of(LOCAL));
        assertThat(loaded.hasErrors()).isFalse();
        return loaded;
    }

    private static Report report(LoadedRegistry registry, List<LogReader.Problem> problems, Path... files) {
        Observations observations = new Observations();
        for (Path file : files) {
            problems.addAll(LogReader.read(file, observations::add));
        }
        return Discovery.compare(observations, registry == null ? null : registry.registry(), TODAY);
    }

    private static Row row(Report report, String workload, String destination) {
        return report.workloads().stream().filter(w -> w.caller().displayName().equals(workload))
                .flatMap(w -> w.rows().stream()).filter(r -> r.destination().equals(destination))
                .findFirst().orElseThrow(() -> new AssertionError(workload + " -> " + destination + " not in " + report));
    }

    @Test
    void the_allowed_status_page_is_declared_by_its_record_and_seen_by_both_logs() {
        List<LogReader.Problem> problems = new ArrayList<>();
        Report report = report(local(), problems, AUDIT, DNS);

        assertThat(problems).isEmpty();
        Row status = row(report, "payments/payment-worker", "status.payment-vendor.test:8080");
        assertThat(status.status()).isEqualTo(Status.DECLARED);
        assertThat(status.record()).isEqualTo("vendor-status");
        assertThat(status.seenBy()).containsExactly("gateway", "dns");
        assertThat(status.decisions()).containsEntry("allow", 1L);
    }

    @Test
    void the_vendorless_host_is_undeclared_the_other_teams_call_is_denied_and_dns_only_names_show() {
        Report report = report(local(), new ArrayList<>(), AUDIT, DNS);

        Row example = row(report, "payments/payment-worker", "example.com:80");
        assertThat(example.status()).isEqualTo(Status.UNDECLARED);
        assertThat(example.protocol()).isEqualTo("http");
        assertThat(example.decisions()).containsEntry("deny", 1L);

        Row cart = row(report, "shop/cart", "status.payment-vendor.test:8080");
        assertThat(cart.status()).isEqualTo(Status.DENIED_BY_REGISTRY);
        assertThat(cart.record()).isEqualTo("vendor-status");
        assertThat(cart.reason()).contains("no record allows shop/cart");

        Row unknown = row(report, "payments/payment-worker", "api.unknown.example");
        assertThat(unknown.port()).isNull();
        assertThat(unknown.seenBy()).containsExactly("dns");
        assertThat(unknown.status()).isEqualTo(Status.UNDECLARED);
        assertThat(report.count(Status.DECLARED)).isEqualTo(1);
    }

    @Test
    void without_a_registry_everything_is_undeclared() {
        Report report = report(null, new ArrayList<>(), AUDIT, DNS);

        assertThat(report.count(Status.UNDECLARED)).isEqualTo(report.destinations()).isEqualTo(4);
    }

    @Test
    void the_proposed_records_load_and_pass_check_beside_the_local_posture() throws Exception {
        Report report = report(local(), new ArrayList<>(), AUDIT, DNS);
        String yaml = Proposals.yaml(report, TODAY);

        assertThat(yaml).contains("name: payment-worker-example-com", "hosts: [\"example.com\"]",
                "- {port: 80, protocol: TCP}", "protocol: HTTP", "path: egress-gateway", "mode: report-only",
                "serviceAccount: \"payment-worker-sa\"", "lastReviewed: 2026-11-26");
        assertThat(yaml).doesNotContain("hosts: [\"api.unknown.example\"]").contains("api.unknown.example: seen only in DNS");
        assertThat(yaml).doesNotContain("status.payment-vendor.test\"]");

        LoadedRegistry proposed = new RegistryLoader().load("proposed.yaml",
                new StringReader(posture() + "---\n" + yaml));
        assertThat(proposed.findings()).isEmpty();
        assertThat(proposed.registry().dependencies()).hasSize(1);
        List<Finding> errors = RegistryCheck.check(proposed, TODAY).stream().filter(Finding::isError).toList();
        assertThat(errors).isEmpty();
    }

    @Test
    void proposals_and_the_registry_together_admit_what_was_proposed(@TempDir Path dir) throws Exception {
        Report before = report(local(), new ArrayList<>(), AUDIT, DNS);
        Files.writeString(dir.resolve("proposed.yaml"), Proposals.yaml(before, TODAY));
        LoadedRegistry both = new RegistryLoader().load(List.of(LOCAL, dir));
        assertThat(RegistryCheck.check(both, TODAY).stream().filter(Finding::isError).toList()).isEmpty();

        Report after = report(both, new ArrayList<>(), AUDIT, DNS);
        // a report-only record still admits what it lists; report-only only changes what it denies
        assertThat(row(after, "payments/payment-worker", "example.com:80").status()).isEqualTo(Status.DECLARED);
    }

    @Test
    void unreadable_lines_are_reported_by_file_and_line_and_the_rest_is_kept(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(AUDIT));
        lines.add(1, "{not json");
        lines.add(3, "{\"event.action\":\"http-request\",\"kubernetes.namespace\":\"payments\","
                + "\"destination.domain\":\"bad_name!\",\"destination.port\":443}");
        lines.add("");
        lines.add("[1,2]");
        Path audit = dir.resolve("audit.jsonl");
        Files.write(audit, lines);

        List<LogReader.Problem> problems = new ArrayList<>();
        Report report = report(local(), problems, audit, DNS);

        assertThat(problems).extracting(Object::toString).satisfiesExactly(
                first -> assertThat(first).startsWith(audit + ":2: not JSON"),
                second -> assertThat(second).startsWith(audit + ":4: destination.domain \"bad_name!\""),
                third -> assertThat(third).isEqualTo(audit + ":7: expected one JSON object per line"));
        assertThat(report.destinations()).isEqualTo(4);
    }

    private static String posture() throws Exception {
        return Files.readString(LOCAL.resolve("posture.yaml"));
    }
}
