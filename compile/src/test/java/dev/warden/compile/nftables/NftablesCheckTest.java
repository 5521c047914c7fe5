package dev.warden.compile.nftables;

import static org.assertj.core.api.Assertions.assertThat;

import static dev.warden.compile.nftables.TestRegistries.natRecord;

import dev.warden.model.registry.Registry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every example's script passes the real parser: {@code nft -c -f} checks syntax and types
 * against the kernel without loading anything. A missing {@code nft} fails the test: CI installs
 * nftables, and a skipped check would let a broken script through.
 */
class NftablesCheckTest {
    static final List<String> EXAMPLES = TestRegistries.EXAMPLES;

    @ParameterizedTest
    @FieldSource("EXAMPLES")
    void theExamplesScriptPassesNftCheck(String example, @TempDir Path directory) throws Exception {
        Path script = directory.resolve(example + ".nft");
        Files.writeString(script, NftablesTarget.compile(TestRegistries.example(example)).script(), StandardCharsets.UTF_8);

        NftResult result = nftCheck(script);

        assertThat(result.exitCode()).as("nft -c -f %s said:%n%s", example, result.output()).isZero();
    }

    /** What the examples do not exercise: IPv6, anyPublic, report-only, the mesh, a name too long for nft. */
    @Test
    void everyKindOfRuleTheTargetWritesPassesNftCheck(@TempDir Path directory) throws Exception {
        String dualStack = TestRegistries.posture("""
                  nat: {egressIps: [198.51.100.20, 2001:db8::20]}
                  mesh: {kind: istio, egressGateway: {namespace: istio-system, podSelector: {matchLabels: {istio: egressgateway}}}}
                """).replace("podCidrs: [10.244.0.0/16]", "podCidrs: [10.244.0.0/16, fd10:244::/56]")
                .replace("addresses: [10.96.0.10]", "addresses: [10.96.0.10, fd10:96::a]");
        String longName = "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + "." + "d-".repeat(34) + "e";
        Registry registry = TestRegistries.of(dualStack,
                natRecord("webhooks", "anyPublic: {reason: customer URLs}\nports: [{port: 443}, {port: 8000, endPort: 8100}]"),
                natRecord("trial", "cidrs: [192.0.2.0/24, 2001:db8:1::/48]\nports: [{port: 53, protocol: UDP}, {port: 9, protocol: SCTP}]")
                        + "  mode: report-only\n",
                natRecord(longName, "hosts: [api.vendor.example]\nports: [{port: 443}]"),
                natRecord("mesh-api", "hosts: [api.mesh.example]\nports: [{port: 443}]").replace("path: nat", "path: mesh-egress-gateway"));
        Path script = directory.resolve("everything.nft");
        Files.writeString(script, NftablesTarget.compile(registry).script(), StandardCharsets.UTF_8);

        NftResult result = nftCheck(script);

        assertThat(result.exitCode()).as("nft -c -f said:%n%s", result.output()).isZero();
    }

    @ParameterizedTest
    @FieldSource("EXAMPLES")
    void aScriptThatNftRefusesFailsTheCheck(String example, @TempDir Path directory) throws Exception {
        Path script = directory.resolve(example + ".nft");
        String broken = NftablesTarget.compile(TestRegistries.example(example)).script()
                .replace("policy drop;", "policy dorp;");
        Files.writeString(script, broken, StandardCharsets.UTF_8);

        assertThat(nftCheck(script).exitCode()).as("the check can fail").isNotZero();
    }

    record NftResult(int exitCode, String output) {}

    static NftResult nftCheck(Path script) throws IOException, InterruptedException {
        Process nft = new ProcessBuilder("nft", "-c", "-f", script.toString()).redirectErrorStream(true).start();
        try {
            if (!nft.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("nft -c did not finish within 30 seconds");
            }
            return new NftResult(nft.exitValue(), new String(nft.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            nft.destroyForcibly();
        }
    }
}
