package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The check verb run in-process on the bundled examples, as a user runs it. */
class CheckCommandTest {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final String TODAY = "--today=2026-11-25";

    private static WardenRun run(String... args) {
        return WardenRun.of(args);
    }

    @Test
    void thePaymentsReferenceIsCleanAndExitsZero() {
        WardenRun result = run("check", TODAY, EXAMPLES.resolve("payments").toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("0 errors, 0 warnings in 1 dependency, 0 exceptions, 1 posture\n");
    }

    @Test
    void thePlatformExamplesAreClean() {
        WardenRun result = run("check", TODAY, EXAMPLES.resolve("platform").toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("0 errors, 0 warnings in 4 dependencies");
    }

    @Test
    void theBrokenExampleListsEveryPlantedProblemAndExitsOne() {
        WardenRun result = run("check", TODAY, EXAMPLES.resolve("broken").toString());

        assertThat(result.exitCode()).isEqualTo(Warden.EXIT_FINDINGS);
        String broken = EXAMPLES.resolve("broken") + "/";
        assertThat(result.out().lines().toList()).contains(
                broken + "dependencies.yaml:15:19: error: wildcard *.cards.example opens every name one label below it;"
                        + " a reviewer must set reviewed: true (§13) [wildcard-unreviewed]",
                broken + "dependencies.yaml:64:5: error: anyPublic allows every public address; give the reason"
                        + " (e.g. \"webhook delivery to customer URLs\") [any-public-reason]",
                broken + "exceptions.yaml:12:12: error: exception expired on 2025-01-31; remove it, or renew it with a"
                        + " fresh approval and expiry [exception-expired]",
                broken + "exceptions.yaml:24:12: warning: exception expires on 2026-12-03 (in 8 days); make the change"
                        + " permanent in the dependency record or let it lapse [exception-expiring]",
                broken + "structure.yaml:10:3: error: unknown field \"clss\" in spec; did you mean \"class\"? [unknown-field]",
                broken + "structure.yaml:16:16: error: spec.destination.ports[0].port: 70000 is out of range; allowed 1"
                        + " to 65535 [out-of-range]",
                broken + "structure.yaml:27:7: error: kind \"EgressDependancy\" is not a Warden registry kind; did you"
                        + " mean \"EgressDependency\"? [unknown-kind]");
        assertThat(rulesOf(result.out())).contains(
                "class-path", "hostname-unenforceable", "source-ip-path", "audit-needs", "review-overdue",
                "class-unknown", "dns-bypass", "private-reason", "duplicate-name", "source-selects-nothing",
                "exception-target", "default-egress-allow", "cluster-cidr-overlap", "workload-source-overlap",
                "missing-field", "invalid-value", "wildcard-reason");
        assertThat(result.out()).endsWith("26 errors, 5 warnings in 4 dependencies, 3 exceptions, 1 posture\n");
    }

    @Test
    void jsonOutputCarriesTheSameFindings() throws Exception {
        WardenRun text = run("check", TODAY, EXAMPLES.resolve("broken").toString());
        WardenRun json = run("check", TODAY, "--format", "json", EXAMPLES.resolve("broken").toString());

        JsonNode document = new ObjectMapper().readTree(json.out());
        assertThat(json.exitCode()).isEqualTo(Warden.EXIT_FINDINGS);
        assertThat(document.get("errors").asInt()).isEqualTo(26);
        assertThat(document.get("findings")).hasSize((int) text.out().lines().count() - 1);
        JsonNode first = document.get("findings").get(0);
        assertThat(first.get("file").asText()).endsWith("dependencies.yaml");
        assertThat(first.get("line").asInt()).isEqualTo(13);
        assertThat(first.get("column").asInt()).isEqualTo(13);
        assertThat(first.get("severity").asText()).isEqualTo("warning");
        assertThat(first.get("rule").asText()).isEqualTo("host-covered-by-wildcard");
    }

    @Test
    void explainShowsTheRecommendedPathAndWhatTheChosenPathGives() {
        WardenRun result = run("check", TODAY, "--explain", EXAMPLES.resolve("payments").toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("payment-vendor: chosen path egress-gateway\n")
                .contains("  recommended: egress-gateway, http-proxy (the chosen path is one of them)\n")
                .contains("§19: regulated third parties go through an egress gateway or proxy, with audit")
                .contains("stable source IP       high    high    the gateway's declared egress addresses")
                .contains("audit detail           medium  high    per connection: workload, SNI, bytes, duration;"
                        + " requests inside TLS are not seen  <- gap");
    }

    @Test
    void explainAsJsonListsRecommendationsAndGaps() throws Exception {
        WardenRun result = run("check", TODAY, "--explain", "--format=json", EXAMPLES.resolve("platform").toString());

        JsonNode explanations = new ObjectMapper().readTree(result.out()).get("explanations");
        assertThat(explanations).hasSize(4);
        JsonNode logs = explanations.get(0);
        assertThat(logs.get("dependency").asText()).isEqualTo("log-shipping");
        assertThat(logs.get("chosen").asText()).isEqualTo("nat");
        assertThat(logs.get("chosenIsRecommended").asBoolean()).isFalse();
        assertThat(logs.get("recommended")).extracting(JsonNode::asText).containsExactly("egress-gateway", "http-proxy");
        assertThat(logs.get("chosenProfile")).filteredOn(cell -> cell.get("gap").asBoolean())
                .extracting(cell -> cell.get("dimension").asText())
                .containsExactly("hostname policy", "audit detail");
    }

    @Test
    void aMissingPathIsAUsageErrorWithExitTwo() {
        WardenRun result = run("check", "no/such/registry");

        assertThat(result.exitCode()).isEqualTo(Warden.EXIT_USAGE);
        assertThat(result.err()).startsWith("warden: no/such/registry: no such file or folder\n");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        WardenRun result = run("check", "--colour", EXAMPLES.resolve("payments").toString());

        assertThat(result.exitCode()).isEqualTo(Warden.EXIT_USAGE);
        assertThat(result.err()).contains("Unknown option: '--colour'");
    }

    @Test
    void noVerbIsAUsageError() {
        assertThat(run().exitCode()).isEqualTo(Warden.EXIT_USAGE);
    }

    private static java.util.List<String> rulesOf(String out) {
        return out.lines().filter(line -> line.endsWith("]"))
                .map(line -> line.substring(line.lastIndexOf('[') + 1, line.length() - 1))
                .toList();
    }
}
