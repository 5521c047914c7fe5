package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.lab.Preflight;
import dev.warden.lab.net.Netns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code warden lab proxy-only} and {@code warden lab default-deny}, end to end on this host: namespaces, the compiled ruleset in the
 * node, the built warden.jar as the gateway and resolver, nginx, and the probes. An integration
 * test because the lab runs the packaged program, which exists only after {@code package}.
 * Requires root and the tools {@link Preflight} lists; a missing one fails the test. Whatever
 * happens, no lab namespace is left afterwards.
 */
class LabIT {
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void proxyOnlyPassesEveryStepAndLeavesNothingBehind(@TempDir Path out) throws Exception {
        assertThat(Preflight.problems()).as("this host can run labs").isEmpty();

        WardenRun run = WardenRun.of("lab", "proxy-only", "--out", out.toString());

        String printed = run.out() + run.err();
        assertThat(run.exitCode()).as(printed).isZero();
        JsonNode report = new ObjectMapper().readTree(out.resolve("steps.json").toFile());
        assertThat(report.get("passed").asBoolean()).isTrue();
        assertThat(report.get("steps")).hasSize(8).allSatisfy(step ->
                assertThat(step.get("passed").asBoolean()).as(step.toString()).isTrue());
        assertThat(printed).contains("proxy-only: 8 of 8 steps passed");
        for (String evidence : new String[] {"ruleset.nft", "nft-after.txt", "gateway-audit.jsonl", "gateway-dns.jsonl",
                "table.txt", "registry/posture.yaml"}) {
            assertThat(out.resolve(evidence)).as(evidence).isNotEmptyFile();
        }
        assertThat(Files.readString(out.resolve("nft-after.txt"))).contains("table inet warden", "10.244.2.2");
        assertThat(Netns.labNamespaces()).as("lab namespaces after the run").isEmpty();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void defaultDenyPassesEveryStepAndLeavesNothingBehind(@TempDir Path out) throws Exception {
        assertThat(Preflight.problems()).as("this host can run labs").isEmpty();

        WardenRun run = WardenRun.of("lab", "default-deny", "--out", out.toString());

        String printed = run.out() + run.err();
        assertThat(run.exitCode()).as(printed).isZero();
        JsonNode report = new ObjectMapper().readTree(out.resolve("steps.json").toFile());
        assertThat(report.get("lab").asText()).isEqualTo("default-deny");
        assertThat(report.get("passed").asBoolean()).isTrue();
        assertThat(report.get("steps")).hasSize(7).allSatisfy(step ->
                assertThat(step.get("passed").asBoolean()).as(step.toString()).isTrue());
        assertThat(printed).contains("default-deny: 7 of 7 steps passed");
        for (String evidence : new String[] {"ruleset-1.nft", "ruleset-2.nft", "ruleset-3.nft", "counters-1.txt",
                "counters-2.txt", "counters-3.txt", "registry-1/posture.yaml", "registry-3/vendor-direct.yaml",
                "gateway-dns.jsonl", "table.txt"}) {
            assertThat(out.resolve(evidence)).as(evidence).isNotEmptyFile();
        }
        assertThat(Files.readString(out.resolve("ruleset-1.nft"))).doesNotContain("elements = { 10.244.2.2 }");
        assertThat(Files.readString(out.resolve("ruleset-2.nft"))).contains("elements = { 10.244.2.2 }")
                .doesNotContain("vendor_direct");
        assertThat(Files.readString(out.resolve("ruleset-3.nft"))).contains("dst_vendor_direct", "198.18.2.2");
        assertThat(Netns.labNamespaces()).as("lab namespaces after the run").isEmpty();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void discoverPassesEveryStepAndLeavesNothingBehind(@TempDir Path out) throws Exception {
        assertThat(Preflight.problems()).as("this host can run labs").isEmpty();

        WardenRun run = WardenRun.of("lab", "discover", "--out", out.toString());

        String printed = run.out() + run.err();
        assertThat(run.exitCode()).as(printed).isZero();
        JsonNode report = new ObjectMapper().readTree(out.resolve("steps.json").toFile());
        assertThat(report.get("lab").asText()).isEqualTo("discover");
        assertThat(report.get("passed").asBoolean()).isTrue();
        assertThat(report.get("steps")).hasSize(4).allSatisfy(step ->
                assertThat(step.get("passed").asBoolean()).as(step.toString()).isTrue());
        assertThat(printed).contains("discover: 4 of 4 steps passed");
        for (String evidence : new String[] {"gateway-audit.jsonl", "gateway-dns.jsonl", "discover.txt", "proposed.yaml",
                "proposed/posture.yaml", "registry/payment-vendor.yaml", "table.txt"}) {
            assertThat(out.resolve(evidence)).as(evidence).isNotEmptyFile();
        }
        assertThat(Files.readString(out.resolve("proposed.yaml"))).contains("internet.lab.example", "mode: report-only")
                .doesNotContain("api.payment-vendor.example");
        assertThat(Netns.labNamespaces()).as("lab namespaces after the run").isEmpty();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void gatewayFailurePassesEveryStepAndLeavesNothingBehind(@TempDir Path out) throws Exception {
        assertThat(Preflight.problems()).as("this host can run labs").isEmpty();

        WardenRun run = WardenRun.of("lab", "gateway-failure", "--out", out.toString());

        String printed = run.out() + run.err();
        assertThat(run.exitCode()).as(printed).isZero();
        JsonNode report = new ObjectMapper().readTree(out.resolve("steps.json").toFile());
        assertThat(report.get("lab").asText()).isEqualTo("gateway-failure");
        assertThat(report.get("passed").asBoolean()).isTrue();
        assertThat(report.get("steps")).hasSize(7).allSatisfy(step ->
                assertThat(step.get("passed").asBoolean()).as(step.toString()).isTrue());
        assertThat(printed).contains("gateway-failure: 7 of 7 steps passed", "4 attempts", "model 4.00 attempts");
        for (String evidence : new String[] {"ruleset.nft", "nft-after.txt", "gateway-audit.jsonl", "gateway.log",
                "table.txt"}) {
            assertThat(out.resolve(evidence)).as(evidence).isNotEmptyFile();
        }
        assertThat(Netns.labNamespaces()).as("lab namespaces after the run").isEmpty();
    }

    @Test
    void anUnknownLabIsAUsageErrorNamingTheLabs() {
        WardenRun run = WardenRun.of("lab", "no-such-lab");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no lab named no-such-lab", "proxy-only", "discover", "gateway-failure")
                .doesNotContain("not done yet");
    }

    @AfterEach
    void nothingLeft() {
        Netns.cleanupStale();
    }
}
