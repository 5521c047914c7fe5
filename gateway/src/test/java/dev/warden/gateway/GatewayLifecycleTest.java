package dev.warden.gateway;

import static dev.warden.gateway.GatewayHarness.ORIGIN;
import static dev.warden.gateway.GatewayHarness.PAYMENT_WORKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloads and shutdowns while requests are in flight: nothing fails, nothing accepted is lost. */
class GatewayLifecycleTest {
    private static final int CLIENTS = 4;
    private static final int REQUESTS_PER_CLIENT = 150;
    /** More than can finish before the shutdown, so the shutdown really lands under load. */
    private static final int DRAIN_REQUESTS_PER_CLIENT = 5_000;

    GatewayHarness harness;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        harness = new GatewayHarness(dir);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private HttpClient client() throws IOException {
        return HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", harness.proxyPort())))
                .localAddress(InetAddress.getByName(PAYMENT_WORKER))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private URI origin(String path) {
        return URI.create("http://" + ORIGIN + ":" + harness.origin.httpPort() + path);
    }

    private static String traceparent(String traceId) {
        return "00-" + traceId + "-00f067aa0ba902b7-01";
    }

    @Test
    void reloadingUnderLoadFailsNoRequestAndABadRegistryIsRefused() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch running = new CountDownLatch(CLIENTS);
        List<Future<List<Integer>>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int clientNumber = c;
            clients.add(pool.submit(() -> {
                List<Integer> seen = new ArrayList<>();
                try (HttpClient client = client()) {
                    running.countDown();
                    for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                        String traceId = String.format("%016x%016x", 0xabc0 + clientNumber, i + 1);
                        seen.add(client.send(HttpRequest.newBuilder(origin("/?load=" + i))
                                        .header("traceparent", traceparent(traceId)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode());
                    }
                }
                return seen;
            }));
        }
        running.await();
        for (int round = 0; round < 4; round++) {
            harness.writeRegistry(harness.registryText(", extra" + round + ".vendor.test"));
            assertThat(harness.admin("POST", "/reload").body()).isEqualTo("reloaded\n");
        }
        harness.writeRegistry(harness.registryText("").replace("kind: EgressDependency", "kind: EgressDependancy"));
        HttpResponse<String> refused = harness.admin("POST", "/reload");
        for (Future<List<Integer>> client : clients) {
            statuses.addAll(client.get());
        }
        pool.shutdown();

        assertThat(statuses).hasSize(CLIENTS * REQUESTS_PER_CLIENT).containsOnly(200);
        List<String> loadLines = await().atMost(Duration.ofSeconds(10)).until(() -> harness.auditLines().stream()
                .map(line -> line.get("trace.id").asText()).filter(id -> id.startsWith("000000000000abc")).toList(),
                lines -> lines.size() >= CLIENTS * REQUESTS_PER_CLIENT);
        assertThat(loadLines).as("one audit line per request, no more, no less").hasSize(CLIENTS * REQUESTS_PER_CLIENT)
                .doesNotHaveDuplicates();
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).startsWith("refused; the previous registry keeps serving\n")
                .contains("kind \"EgressDependancy\" is not a Warden registry kind");
        assertThat(harness.admin("GET", "/readyz").statusCode()).isEqualTo(200);
        try (HttpClient client = client()) {
            HttpResponse<String> stillServing = client.send(
                    HttpRequest.newBuilder(URI.create("http://extra3.vendor.test:" + harness.origin.httpPort() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(stillServing.statusCode()).as("extra3 came with the last good registry, which still serves")
                    .isEqualTo(200);
        }
    }

    @Test
    void aShutdownUnderLoadLosesNoAuditLineOfAnAnsweredRequest() throws Exception {
        ConcurrentLinkedQueue<String> answered = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch running = new CountDownLatch(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int clientNumber = c;
            clients.add(pool.submit(() -> {
                try (HttpClient client = client()) {
                    running.countDown();
                    for (int i = 0; i < DRAIN_REQUESTS_PER_CLIENT; i++) {
                        String traceId = String.format("%016x%016x", clientNumber + 1, i + 1);
                        try {
                            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(origin("/?drain=" + i))
                                    .header("traceparent", traceparent(traceId)).build(), HttpResponse.BodyHandlers.discarding());
                            if (response.statusCode() == 200) {
                                answered.add(traceId);
                            }
                        } catch (IOException refusedAfterShutdown) {
                            return null;
                        }
                    }
                }
                return null;
            }));
        }
        running.await();
        await().atMost(Duration.ofSeconds(20)).until(() -> answered.size() >= 40);

        harness.gateway.close();
        for (Future<?> client : clients) {
            client.get();
        }
        pool.shutdown();
        harness.gateway = null;

        Set<String> audited = new HashSet<>();
        for (JsonNode line : harness.auditLines()) {
            audited.add(line.get("trace.id").asText());
        }
        assertThat(answered).isNotEmpty();
        assertThat(answered.size()).as("the shutdown came while requests were still being sent")
                .isLessThan(CLIENTS * DRAIN_REQUESTS_PER_CLIENT);
        assertThat(audited).containsAll(answered);
    }
}
