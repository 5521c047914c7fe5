package dev.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged gateway as an operating system process, stopped with SIGTERM while four clients
 * keep sending: it must exit by itself, and every request a client got an answer for must have
 * its audit line in the file.
 */
class GatewaySigtermIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final int CLIENTS = 4;
    private static final int MAX_REQUESTS_PER_CLIENT = 5_000;

    @Test
    void sigtermUnderLoadLosesNoAuditLine(@TempDir Path dir) throws Exception {
        HttpServer origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        origin.createContext("/", exchange -> {
            byte[] body = "ok\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        origin.setExecutor(Executors.newFixedThreadPool(4));
        origin.start();
        int originPort = origin.getAddress().getPort();
        Path registry = Files.createDirectories(dir.resolve("registry"));
        Files.copy(ROOT.resolve("examples/local/posture.yaml"), registry.resolve("posture.yaml"));
        Files.writeString(registry.resolve("status.yaml"), Files.readString(ROOT.resolve("examples/local/status-api.yaml"))
                .replace("{port: 8080}", "{port: " + originPort + "}")
                .replace("limits: {maxConnections: 20, connectionsPerSecond: 50}", "mode: enforce"));
        Path audit = dir.resolve("audit.jsonl");
        int proxyPort = freePort();
        Process gateway = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
                ROOT.resolve("cli/target/warden.jar").toString(), "gateway", "--registry", registry.toString(),
                "--hosts", ROOT.resolve("examples/local/hosts").toString(), "--listen", "127.0.0.1:" + proxyPort,
                "--admin", "127.0.0.1:" + freePort(), "--audit", audit.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("gateway.log").toFile())
                .start();
        ConcurrentLinkedQueue<String> answered = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            waitForListener(proxyPort, gateway);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> load(proxyPort, originPort, client, answered)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (answered.size() < 200 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            gateway.destroy(); // SIGTERM
            boolean exited = gateway.waitFor(60, TimeUnit.SECONDS);
            for (Future<?> client : clients) {
                client.get(60, TimeUnit.SECONDS);
            }

            assertThat(exited).as("the gateway exits by itself after SIGTERM").isTrue();
            assertThat(Files.readString(dir.resolve("gateway.log"))).contains("warden gateway stopped");
            assertThat(answered).hasSizeGreaterThanOrEqualTo(200).hasSizeLessThan(CLIENTS * MAX_REQUESTS_PER_CLIENT);
            Set<String> audited = new HashSet<>();
            ObjectMapper json = new ObjectMapper();
            for (String line : Files.readAllLines(audit)) {
                audited.add(json.readTree(line).get("trace.id").asText());
            }
            assertThat(audited).containsAll(answered);
        } finally {
            gateway.destroyForcibly();
            pool.shutdownNow();
            origin.stop(0);
        }
    }

    private static Void load(int proxyPort, int originPort, int client, ConcurrentLinkedQueue<String> answered)
            throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxyPort)))
                .localAddress(InetAddress.getByName("127.0.0.2"))
                .connectTimeout(Duration.ofSeconds(5))
                .build()) {
            for (int i = 0; i < MAX_REQUESTS_PER_CLIENT; i++) {
                String traceId = String.format("%016x%016x", client + 1, i + 1);
                try {
                    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                                    URI.create("http://status.payment-vendor.test:" + originPort + "/?i=" + i))
                            .timeout(Duration.ofSeconds(10))
                            .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        answered.add(traceId);
                    }
                } catch (IOException stopped) {
                    return null;
                }
            }
        }
        return null;
    }

    private static void waitForListener(int port, Process gateway) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && gateway.isAlive()) {
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the gateway did not start listening on " + port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
