package dev.warden.capacity.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import dev.warden.capacity.model.Limits;
import dev.warden.capacity.scenario.Destination;
import dev.warden.capacity.scenario.Scenario;
import dev.warden.capacity.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * --from-metrics: the Prometheus text of a real gateway scrape (taken from {@code warden gateway}'s
 * /metrics, with the per-destination gauge added as the gateway is asked to export it), served
 * from 127.0.0.1, parsed, and put in place of the computed connections.
 */
class MetricsTest {
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private URI serve(String path, int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static String sample(String name) throws IOException {
        return Files.readString(Path.of("src/test/resources/metrics", name));
    }

    @Test
    void parsesARealGatewayScrape() throws IOException {
        List<Sample> samples = PrometheusText.parse(sample("gateway-scrape.txt"));
        assertThat(samples).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("warden_tunnels_active");
            assertThat(s.value()).isZero();
        });
        assertThat(samples).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("warden_decisions_total");
            assertThat(s.labels()).isEqualTo(Map.of("rule", "none", "verdict", "deny"));
        });
        assertThat(samples).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("warden_upstream_connect_seconds_bucket");
            assertThat(s.label("le")).isEqualTo("+Inf");
        });
    }

    @Test
    void parsesEscapesSpecialValuesAndTimestamps() {
        List<Sample> samples = PrometheusText.parse("""
                # a comment
                a_metric{path="C:\\\\dir",quote="say \\"hi\\"",nl="x\\ny"} +Inf 1712345678000
                b NaN
                c{le="0.5",} -1.5e3
                """);
        assertThat(samples.get(0).labels()).containsEntry("path", "C:\\dir").containsEntry("quote", "say \"hi\"")
                .containsEntry("nl", "x\ny");
        assertThat(samples.get(0).value()).isInfinite();
        assertThat(samples.get(1).value()).isNaN();
        assertThat(samples.get(2).value()).isEqualTo(-1500);
        assertThatThrownBy(() -> PrometheusText.parse("ok 1\nbroken{x=\"1\" 2\n"))
                .hasMessageStartingWith("line 2: ");
    }

    @Test
    void fetchesOverHttpFromLoopbackAndReportsErrors() throws IOException {
        URI url = serve("/metrics", 200, sample("gateway-scrape.txt"));
        assertThat(MetricsSource.fetch(url, Duration.ofSeconds(5))).startsWith("# HELP warden_audit_dropped");
        server.stop(0);
        URI missing = serve("/other", 200, "x 1\n");
        assertThatThrownBy(() -> MetricsSource.fetch(missing.resolve("/metrics"), Duration.ofSeconds(5)))
                .hasMessageContaining("HTTP 404");
        assertThatThrownBy(() -> MetricsSource.fetch(URI.create("file:///etc/passwd"), Duration.ofSeconds(1)))
                .hasMessageContaining("only http and https");
    }

    @Test
    void observedOpenConnectionsReplaceTheComputedOnes() throws IOException {
        Scenario scenario = ScenarioLoader.load(Path.of("../examples/capacity/vendor-10k-pods.yaml")).scenario();
        URI url = serve("/metrics", 200, sample("gateway-scrape-per-destination.txt"));
        List<Sample> samples = PrometheusText.parse(MetricsSource.fetch(url, Duration.ofSeconds(5)));

        Observed.Applied applied = Observed.apply(scenario, samples, 1);
        // 150 connections are open by the scenario's numbers (500/s x 300 ms); 24,000 were observed: x160.
        assertThat(applied.observations()).singleElement().asString()
                .contains("24,000 open connections observed (warden_upstream_connections_open)", "150 computed", "x160.00");
        assertThat(applied.scenario().workloads().get(0).requestsPerSecond()).isEqualTo(0.05 * 160, within(1e-9));
        // Ports in use follow: 80,000 new connections/s... x 60.3 s.
        assertThat(Limits.portsInUse(applied.scenario(), applied.scenario().destinations().get(0)))
                .isEqualTo(30_150 * 160.0, within(1e-3));
    }

    @Test
    void aDestinationWithAddressesMatchesTheGaugeByAddressAndPortOnly() {
        Destination vendor = new Destination("payment-vendor", "api.payment-vendor.example", 443, Destination.Protocol.TCP, 2,
                List.of("203.0.113.10", "203.0.113.11"), "payment-vendor", false);
        Map<String, String> tuple = Map.of("rule", "other-record", "destination_ip", "203.0.113.11",
                "destination_port", "443");
        assertThat(Observed.matches(new Sample(Observed.OPEN, tuple, 1), vendor)).isTrue();
        assertThat(Observed.matches(new Sample(Observed.OPEN, Map.of("rule", "payment-vendor",
                "destination_ip", "198.51.100.7", "destination_port", "443"), 1), vendor)).isFalse();
        assertThat(Observed.matches(new Sample(Observed.OPEN, Map.of("rule", "payment-vendor",
                "destination_ip", "203.0.113.10", "destination_port", "8443"), 1), vendor)).isFalse();
    }

    @Test
    void withoutThePerDestinationGaugeTheTunnelCountStandsInForASingleDestination() throws IOException {
        Scenario scenario = ScenarioLoader.load(Path.of("../examples/capacity/vendor-10k-pods.yaml")).scenario();
        List<Sample> samples = PrometheusText.parse(sample("gateway-scrape.txt").replace("warden_tunnels_active 0.0",
                "warden_tunnels_active 300.0"));
        Observed.Applied applied = Observed.apply(scenario, samples, 1);
        assertThat(applied.observations()).singleElement().asString().contains("300 open connections observed ("
                + Observed.TUNNELS + ")", "x2.00");
    }
}
