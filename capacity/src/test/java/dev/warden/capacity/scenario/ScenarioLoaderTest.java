package dev.warden.capacity.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.capacity.preset.AwsNatGateway;
import dev.warden.capacity.preset.GcpCloudNat;
import dev.warden.capacity.preset.WardenGateway;
import dev.warden.model.finding.Finding;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scenario problems are reported all at once as file:line:col naming the field. */
class ScenarioLoaderTest {

    @Test
    void everyProblemIsReportedAtItsFieldWithAPosition() {
        ScenarioLoader.Result result = ScenarioLoader.load(Path.of("src/test/resources/scenarios/broken.yaml"));
        String file = "src/test/resources/scenarios/broken.yaml";

        assertThat(result.ok()).isFalse();
        assertThat(result.findings()).extracting(Finding::toString).containsExactly(
                file + ":8:13: error: spec.destinations[0].port: 70000 is out of range; allowed 1 to 65,535 [scenario-invalid-value]",
                file + ":10:7: error: spec.workloads[0].replicas: missing; give a whole number [scenario-missing-field]",
                file + ":11:7: error: unknown field \"replcas\" in spec.workloads[0]; did you mean \"replicas\"? [scenario-unknown-field]",
                file + ":12:20: error: spec.workloads[0].destination: no destination is named \"vendr\"; did you mean \"vendor\"?"
                        + " [scenario-unknown-destination]",
                file + ":14:51: error: spec.workloads[0].connections.lifetime: \"2 s\" contains whitespace; write the duration"
                        + " without spaces, such as 1m30s [scenario-invalid-value]",
                file + ":15:28: error: spec.workloads[0].retry.maxAttempts: 0 is out of range; allowed 1 to 20 [scenario-invalid-value]",
                file + ":15:39: error: spec.workloads[0].retry.jitter: \"fulll\" is not one of none, full, equal; did you mean"
                        + " \"full\"? [scenario-invalid-value]",
                file + ":16:23: error: spec.workloads[0].failure.rate: 150% is out of range; allowed 0% to 100% [scenario-invalid-value]",
                file + ":18:13: error: spec.egress.preset: \"aws-nat-gatway\" is not a preset; did you mean \"aws-nat-gateway\"?"
                        + " [scenario-unknown-preset]");
    }

    @Test
    void theExampleLoads() {
        ScenarioLoader.Result result = ScenarioLoader.load(Path.of("../examples/capacity/vendor-10k-pods.yaml"));
        assertThat(result.findings()).isEmpty();
        Scenario scenario = result.scenario();
        assertThat(scenario.name()).isEqualTo("vendor-10k-pods");
        assertThat(scenario.nat()).isEqualTo(AwsNatGateway.defaults(1));
        Workload workload = scenario.workloads().get(0);
        assertThat(workload.nodes()).isEqualTo(500);
        assertThat(workload.connections().lifetime()).isEqualTo(0.3);
        assertThat(workload.retry().delay(2)).isEqualTo(0.2);
        assertThat(workload.failure().endsAt()).isEqualTo(180);
    }

    @Test
    void aPathOfGatewayAndNatAndPresetOptions() {
        ScenarioLoader.Result result = read("""
                egress:
                  path:
                    - {preset: warden-gateway, replicas: 3, maxConnections: 500, connectionsPerSecond: 50}
                    - {preset: gcp-cloud-nat, natIps: 2, minPortsPerVm: 1000, tcpTimeWait: 30s}
                """);
        assertThat(result.findings()).isEmpty();
        assertThat(result.scenario().gateway()).isEqualTo(WardenGateway.of(3, 500, 50.0));
        GcpCloudNat nat = (GcpCloudNat) result.scenario().nat();
        assertThat(nat.minPortsPerVm()).isEqualTo(1024);
        assertThat(nat.tcpTimeWait()).isEqualTo(30);
        assertThat(nat.natIps()).isEqualTo(2);
    }

    @Test
    void presetLimitsAreCheckedAgainstTheProvidersNumbers() {
        List<String> messages = read("""
                egress: {preset: aws-nat-gateway, natIps: 9, minPortsPerVm: 64}
                """).findings().stream().map(Finding::message).toList();
        assertThat(messages).containsExactly(
                "spec.egress.natIps: an AWS NAT gateway takes at most 8 IPv4 addresses (NAT gateway basics); model more as"
                        + " separate gateways",
                "unknown field \"minPortsPerVm\" in spec.egress; known fields: preset, natIps, holdAfterClose");
    }

    @Test
    void theGatewayComesFirst() {
        List<String> messages = read("""
                egress:
                  path:
                    - {preset: aws-nat-gateway}
                    - {preset: warden-gateway, replicas: 2}
                """).findings().stream().map(Finding::message).toList();
        assertThat(messages).containsExactly(
                "spec.egress.path[1].preset: the Warden gateway is the first hop of the path, and there is one");
    }

    private static ScenarioLoader.Result read(String egress) {
        String yaml = """
                apiVersion: warden.dev/v1alpha1
                kind: CapacityScenario
                metadata: {name: t}
                spec:
                  destinations: [{name: vendor, host: api.vendor.example}]
                  workloads:
                    - {name: caller, replicas: 10, destination: vendor, requestsPerSecond: 1,
                       connections: {reuse: per-request, lifetime: 1s}}
                """ + egress.lines().map(line -> "  " + line).reduce("", (a, b) -> a + b + "\n");
        return ScenarioLoader.read("t.yaml", new StringReader(yaml));
    }
}
