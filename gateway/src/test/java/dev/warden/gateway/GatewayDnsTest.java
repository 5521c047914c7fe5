package dev.warden.gateway;

import static dev.warden.gateway.GatewayHarness.ORIGIN;
import static dev.warden.gateway.GatewayHarness.PAYMENT_WORKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.dns.DnsConfig;
import dev.warden.dns.fixtures.Dig;
import dev.warden.gateway.fixtures.Curl;
import dev.warden.gateway.fixtures.CurlResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * warden gateway --dns: one process answers the workload's DNS and proxies its request, both
 * decided on the same registry, and the query line joins the audit line on workload and name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayDnsTest {
    private final ObjectMapper json = new ObjectMapper();
    private GatewayHarness harness;
    private GatewayServer gateway;
    private Path dnsLog;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        harness = new GatewayHarness(dir);
        Path zone = dir.resolve("gateway.zone");
        Files.writeString(zone, "$TTL 60\n" + ORIGIN + ". IN A 127.0.0.1\n");
        dnsLog = dir.resolve("dns.jsonl");
        DnsConfig defaults = DnsConfig.defaults(new InetSocketAddress("127.0.0.1", 0));
        DnsConfig dns = new DnsConfig(defaults.listen(), null, zone, dnsLog.toString(), "test-gateway", defaults.denied(),
                defaults.anyQueries(), defaults.ttlFloor(), defaults.ttlCeiling(), defaults.negativeTtlCeiling(),
                defaults.upstreamTimeout(), 100, 100, 1024 * 1024, 2, null);
        gateway = GatewayServer.start(harness.config(false, null, null, null, dns), Clock.systemUTC());
    }

    @AfterAll
    void stop() throws Exception {
        gateway.close();
        harness.close();
    }

    @Test
    void a_lookup_and_the_request_that_follows_join_on_workload_and_name() throws Exception {
        Dig.Answer answer = Dig.query(PAYMENT_WORKER, gateway.dnsAddress(), ORIGIN);
        CurlResult result = Curl.request("http://" + ORIGIN + ":" + harness.origin.httpPort() + "/")
                .sourceAddress(PAYMENT_WORKER).proxy(gateway.listenAddress().getPort()).run();

        assertThat(answer.rdata()).containsExactly("127.0.0.1");
        assertThat(result.httpStatus()).as(result.toString()).isEqualTo(200);
        JsonNode query = await().atMost(Duration.ofSeconds(5)).until(() -> find(dnsLog, "dns.question.name"),
                line -> line != null);
        JsonNode request = await().atMost(Duration.ofSeconds(5)).until(() -> find(harness.auditFile, "destination.domain"),
                line -> line != null);
        for (String field : List.of("kubernetes.namespace", "kubernetes.pod.name", "kubernetes.workload",
                "kubernetes.service_account", "kubernetes.node.name", "source.ip", "observer.name")) {
            assertThat(query.get(field)).as(field).isEqualTo(request.get(field));
        }
        assertThat(query.get("warden.rule").asText()).isEqualTo(request.get("warden.rule").asText());
        assertThat(Instant.parse(query.get("@timestamp").asText()))
                .isBeforeOrEqualTo(Instant.parse(request.get("@timestamp").asText()));
    }

    @Test
    void the_gateway_serves_the_observations_on_its_admin_port() throws Exception {
        Dig.query(PAYMENT_WORKER, gateway.dnsAddress(), ORIGIN);

        String page;
        try (HttpClient client = HttpClient.newHttpClient()) {
            page = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.adminAddress().getPort()
                    + "/observations")).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
        assertThat(page).contains("\"name\" : \"" + ORIGIN + "\"").contains("\"workload\" : \"payments/payment-worker\"");
    }

    /** The payment worker's last line whose {@code field} names the origin. */
    private JsonNode find(Path file, String field) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        List<JsonNode> matches = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode node = json.readTree(line);
            if (ORIGIN.equals(node.path(field).asText()) && "payment-worker".equals(node.path("kubernetes.workload").asText())) {
                matches.add(node);
            }
        }
        return matches.isEmpty() ? null : matches.getLast();
    }
}
