package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code warden capacity} run in-process on the bundled examples, as a user runs it. */
class CapacityCommandTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "capacity");
    private static final String STORM = EXAMPLES.resolve("vendor-10k-pods.yaml").toString();
    private static final String FIXED = EXAMPLES.resolve("vendor-10k-pods-fixed.yaml").toString();

    @Test
    void theSeedsTenThousandPodsExhaustOneNatIpInAStormAndExitOne() {
        WardenRun result = WardenRun.of("capacity", STORM);

        assertThat(result.exitCode()).isEqualTo(Warden.EXIT_FINDINGS);
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).contains(
                "verdict: OVER CAPACITY (minHeadroom 20%)",
                "api.payment-vendor.example:443/TCP  500    60.3 s  30,150",
                "first to run out: connections per destination per NAT IP for api.payment-vendor.example:443/TCP, at x1.82"
                        + " the request rate (912 requests/s in all)",
                "time to exhaustion: 27 s after the failure starts",
                "1. add 1 NAT IP (2 in all)",
                "\"NAT gateway basics - Amazon Virtual Private Cloud\"");
    }

    @Test
    void theFixedScenarioIsWithinCapacityAndExitsZero() {
        WardenRun result = WardenRun.of("capacity", FIXED);

        assertThat(result.exitCode()).isEqualTo(Warden.EXIT_OK);
        assertThat(result.out()).contains("verdict: within capacity", "time to exhaustion: not exhausted", "none needed");
    }

    @Test
    void headroomBelowTheThresholdExitsOne() {
        WardenRun result = WardenRun.of("capacity", FIXED, "--min-headroom", "75%");

        assertThat(result.exitCode()).isEqualTo(Warden.EXIT_FINDINGS);
        assertThat(result.out()).contains("is at 27%, above the 25% threshold (minHeadroom 75%)");
    }

    @Test
    void jsonCarriesTheNumbers() throws Exception {
        WardenRun result = WardenRun.of("capacity", STORM, "--format", "json");

        assertThat(result.exitCode()).isEqualTo(Warden.EXIT_FINDINGS);
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.at("/verdict/withinCapacity").asBoolean()).isFalse();
        assertThat(json.at("/tuples/0/portsInUse").asDouble()).isEqualTo(30_150);
        assertThat(json.at("/firstToRunOut/resource").asText()).isEqualTo("connections-per-destination");
        assertThat(json.at("/firstToRunOut/capacity").asDouble()).isEqualTo(55_000);
        assertThat(json.at("/storms/0/exhaustedAfterSeconds").asDouble()).isEqualTo(27);
        assertThat(json.at("/storms/0/curve").size()).isGreaterThan(100);
        assertThat(json.at("/recommendations/0/kind").asText()).isEqualTo("add-nat-ips");
        assertThat(json.at("/presets/0/derived/connectionsPerDestination").asInt()).isEqualTo(55_000);
        assertThat(json.at("/presets/0/numbers/0/source/page").asText())
                .isEqualTo("NAT gateway basics - Amazon Virtual Private Cloud");
    }

    @Test
    void htmlGoesToTheOutFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("capacity.html");
        WardenRun result = WardenRun.of("capacity", STORM, "--format", "html", "--out", out.toString());

        assertThat(result.exitCode()).isEqualTo(Warden.EXIT_FINDINGS);
        assertThat(result.out()).isEmpty();
        String html = Files.readString(out);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg xmlns=\"http://www.w3.org/2000/svg\"",
                "<polyline class=\"held\"", ">time (s)</text>", ">ports held</text>");
    }

    @Test
    void aBrokenScenarioListsItsProblemsAtTheirFieldsAndExitsTwo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, """
                apiVersion: warden.dev/v1alpha1
                kind: CapacityScenario
                metadata: {name: broken}
                spec:
                  destinations: [{name: vendor, host: api.vendor.example}]
                  workloads:
                    - {name: caller, replicas: 10, destination: vendor, requestsPerSecond: 1,
                       connections: {reuse: per-request, lifetime: 1s}}
                  egress: {preset: gcp-cloud-nat, minPortsPerVM: 128}
                """);
        WardenRun result = WardenRun.of("capacity", file.toString());

        assertThat(result.exitCode()).isEqualTo(Warden.EXIT_USAGE);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo(file + ":9:35: error: unknown field \"minPortsPerVM\" in spec.egress; did you"
                + " mean \"minPortsPerVm\"? [scenario-unknown-field]\n1 error in " + file + "\n");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(WardenRun.of("capacity", "no-such-scenario.yaml").exitCode()).isEqualTo(Warden.EXIT_USAGE);
        assertThat(WardenRun.of("capacity", STORM, "--format", "pdf").exitCode()).isEqualTo(Warden.EXIT_USAGE);
        WardenRun headroom = WardenRun.of("capacity", STORM, "--min-headroom", "lots");
        assertThat(headroom.exitCode()).isEqualTo(Warden.EXIT_USAGE);
        assertThat(headroom.err()).contains("--min-headroom lots: write a share from 0% to 99%");
        WardenRun metrics = WardenRun.of("capacity", STORM, "--from-metrics", "http://127.0.0.1:1/metrics");
        assertThat(metrics.exitCode()).isEqualTo(Warden.EXIT_USAGE);
        assertThat(metrics.err()).startsWith("warden: --from-metrics http://127.0.0.1:1/metrics: ");
    }

    @Test
    void fromMetricsUsesTheGatewaysObservedConnections() throws Exception {
        String body = "# TYPE warden_upstream_connections_open gauge\n"
                + "warden_upstream_connections_open{destination_ip=\"203.0.113.10\",destination_port=\"443\","
                + "rule=\"payment-vendor\"} 1500.0\n# TYPE warden_tunnels_active gauge\nwarden_tunnels_active 1500.0\n";
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
            WardenRun result = WardenRun.of("capacity", FIXED, "--from-metrics", url);

            // 1,500 open instead of 150: ten times the rate, 301,500 ports against 110,000.
            assertThat(result.exitCode()).isEqualTo(Warden.EXIT_FINDINGS);
            assertThat(result.out()).contains("observed: payment-vendor: 1,500 open connections observed"
                    + " (warden_upstream_connections_open) in place of 150 computed; demand x10.00", "301,500");
        } finally {
            server.stop(0);
        }
    }
}
