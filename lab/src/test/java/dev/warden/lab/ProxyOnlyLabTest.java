package dev.warden.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.lab.net.Netns;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy-only lab, end to end, on this host: namespaces, the compiled ruleset in the node, the
 * real gateway jar, nginx, and the probes. Requires root and the tools {@link Preflight} lists;
 * a missing one fails the test. Whatever happens, no lab namespace is left afterwards.
 */
class ProxyOnlyLabTest {
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void everyStepPassesAndNothingIsLeftBehind(@TempDir Path out) throws Exception {
        assertThat(Preflight.problems()).as("this host can run labs").isEmpty();
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();

        int status = LabRunner.run("proxy-only", false, out, new PrintWriter(stdout, true), new PrintWriter(stderr, true));

        String printed = stdout + stderr.toString();
        System.out.println(printed);
        assertThat(status).as(printed).isZero();
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
    void anUnknownLabIsAUsageError() {
        StringWriter stderr = new StringWriter();
        int status = LabRunner.run("no-such-lab", false, null, new PrintWriter(new StringWriter(), true),
                new PrintWriter(stderr, true));
        assertThat(status).isEqualTo(LabRunner.UNKNOWN_LAB);
        assertThat(stderr.toString()).contains("no lab named no-such-lab", "proxy-only", "not done yet");
    }

    @AfterEach
    void nothingLeft() {
        Netns.cleanupStale();
    }
}
